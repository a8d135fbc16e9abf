import type { Caller } from './caller';

/**
 * Who may see what (docs/decisions/0009-who-may-see-what.md), as small pure predicates over the
 * caller. A service answers a record its caller may not see as if it did not exist (404 with the
 * record's own not-found code), and filters lists in SQL with `queueScope`.
 */

/** An administrator (ops): sees every record. */
export const isAdmin = (caller: Caller): boolean => caller.isAdmin;

/** A service token: the calling service has checked the agent itself, so it sees every record. */
export const isService = (caller: Caller): boolean => caller.isService;

/** An admin or a service: no record is hidden from it. */
export const seesEverything = (caller: Caller): boolean => caller.isAdmin || caller.isService;

/** The caller is a member of this queue (a record without a queue has no members). */
export const isQueueMember = (caller: Caller, queueId: string | null | undefined): boolean =>
  !!queueId && caller.queues.includes(queueId.toLowerCase());

/** The caller is the user this record is assigned to. */
export const isAssignee = (caller: Caller, assigneeId: string | null | undefined): boolean =>
  caller.userId !== null && !!assigneeId && caller.userId === assigneeId.toLowerCase();

/** A record that belongs to a queue and may be assigned to one user (a ticket). */
export interface QueuedRecord {
  queueId?: string | null;
  assigneeId?: string | null;
}

/**
 * Whether the caller may see a queued record: admins and services always; otherwise members of
 * its queue and its assignee (a record without a queue only its assignee).
 */
export const maySeeQueued = (caller: Caller, record: QueuedRecord): boolean =>
  seesEverything(caller) || isQueueMember(caller, record.queueId) || isAssignee(caller, record.assigneeId);

/**
 * The same rule as `maySeeQueued`, for a SQL filter: `null` when the caller sees every record,
 * else the queues whose records it sees and the user id whose assigned records it sees (null for
 * none). With no queues and no user id, the caller sees nothing.
 */
export interface QueueScope {
  queues: string[];
  assigneeId: string | null;
}

/** The caller's scope over queued records; see QueueScope. */
export const queueScope = (caller: Caller): QueueScope | null =>
  seesEverything(caller) ? null : { queues: caller.queues, assigneeId: caller.userId };
