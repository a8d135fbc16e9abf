import { queueScope, type Caller } from '@switchboard/service-kit';

/** A condition over the ticket table `t` with its `?` parameters in order. */
export interface ScopeCondition {
  sql: string;
  params: unknown[];
}

/**
 * The tickets the caller may see (docs/decisions/0009-who-may-see-what.md), as a condition over
 * `t` (or another alias with `queue_id` and `assignee_id`): everything for admins and services;
 * otherwise the tickets of the caller's queues and those assigned to the caller. Plain column comparisons, so the queue and assignee indexes serve them.
 * The queues go as one array parameter (UUIDs only, see callerOf), so the statement's text does
 * not change with how many queues a caller has.
 */
export function ticketScope(caller: Caller, alias = 't'): ScopeCondition {
  const scope = queueScope(caller);
  if (scope === null) return { sql: 'true', params: [] };
  const parts: ScopeCondition[] = [];
  if (scope.queues.length > 0) parts.push({ sql: `${alias}.queue_id = any(?::uuid[])`, params: [`{${scope.queues.join(',')}}`] });
  if (scope.assigneeId !== null) parts.push({ sql: `${alias}.assignee_id = ?`, params: [scope.assigneeId] });
  if (parts.length === 0) return { sql: 'false', params: [] };
  return { sql: `(${parts.map((p) => p.sql).join(' or ')})`, params: parts.flatMap((p) => p.params) };
}
