import path from 'node:path';
import { createFileBlobStore, createServiceApp, type ServiceApp, type ServiceAppOptions } from '@switchboard/service-kit';
import type { JWTVerifyGetKey } from 'jose';
import { registryEntities } from './entities';
import { registryMigrations } from './migrations';
import { registryPlugin, type RegistryConfig } from './registry';
import { assetsRoutes } from './routes/assets.routes';
import { pagesRoutes } from './routes/pages.routes';
import { publishRoutes } from './routes/publish.routes';
import { widgetsRoutes } from './routes/widgets.routes';
import { seedRegistry } from './seed/seed-registry';

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
  /** Folder for uploaded build files (kept in `<dataDir>/blobs`). */
  dataDir: string;
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
  const config: RegistryConfig = {
    environment: options.environment ?? 'production',
    assetBaseUrl: options.assetBaseUrl.replace(/\/+$/, ''),
    store: createFileBlobStore(path.join(options.dataDir, 'blobs')),
    buildLimits: { maxFiles: options.maxBuildFiles ?? 200, maxBytes: options.maxBuildBytes ?? 50 * 1024 * 1024 },
    fetchLimits: {
      allowedOrigins: new Set((options.fetchOrigins ?? []).map((origin) => new URL(origin).origin)),
      timeoutMs: options.fetchTimeoutMs ?? 10_000,
      maxManifestBytes: 1024 * 1024,
      maxEntryBytes: 10 * 1024 * 1024,
    },
  };
  await app.register(registryPlugin, config);
  await app.register(publishRoutes);
  await app.register(widgetsRoutes);
  await app.register(assetsRoutes);
  await app.register(pagesRoutes);
  const seedWidgets = options.seedWidgets ?? [];
  if (seedWidgets.length > 0 || options.seedLayouts) {
    app.addHook('onReady', async () => {
      const seeded = await seedRegistry(app.orm.em.fork(), config, { widgetDirs: seedWidgets, layouts: options.seedLayouts ?? false });
      app.log.info(seeded, 'seeded the registry');
    });
  }
  return app;
}
