import { join } from 'node:path';
import { openOrm } from '@switchboard/service-kit';
import { crmEntities } from '../../services/crm/src/entities';
import { crmMigrations } from '../../services/crm/src/migrations';
import { keptDatabase, type KeptDatabase } from '../shared/kept-database';
import { bulkInsertContacts } from './bulk-seed';

/** A migrated database of `size` bulk-seeded contacts, kept between runs (see keptDatabase; BENCH_FRESH=1 seeds anew). */
export function seededDatabase(size: number): Promise<KeptDatabase> {
  return keptDatabase({
    prefix: 'sb_benchcache_crm',
    size,
    seedFiles: [join(__dirname, 'bulk-seed.ts')],
    migrate: async (url) => {
      const orm = await openOrm({ databaseUrl: url, schema: 'crm', entities: crmEntities, migrations: crmMigrations, poolSize: 1 });
      await orm.close();
    },
    seed: (client) => bulkInsertContacts(client, 1, size),
  });
}
