import { createServiceApp, type ServiceApp, type ServiceAppOptions } from '@switchboard/service-kit';
import type { JWTVerifyGetKey } from 'jose';
import { articlesRepositoryPlugin } from './articles/articles.repository';
import { articlesRoutes } from './articles/articles.routes';
import { categoriesRepositoryPlugin } from './categories/categories.repository';
import { categoriesRoutes } from './categories/categories.routes';
import { kbMigrations } from './migrations';
import { searchRepositoryPlugin } from './search/search.repository';
import { searchRoutes } from './search/search.routes';
import { demoSeedPlugin } from './seed/demo-seed.plugin';

/** What the knowledge-base service needs; server.ts reads these from the environment. */
export interface KbAppOptions {
  /** postgres:// URL; the service keeps its tables in the `kb` schema. */
  databaseUrl: string;
  /** Connection pool size (1 for embedded PostgreSQL). */
  poolSize?: number;
  /** Pino options, or false for silence (tests). */
  logger?: ServiceAppOptions['logger'];
  /** Token verification keys: the identity service's JWKS in production. */
  getKey: JWTVerifyGetKey;
  /** Seed the demo's categories and articles when there are no articles. */
  seedDemo?: boolean;
}

/** Builds the knowledge-base service (migrations applied); it does not listen. */
export async function buildApp(options: KbAppOptions): Promise<ServiceApp> {
  const app = await createServiceApp({
    name: 'kb',
    logger: options.logger,
    auth: { audience: 'kb', getKey: options.getKey },
    orm: { databaseUrl: options.databaseUrl, schema: 'kb', entities: [], migrations: kbMigrations, poolSize: options.poolSize },
  });
  await app.register(categoriesRepositoryPlugin);
  await app.register(articlesRepositoryPlugin);
  await app.register(searchRepositoryPlugin);
  await app.register(categoriesRoutes);
  await app.register(searchRoutes);
  await app.register(articlesRoutes);
  if (options.seedDemo) await app.register(demoSeedPlugin);
  return app;
}
