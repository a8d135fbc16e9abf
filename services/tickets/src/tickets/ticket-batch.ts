import {
  normalizeTag,
  type AppliedTicketChanges,
  type AppliedTicketChangesBatch,
  type AppliedTicketChangesItem,
  type ApplyTicketChangesBatchBody,
  type ApplyTicketChangesBody,
  type KeyedTicketChange,
} from '@switchboard/contracts';
import { AppError, type Caller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import { serviceRequired, ticketNotFound, tooManyTags } from '../errors';
import { MAX_TAGS } from '../tags/ticket-tags';
import { TICKET_COLUMNS, TICKET_FIELDS, toTicket, type TicketRow } from '../ticket-row';
import { ticketScope } from '../ticket-scope';
import { assignments } from './ticket-fields';

/** The columns a batch may set, with their SQL types. */
const COLUMN_TYPES: Record<string, string> = { status: 'text', priority: 'text', assignee_id: 'uuid', queue_id: 'uuid', team_id: 'uuid' };

/** A batch as the statement takes it: each change's key and columns, and every tag change in order. */
interface BatchInput {
  changes: { key: string; ord: number; columns: Record<string, unknown> }[];
  tags: { key: string; seq: number; tag: string; present: boolean }[];
}

/**
 * The batch as rows for the statement. A key given twice applies once, with its first change.
 * Within a change, tags are removed before they are added (adding wins); later changes come later.
 */
export function batchInput(caller: Caller, changes: KeyedTicketChange[]): BatchInput {
  const input: BatchInput = { changes: [], tags: [] };
  const seen = new Set<string>();
  for (const change of changes) {
    const columns = Object.fromEntries(assignments(caller, change));
    if (seen.has(change.key)) continue;
    seen.add(change.key);
    input.changes.push({ key: change.key, ord: input.changes.length, columns });
    const tags = [...(change.removeTags ?? []).map((tag) => [tag, false] as const), ...(change.addTags ?? []).map((tag) => [tag, true] as const)];
    for (const [tag, present] of tags) input.tags.push({ key: change.key, seq: input.tags.length, tag: normalizeTag(tag), present });
  }
  return input;
}

/**
 * `column = <its last value in the batch, or unchanged>`, for every column a batch may set (a
 * column set to null has a JSON null, which is no SQL null).
 */
const SET_COLUMNS = Object.entries(COLUMN_TYPES)
  .map(([column, type]) => `${column} = case when n.columns->'${column}' is not null then (n.columns->>'${column}')::${type} else t.${column} end`)
  .join(', ');

/**
 * The batch in one statement (its own transaction): lock the ticket if the caller sees it, claim
 * the keys not applied before, set each column to the last value the claimed changes give it, and
 * leave each tag as the last claimed change naming it left it; answers the ticket and its tags.
 *
 * Every part reads the statement's snapshot, taken before the lock: if another writer changed
 * the ticket while this one waited for it, the statement changes nothing and answers `stale`, to
 * be run again. The tag limit is checked on the final tags, from the keys the snapshot has not
 * applied (under the lock, the ones the statement claims); over it, nothing is claimed or changed.
 */
function batchStatement(caller: Caller, id: string, input: BatchInput): { sql: string; params: unknown[] } {
  const scope = ticketScope(caller);
  const sql = `with t as (select ${TICKET_COLUMNS}, t.xmin::text as version from tickets.ticket t where t.id = ? and ${scope.sql} for update of t),
    changes as (select * from jsonb_to_recordset(?::jsonb) as c(key text, ord int, columns jsonb)),
    tag_changes as (select * from jsonb_to_recordset(?::jsonb) as g(key text, seq int, tag text, present boolean)),
    unapplied as (select c.key from changes c where not exists (select 1 from tickets.applied_change a where a.ticket_id = ? and a.key = c.key)),
    tags_before as (select tag from tickets.ticket_tag where ticket_id = ?),
    tags_planned as (select distinct on (g.tag) g.tag, g.present from tag_changes g where g.key in (select key from unapplied) order by g.tag, g.seq desc),
    verdict as (
      select t.version is distinct from (select s.xmin::text from tickets.ticket s where s.id = ?) as stale,
        (select count(*) from (select tag from tags_before where tag not in (select tag from tags_planned)
          union select tag from tags_planned where present) f) > ${MAX_TAGS} as too_many
      from t
    ),
    claimed as (
      insert into tickets.applied_change (ticket_id, key) select t.id, c.key from t, verdict v, changes c
        where not v.stale and not v.too_many
      on conflict do nothing returning key
    ),
    net as (select coalesce(jsonb_object_agg(e.key, e.value order by c.ord), '{}'::jsonb) as columns
      from changes c, jsonb_each(c.columns) e where c.key in (select key from claimed)),
    tag_net as (select distinct on (g.tag) g.tag, g.present from tag_changes g where g.key in (select key from claimed) order by g.tag, g.seq desc),
    changed as (
      update tickets.ticket t set ${SET_COLUMNS}, updated_at = now() from net n
        where t.id = ? and exists (select 1 from claimed) returning ${TICKET_FIELDS}
    ),
    removed as (delete from tickets.ticket_tag where ticket_id = ? and tag in (select tag from tag_net where not present) returning tag),
    added as (insert into tickets.ticket_tag (ticket_id, tag) select ?, tag from tag_net where present on conflict do nothing returning tag)
  select v.stale, v.too_many, coalesce(changed.id, t.id) as id, coalesce(changed.number, t.number) as number,
    coalesce(changed.title, t.title) as title, coalesce(changed.status, t.status) as status, coalesce(changed.priority, t.priority) as priority,
    case when changed.id is null then t.queue_id else changed.queue_id end as queue_id,
    case when changed.id is null then t.assignee_id else changed.assignee_id end as assignee_id,
    case when changed.id is null then t.team_id else changed.team_id end as team_id,
    t.contact_id, t.company_id, t.contact_name, t.company_name, t.created_at,
    coalesce(changed.updated_at, t.updated_at) as updated_at, t.favourite,
    array(select tag from tags_before where tag not in (select tag from removed) union select tag from added order by 1) as tags
  from t cross join verdict v left join changed on true`;
  return {
    sql,
    params: [caller.userId, id, ...scope.params, JSON.stringify(input.changes), JSON.stringify(input.tags), id, id, id, id, id, id],
  };
}

type BatchRow = TicketRow & { stale: boolean; too_many: boolean; tags: string[] };

/**
 * Applies a macro's consecutive ticket actions (E13) in their order, each under its own key: a
 * key applied before is skipped, so a replayed batch changes nothing, and the batch commits whole
 * or not at all. Every change is checked before any is made. One round trip to the database
 * (run again only when another writer changed the ticket meanwhile).
 */
export async function applyTicketChanges(app: FastifyInstance, caller: Caller, id: string, body: ApplyTicketChangesBody): Promise<AppliedTicketChanges> {
  const statement = batchStatement(caller, id, batchInput(caller, body.changes));
  for (;;) {
    const [row] = await app.orm.em.getConnection().execute<BatchRow[]>(statement.sql, statement.params, 'all');
    if (!row) throw ticketNotFound(id);
    if (row.stale) continue;
    if (row.too_many) throw tooManyTags(MAX_TAGS);
    return { ticket: toTicket(row), tags: row.tags };
  }
}

/**
 * Applies the ticket changes of many sends' macros (E13, decision 0013), a service's alone: each
 * item as `applyTicketChanges` applies it, in a transaction of its own, so an item refused (its
 * ticket gone, too many tags) answers its error and the others stand. Items of one ticket run in
 * their order; different tickets' run side by side.
 */
export async function applyTicketChangesBatch(app: FastifyInstance, caller: Caller, body: ApplyTicketChangesBatchBody): Promise<AppliedTicketChangesBatch> {
  if (!caller.isService) throw serviceRequired("apply many tickets' changes at once");
  const lastOfTicket = new Map<string, Promise<unknown>>();
  const items = body.items.map(({ ticketId, changes }) => {
    const applied = (lastOfTicket.get(ticketId) ?? Promise.resolve()).then(async (): Promise<AppliedTicketChangesItem> => {
      try {
        return { ticketId, ...(await applyTicketChanges(app, caller, ticketId, { changes })) };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return { ticketId, error: { status: error.statusCode, code: error.code, message: error.message } };
      }
    });
    lastOfTicket.set(ticketId, applied.catch(() => undefined));
    return applied;
  });
  return { items: await Promise.all(items) };
}
