import type { MikroORM } from '@mikro-orm/postgresql';
import { eventually } from '../delivery/testing/seed';

/**
 * The plan of `sql` once it reads `index`, or the last plan made if it never does in time. Plans
 * with sequential scans forbidden (a test's few rows make one cheapest), anew until the index
 * serves: an index built after an update that left HOT chains is marked `indcheckxmin`, unusable
 * to snapshots older than it, and other tests' transactions on the same server may hold one.
 */
export async function planOnceIndexServes(orm: MikroORM, sql: string, index: string): Promise<string> {
  let plan = '';
  const planOf = () =>
    orm.em.fork().transactional(async (tx) => {
      await tx.execute('set local enable_seqscan = off');
      const explained = await tx.execute<{ 'QUERY PLAN': string }[]>(`explain ${sql}`);
      return explained.map((row) => row['QUERY PLAN']).join('\n');
    });
  await eventually(async () => (plan = await planOf()).includes(index), `the plan to read ${index}`).catch(() => undefined);
  return plan;
}
