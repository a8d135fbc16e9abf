import { createServiceApp, type ServiceApp, type ServiceAppOptions } from '@switchboard/service-kit';
import type { JWTVerifyGetKey } from 'jose';
import { macrosRepositoryPlugin } from './macros/macros.repository';
import { macrosRoutes } from './macros/macros.routes';
import { templatesMigrations } from './migrations';
import { demoSeedPlugin } from './seed/demo-seed.plugin';
import { templatesRepositoryPlugin } from './templates/templates.repository';
import { templatesRoutes } from './templates/templates.routes';

/** What the templates service needs; server.ts reads these from the environment. */
export interface TemplatesAppOptions {
  /** postgres:// URL; the service keeps its tables in the `templates` schema. */
  databaseUrl: string;
  /** Connection pool size (1 for embedded PostgreSQL). */
  poolSize?: number;
  /** Pino options, or false for silence (tests). */
  logger?: ServiceAppOptions['logger'];
  /** Token verification keys: the identity service's JWKS in production. */
  getKey: JWTVerifyGetKey;
  /** Seed the demo's frames, answers and macros when there are no templates. */
  seedDemo?: boolean;
}

/** Builds the templates service (migrations applied); it does not listen. */
export async function buildApp(options: TemplatesAppOptions): Promise<ServiceApp> {
  const app = await createServiceApp({
    name: 'templates',
    logger: options.logger,
    auth: { audience: 'templates', getKey: options.getKey },
    orm: {
      databaseUrl: options.databaseUrl,
      schema: 'templates',
      entities: [],
      migrations: templatesMigrations,
      poolSize: options.poolSize,
    },
  });
  await app.register(templatesRepositoryPlugin);
  await app.register(macrosRepositoryPlugin);
  await app.register(templatesRoutes);
  await app.register(macrosRoutes);
  if (options.seedDemo) await app.register(demoSeedPlugin);
  return app;
}
