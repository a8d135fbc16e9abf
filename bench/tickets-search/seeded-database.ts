import { join } from 'node:path';
import { openOrm } from '@switchboard/service-kit';
import { ticketsEntities } from '../../services/tickets/src/entities';
import { ticketsMigrations } from '../../services/tickets/src/migrations';
import { keptDatabase, type KeptDatabase } from '../shared/kept-database';
import { bulkInsertTickets } from './bulk-seed';

/** A migrated database of `size` bulk-seeded tickets, kept between runs (see keptDatabase; BENCH_FRESH=1 seeds anew). */
export function seededDatabase(size: number): Promise<KeptDatabase> {
  return keptDatabase({
    prefix: 'sb_benchcache_tickets',
    size,
    seedFiles: [join(__dirname, 'bulk-seed.ts')],
    // Migration 0010 fills the scope counts from the tickets there: a database seeded before a
    // migration like it is not what a fresh one would be.
    seedKeys: ticketsMigrations.map((m) => m.name),
    migrate: async (url) => {
      const orm = await openOrm({ databaseUrl: url, schema: 'tickets', entities: ticketsEntities, migrations: ticketsMigrations, poolSize: 1 });
      await orm.close();
    },
    seed: (client) => bulkInsertTickets(client, 1, size),
  });
}
