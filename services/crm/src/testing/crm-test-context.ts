import { createServiceTestContext, type ServiceTestContext } from '@switchboard/service-kit/testing';
import { buildApp } from '../app';

/** One CRM app on its own fresh database, for one integration test file. */
export type CrmTestContext = ServiceTestContext;

/** Creates a database, test keys and the CRM app (migrated, optionally seeded). */
export function createCrmTestContext(options: { seedDemo?: boolean } = {}): Promise<CrmTestContext> {
  return createServiceTestContext({
    database: 'sb_crm',
    audience: 'crm',
    build: (db, keys) => buildApp({ databaseUrl: db.url, logger: false, getKey: keys.getKey, poolSize: 4, seedDemo: options.seedDemo }),
  });
}
