import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openOrm } from '@switchboard/service-kit';
import { TEST_PG_URL, withAdminClient } from '@switchboard/service-kit/testing';
import { Client } from 'pg';
import { ticketsEntities } from '../../services/tickets/src/entities';
import { ticketsMigrations } from '../../services/tickets/src/migrations';
import { bulkInsertTickets } from './bulk-seed';

/** Names of this bench's kept databases: `<prefix>_<size>_<hash of the seed>`. */
const PREFIX = 'sb_benchcache_tickets';

/**
 * What the seeded database depends on: the bulk seed, and the migrations it was seeded under (a
 * migration that keeps derived rows, such as 0010's scope counts, fills them from the tickets
 * there, so a database seeded before it and migrated after is not what a fresh one would be).
 */
const seedHash = () =>
  createHash('sha1')
    .update(readFileSync(join(__dirname, 'bulk-seed.ts')))
    .update(ticketsMigrations.map((m) => m.name).join('\n'))
    .digest('hex')
    .slice(0, 10);

/** A database of `size` bulk-seeded tickets and whether it was seeded now (false: kept from an earlier run). */
export interface SeededDatabase {
  url: string;
  seededNow: boolean;
}

/**
 * A migrated database holding `size` bulk-seeded tickets, kept between runs: seeding a million
 * tickets takes minutes and the bench only reads. The name carries a hash of the seed and of the
 * migrations' names, so a changed seed or a new migration seeds afresh and drops this bench's
 * databases of other hashes. A database is named only once it is complete (seeded under a
 * temporary name, then renamed), so an interrupted run leaves no half-seeded database behind
 * under the kept name.
 * BENCH_FRESH=1 seeds anew even when a kept database exists.
 */
export async function seededDatabase(size: number): Promise<SeededDatabase> {
  const hash = seedHash();
  const name = `${PREFIX}_${size}_${hash}`;
  const url = (database: string) => Object.assign(new URL(TEST_PG_URL), { pathname: `/${database}` }).toString();
  const existing = await withAdminClient(async (c) =>
    (await c.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [`${PREFIX}_${size}_`])).rows.map((r) => r.datname),
  );
  for (const stale of existing.filter((d) => d !== name || process.env.BENCH_FRESH === '1')) {
    await withAdminClient((c) => c.query(`drop database if exists "${stale}" with (force)`));
  }
  if (existing.includes(name) && process.env.BENCH_FRESH !== '1') return { url: url(name), seededNow: false };

  const building = `${name}_building`;
  await withAdminClient(async (c) => {
    await c.query(`drop database if exists "${building}" with (force)`);
    await c.query(`create database "${building}"`);
  });
  const orm = await openOrm({ databaseUrl: url(building), schema: 'tickets', entities: ticketsEntities, migrations: ticketsMigrations, poolSize: 1 });
  await orm.close();
  const client = new Client({ connectionString: url(building) });
  await client.connect();
  try {
    await bulkInsertTickets(client, 1, size);
  } finally {
    await client.end();
  }
  await withAdminClient((c) => c.query(`alter database "${building}" rename to "${name}"`));
  return { url: url(name), seededNow: true };
}
