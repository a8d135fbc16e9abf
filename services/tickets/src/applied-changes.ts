import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Records a keyed change of a ticket (a macro action's `emailId:index`, E13) inside the
 * transaction `tx` that makes the change: true the first time, false when the key was applied
 * already (then the caller changes nothing). The key commits or rolls back with the change.
 */
export async function claimChangeKey(tx: EntityManager, ticketId: string, key: string): Promise<boolean> {
  const [fresh] = await tx.execute<{ key: string }[]>(
    'insert into tickets.applied_change (ticket_id, key) values (?, ?) on conflict do nothing returning key',
    [ticketId, key],
  );
  return fresh !== undefined;
}
