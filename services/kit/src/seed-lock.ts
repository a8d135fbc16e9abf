import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs a start-up seed in one transaction under a transaction-level advisory lock on `lockKey`
 * (any fixed number of the service's own), so that of several replicas starting at once one
 * seeds at a time and the next sees what it committed: a seed that checks first runs once.
 */
export async function withSeedLock<T>(em: EntityManager, lockKey: number, seed: (tx: EntityManager) => Promise<T>): Promise<T> {
  return em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(?)', [lockKey]);
    return seed(tx);
  });
}
