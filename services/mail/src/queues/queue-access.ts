import type { EntityDictionary } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isQueueMember, type UserCaller } from '@switchboard/service-kit';
import { QueueEntity, type QueueRecord } from '../entities';
import { queueForbidden } from '../errors';

// Queue reads that also run inside the drafts' and sends' transactions, so they take the
// EntityManager to run in (with a pool of one, a read outside the transaction would wait for it).

/** The queues the caller may send through (M2): the token's `queues` that mail knows, by name. */
export async function callerQueues(em: EntityManager, caller: UserCaller): Promise<QueueRecord[]> {
  if (caller.queues.length === 0) return [];
  return em.find(QueueEntity, { id: { $in: caller.queues } }, { orderBy: { name: 'asc', id: 'asc' } });
}

/** The caller's first queue in the order of their token, or null when they have none. */
export async function defaultQueue(em: EntityManager, caller: UserCaller): Promise<QueueRecord | null> {
  const queues = await callerQueues(em, caller);
  return caller.queues.map((id) => queues.find((q) => q.id === id)).find((q) => q !== undefined) ?? null;
}

/**
 * A queue the caller is a member of; 403 QUEUE_FORBIDDEN otherwise (also for a queue mail does not know).
 * One plain statement, mapped to the entity, as `loadEmail` reads an email (it runs on every send).
 */
export async function requireCallerQueue(em: EntityManager, caller: UserCaller, queueId: string): Promise<QueueRecord> {
  if (!isQueueMember(caller, queueId)) throw queueForbidden(queueId);
  const [row] = await em.execute<EntityDictionary<QueueRecord>[]>(`select * from "mail"."queue" where id = ?`, [queueId]);
  if (!row) throw queueForbidden(queueId);
  return em.map(QueueEntity, row);
}

/** The From addresses of every queue, lower-cased: a reply never goes back to our own mailboxes. */
export async function queueAddresses(em: EntityManager): Promise<Set<string>> {
  const queues = await em.find(QueueEntity, {}, { fields: ['fromAddress'] });
  return new Set(queues.map((q) => q.fromAddress.toLowerCase()));
}
