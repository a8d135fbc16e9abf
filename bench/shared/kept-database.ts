import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TEST_PG_URL, withAdminClient } from '@switchboard/service-kit/testing';
import { Client } from 'pg';

/** How one bench builds its databases. */
export interface KeptDatabaseOptions {
  /** Names of this bench's kept databases start with it: `sb_benchcache_<bench>`. */
  prefix: string;
  /** Rows to seed (part of the name). */
  size: number;
  /** Files the seeded rows depend on (the bulk seed): a change to any of them seeds afresh. */
  seedFiles: string[];
  /**
   * Anything else the seeded rows depend on, such as the names of the migrations they were seeded
   * under when a migration fills derived rows from them (tickets' scope counts): a change seeds afresh.
   */
  seedKeys?: string[];
  /** Applies the service's migrations to the new, empty database at `url`. */
  migrate(url: string): Promise<void>;
  /** Fills the migrated database. */
  seed(client: Client): Promise<void>;
}

/** A database of `size` bulk-seeded rows and whether it was seeded now (false: kept from an earlier run). */
export interface KeptDatabase {
  url: string;
  seededNow: boolean;
}

/**
 * A migrated database holding `size` bulk-seeded rows, kept between runs: seeding a million rows
 * takes minutes and the benches only read. Migrations added since it was seeded apply when the app
 * starts on it, over the rows already there, as they would in production. The name,
 * `<prefix>_<size>_<hash>`, carries a hash of the seed files, so a changed seed seeds afresh and
 * drops the bench's databases of other hashes. A database is named only once it is complete
 * (seeded under a temporary name, then renamed), so an interrupted run leaves no half-seeded
 * database behind under the kept name. BENCH_FRESH=1 seeds anew even when a kept database exists.
 */
export async function keptDatabase(options: KeptDatabaseOptions): Promise<KeptDatabase> {
  const hash = createHash('sha1');
  for (const file of options.seedFiles) hash.update(readFileSync(file));
  if (options.seedKeys) hash.update(options.seedKeys.join('\n'));
  const sized = `${options.prefix}_${options.size}_`;
  const name = `${sized}${hash.digest('hex').slice(0, 10)}`;
  const url = (database: string) => Object.assign(new URL(TEST_PG_URL), { pathname: `/${database}` }).toString();
  const existing = await withAdminClient(async (c) =>
    (await c.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [sized])).rows.map((r) => r.datname),
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
  await options.migrate(url(building));
  const client = new Client({ connectionString: url(building) });
  await client.connect();
  try {
    await options.seed(client);
  } finally {
    await client.end();
  }
  await withAdminClient((c) => c.query(`alter database "${building}" rename to "${name}"`));
  return { url: url(name), seededNow: true };
}
