import path from 'node:path';
import { createFileBlobStore, createServiceApp, type BlobStore, type ServiceApp, type ServiceAppOptions } from '@switchboard/service-kit';
import type { JWTVerifyGetKey } from 'jose';
import { buildStorePlugin } from './build-store.plugin';
import { frameOriginsRepositoryPlugin } from './frame-origins/frame-origins.repository';
import { frameOriginsRoutes } from './frame-origins/frame-origins.routes';
import { registryEntities } from './entities';
import { registryMigrations } from './migrations';
import { layoutsRepositoryPlugin } from './pages/layouts.repository';
import { pagesRepositoryPlugin } from './pages/pages.repository';
import { publisherPlugin } from './publish/publisher';
import { assetsRoutes } from './routes/assets.routes';
import { connectRoutes } from './routes/connect.routes';
import { sdkRoutes } from './routes/sdk.routes';
import { pagesRoutes } from './routes/pages.routes';
import { publishRoutes } from './routes/publish.routes';
import { widgetsRoutes } from './routes/widgets.routes';
import { registrySeedPlugin } from './seed/seed-registry';
import type { RegistrySettings } from './settings';
import { releasesRepositoryPlugin } from './widgets/releases.repository';
import { versionsRepositoryPlugin } from './widgets/versions.repository';
import { widgetsRepositoryPlugin } from './widgets/widgets.repository';

/** What the registry service needs; server.ts reads these from the environment. */
export interface RegistryAppOptions {
  /** postgres:// URL; the service keeps its tables in the `registry` schema. */
  databaseUrl: string;
  /** Connection pool size (1 for embedded PostgreSQL). */
  poolSize?: number;
  /** Pino options, or false for silence (tests). */
  logger?: ServiceAppOptions['logger'];
  /** Token verification keys: the identity service's JWKS in production. */
  getKey: JWTVerifyGetKey;
  /** Folder for uploaded build files (kept in `<dataDir>/blobs`) when no `buildStore` is given. */
  dataDir: string;
  /** Where uploaded build files are kept, e.g. S3 (`BLOB_STORE`), so that replicas need no shared volume. */
  buildStore?: BlobStore;
  /** Public URL under which browsers fetch `/assets/...`, e.g. `http://127.0.0.1:8081/registry`. */
  assetBaseUrl: string;
  /** Environment used when a request names none (default `production`). */
  environment?: string;
  /** Most files in one uploaded build (default 200). */
  maxBuildFiles?: number;
  /** Most bytes of one uploaded build (default 50 MB). */
  maxBuildBytes?: number;
  /** Longest wait for each request when registering a build by URL, in ms (default 10 s). */
  fetchTimeoutMs?: number;
  /** Origins a build may be registered from by URL, e.g. `https://cdn.example.com` (default none: upload only). */
  fetchOrigins?: string[];
  /** Folder of the SDK tarballs served at `GET /sdk/:file` (default none: every one is 404). */
  sdkPackagesDir?: string;
  /** Built widget folders (each a dist/ with widget.json) to publish and activate at start. */
  seedWidgets?: string[];
  /** Create the email detail page's default layout at start when there is none. */
  seedLayouts?: boolean;
}

/** Builds the registry service (migrations applied, seeds run on ready); it does not listen. */
export async function buildApp(options: RegistryAppOptions): Promise<ServiceApp> {
  const app = await createServiceApp({
    name: 'registry',
    logger: options.logger,
    auth: { audience: 'registry', getKey: options.getKey },
    orm: {
      databaseUrl: options.databaseUrl,
      schema: 'registry',
      entities: registryEntities,
      migrations: registryMigrations,
      poolSize: options.poolSize,
    },
  });
  const settings: RegistrySettings = {
    environment: options.environment ?? 'production',
    assetBaseUrl: options.assetBaseUrl.replace(/\/+$/, ''),
  };
  const buildLimits = { maxFiles: options.maxBuildFiles ?? 200, maxBytes: options.maxBuildBytes ?? 50 * 1024 * 1024 };
  const fetchLimits = {
    allowedOrigins: new Set((options.fetchOrigins ?? []).map((origin) => new URL(origin).origin)),
    timeoutMs: options.fetchTimeoutMs ?? 10_000,
    maxManifestBytes: 1024 * 1024,
    maxEntryBytes: 10 * 1024 * 1024,
  };
  await app.register(buildStorePlugin, { store: options.buildStore ?? createFileBlobStore(path.join(options.dataDir, 'blobs')) });
  await app.register(versionsRepositoryPlugin);
  await app.register(releasesRepositoryPlugin);
  await app.register(layoutsRepositoryPlugin);
  await app.register(widgetsRepositoryPlugin, settings);
  await app.register(pagesRepositoryPlugin, settings);
  await app.register(publisherPlugin, { buildLimits, fetchLimits, assetBaseUrl: settings.assetBaseUrl });
  await app.register(publishRoutes, { buildLimits });
  await app.register(widgetsRoutes);
  await app.register(connectRoutes, settings);
  await app.register(assetsRoutes);
  await app.register(sdkRoutes, { dir: options.sdkPackagesDir });
  await app.register(pagesRoutes);
  await app.register(frameOriginsRepositoryPlugin);
  await app.register(frameOriginsRoutes);
  const widgetDirs = options.seedWidgets ?? [];
  if (widgetDirs.length > 0 || options.seedLayouts) {
    await app.register(registrySeedPlugin, { widgetDirs, layouts: options.seedLayouts ?? false, environment: settings.environment });
  }
  return app;
}
