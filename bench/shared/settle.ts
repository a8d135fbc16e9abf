import { Client } from 'pg';

/**
 * Settles the databases (`urls`) before a timed run, off the clock, so that every run starts from
 * the same state whatever ran before it:
 * - `vacuum analyze` each, as autovacuum keeps tables in production: this machine's PostgreSQL
 *   runs without autovacuum (its conf.d/90-ci.conf), so a run would otherwise meet the dead row
 *   versions and stale statistics of every run before it, and of two runs compared, the second
 *   would pay for the first;
 * - then one `checkpoint`: a timed checkpoint (every 5 minutes) writes for a minute and a half in
 *   the background, and the first change of each page after it starts writes the whole page to
 *   the WAL, so whichever run of a pair it fell in ran slower (seen at 71% against 78–80% for
 *   the rounds beside it). After a forced checkpoint no timed one comes for 5 minutes, longer
 *   than a run, and every run starts right after one.
 */
export async function settleDatabases(urls: string[]): Promise<void> {
  for (const url of urls) await runOn(url, 'vacuum analyze');
  // A checkpoint is the whole server's: one, after every database is vacuumed.
  if (urls[0]) await runOn(urls[0], 'checkpoint');
}

/** Runs one statement on its own connection to `url`. */
async function runOn(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
