import { createServiceTestContext, type ServiceTestContext } from '@switchboard/service-kit/testing';
import { buildApp } from '../app';

/** One tickets app on its own fresh database, for one integration test file. */
export type TicketsTestContext = ServiceTestContext;

/** Creates a database, test keys and the tickets app (migrated, optionally seeded). */
export function createTicketsTestContext(options: { seedDemo?: boolean } = {}): Promise<TicketsTestContext> {
  return createServiceTestContext({
    database: 'sb_tickets',
    audience: 'tickets',
    build: (db, keys) => buildApp({ databaseUrl: db.url, logger: false, getKey: keys.getKey, poolSize: 4, seedDemo: options.seedDemo }),
  });
}
