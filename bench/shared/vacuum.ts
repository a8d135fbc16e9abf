import { Client } from 'pg';

/**
 * Vacuums and analyzes the databases (`urls`) between runs, as autovacuum keeps tables in
 * production: this machine's PostgreSQL runs without autovacuum (its conf.d/90-ci.conf), so a run
 * would otherwise meet the dead row versions and stale statistics of every run before it, and of
 * two runs compared, the second would pay for the first.
 */
export async function vacuumAnalyze(urls: string[]): Promise<void> {
  for (const url of urls) {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('vacuum analyze');
    } finally {
      await client.end();
    }
  }
}
