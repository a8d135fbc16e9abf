import type { EntityManager } from '@mikro-orm/postgresql';
import { normalizeTag, type AppliedTicketChanges, type ApplyTicketChangesBody, type KeyedTicketChange } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import { ticketNotFound, tooManyTags } from '../errors';
import { MAX_TAGS } from '../tags/ticket-tags';
import { TICKET_COLUMNS, TICKET_FIELDS, toTicket, type TicketRow } from '../ticket-row';
import { ticketScope } from '../ticket-scope';
import { assignments, setClause } from './ticket-fields';

/** The locked ticket with its tags and the keys of the batch this call was the first to apply. */
type ClaimedRow = TicketRow & { tags: string[]; fresh: string[] };

/** What a batch's fresh changes do together: the columns' last values, and the tags each change left. */
interface NetChange {
  columns: Map<string, unknown>;
  add: string[];
  remove: string[];
}

/**
 * Folds changes applied in order into one: a column takes the last value set, and a tag is
 * present or absent as the last change naming it left it (within a change, adding wins).
 */
export function netChange(changes: { columns: Map<string, unknown>; change: KeyedTicketChange }[]): NetChange {
  const columns = new Map<string, unknown>();
  const tags = new Map<string, boolean>();
  for (const { columns: set, change } of changes) {
    for (const [column, value] of set) columns.set(column, value);
    for (const tag of change.removeTags ?? []) tags.set(normalizeTag(tag), false);
    for (const tag of change.addTags ?? []) tags.set(normalizeTag(tag), true);
  }
  const named = [...tags];
  return { columns, add: named.filter(([, on]) => on).map(([tag]) => tag), remove: named.filter(([, on]) => !on).map(([tag]) => tag) };
}

/**
 * Locks the ticket if the caller sees it and records the batch's keys, in one statement; answers
 * the ticket, its tags and the keys recorded now (the others were applied before), or null.
 */
async function lockAndClaim(tx: EntityManager, caller: Caller, id: string, keys: string[]): Promise<ClaimedRow | null> {
  const scope = ticketScope(caller);
  const [row] = await tx.execute<ClaimedRow[]>(
    `with t as (select ${TICKET_COLUMNS} from tickets.ticket t where t.id = ? and ${scope.sql} for update of t),
      claimed as (
        insert into tickets.applied_change (ticket_id, key) select t.id, k.key from t, jsonb_array_elements_text(?::jsonb) as k(key)
        on conflict do nothing returning key
      )
    select t.*, array(select tag from tickets.ticket_tag g where g.ticket_id = t.id order by tag) as tags,
      array(select key from claimed) as fresh
    from t`,
    [caller.userId, id, ...scope.params, JSON.stringify(keys)],
  );
  return row ?? null;
}

/**
 * Makes the net change in one statement (columns, removed and added tags, `updatedAt`); answers
 * the ticket's fields and its tags after.
 */
async function applyNet(tx: EntityManager, id: string, net: NetChange): Promise<TicketRow & { tags: string[] }> {
  const set = setClause(net.columns);
  const [row] = await tx.execute<(TicketRow & { tags: string[] })[]>(
    `with changed as (update tickets.ticket t set ${set.sql ? `${set.sql}, ` : ''}updated_at = now() where t.id = ? returning ${TICKET_FIELDS}),
      removed as (delete from tickets.ticket_tag where ticket_id = ? and tag in (select jsonb_array_elements_text(?::jsonb)) returning tag),
      added as (
        insert into tickets.ticket_tag (ticket_id, tag) select ?, jsonb_array_elements_text(?::jsonb) on conflict do nothing returning tag
      )
    select changed.*, array(
      select tag from tickets.ticket_tag where ticket_id = changed.id and tag not in (select tag from removed)
      union select tag from added order by 1
    ) as tags from changed`,
    [...set.params, id, id, JSON.stringify(net.remove), id, JSON.stringify(net.add)],
  );
  return row;
}

/**
 * Applies a macro's consecutive ticket actions (E13) in their order in one transaction, each
 * under its own key: a key applied before is skipped, so a replayed batch changes nothing and a
 * batch cut short by a crash left nothing (it commits whole or not at all). Every change is
 * checked before any is made. Four round trips to the database whatever the batch's length:
 * begin, lock and claim the keys, make the changes' net effect, commit.
 */
export async function applyTicketChanges(app: FastifyInstance, caller: Caller, id: string, body: ApplyTicketChangesBody): Promise<AppliedTicketChanges> {
  const changes = body.changes.map((change) => ({ change, columns: assignments(caller, change) }));
  return app.orm.em.transactional(async (tx) => {
    const claimed = await lockAndClaim(tx, caller, id, changes.map(({ change }) => change.key));
    if (!claimed) throw ticketNotFound(id);
    // A key given twice applies once, with its first change.
    const fresh = new Set(claimed.fresh);
    const net = netChange(changes.filter(({ change }) => fresh.delete(change.key)));
    if (net.columns.size === 0 && net.add.length === 0 && net.remove.length === 0) return { ticket: toTicket(claimed), tags: claimed.tags };
    const after = await applyNet(tx, id, net);
    if (after.tags.length > MAX_TAGS) throw tooManyTags(MAX_TAGS);
    return { ticket: toTicket({ ...after, favourite: claimed.favourite }), tags: after.tags };
  });
}
