import { createServiceTestContext, type ServiceTestContext } from '@switchboard/service-kit/testing';
import { buildApp } from '../app';

/** One knowledge-base app on its own fresh database, for one integration test file. */
export type KbTestContext = ServiceTestContext;

/** Creates a database, test keys and the KB app (migrated, optionally seeded). */
export function createKbTestContext(options: { seedDemo?: boolean } = {}): Promise<KbTestContext> {
  return createServiceTestContext({
    database: 'sb_kb',
    audience: 'kb',
    build: (db, keys) => buildApp({ databaseUrl: db.url, logger: false, getKey: keys.getKey, poolSize: 4, seedDemo: options.seedDemo }),
  });
}
