import { createServiceTestContext, type ServiceTestContext } from '@switchboard/service-kit/testing';
import { buildApp } from '../app';

/** One templates app on its own fresh database, for one integration test file. */
export type TemplatesTestContext = ServiceTestContext;

/** Creates a database, test keys and the templates app (migrated, optionally seeded). */
export function createTemplatesTestContext(options: { seedDemo?: boolean } = {}): Promise<TemplatesTestContext> {
  return createServiceTestContext({
    database: 'sb_templates',
    audience: 'templates',
    build: (db, keys) => buildApp({ databaseUrl: db.url, logger: false, getKey: keys.getKey, poolSize: 4, seedDemo: options.seedDemo }),
  });
}
