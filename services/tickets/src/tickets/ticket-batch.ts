import {
  normalizeTag,
  type AppliedTicketChanges,
  type AppliedTicketChangesBatch,
  type ApplyTicketChangesBatchBody,
  type ApplyTicketChangesBody,
  type KeyedTicketChange,
} from '@switchboard/contracts';
import { AppError, numberedParameters, transactionPrepared, type Caller, type PreparedQuery } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import { ticketNotFound, tooManyTags } from '../errors';
import { MAX_TAGS } from '../tags/ticket-tags';
import { TICKET_COLUMNS, toTicket, type TicketRow } from '../ticket-row';
import { ticketScope } from '../ticket-scope';
import { assignments } from './ticket-fields';

/** The columns a change may set. */
type Columns = Pick<TicketRow, 'status' | 'priority' | 'assignee_id' | 'queue_id' | 'team_id'>;

/** One change as the batch applies it: its columns checked for the caller, its tags normalized. */
interface PlannedChange {
  key: string;
  columns: Map<string, unknown>;
  remove: string[];
  add: string[];
}

/** The columns a batch reads of a ticket it changes: those a change sets, its id, contact and time of change. */
type ChangedRow = Pick<TicketRow, 'id' | 'contact_id' | 'updated_at'> & Columns;

/** What `POST /tickets/changes` locks and reads of each ticket: no more than it writes and answers. */
const CHANGED_COLUMNS = 't.id, t.contact_id, t.status, t.priority, t.assignee_id, t.queue_id, t.team_id, t.updated_at';

/** A locked ticket as the batch leaves it so far: its row, tags and applied keys. */
interface TicketState<R extends ChangedRow> {
  row: R;
  tagsBefore: Set<string>;
  tags: Set<string>;
  keys: Set<string>;
  changed: boolean;
}

/** The ticket and its tags after an item, or the error that refused it (nothing of it applied). */
type ItemResult<R> = { row: R; tags: Set<string> } | AppError;

/** Tags in the database's order (collation C: code points, as UTF-8 bytes compare). */
const byCodePoint = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The item's changes checked for the caller (a refusal refuses the item), before any ticket is read. */
function planItem(caller: Caller, changes: KeyedTicketChange[]): PlannedChange[] | AppError {
  try {
    return changes.map((change) => ({
      key: change.key,
      columns: assignments(caller, change),
      remove: (change.removeTags ?? []).map(normalizeTag),
      add: (change.addTags ?? []).map(normalizeTag),
    }));
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

/**
 * How a route reads the tickets it changes: the columns (`t` the ticket table) and the parameters
 * they bind, which come first; and whether it answers every ticket's tags (else it reads the tags
 * only of tickets whose items change them).
 */
interface RowShape {
  columns: string;
  params: unknown[];
  answersTags: boolean;
}

/** Locks the tickets the caller sees among `ids` (ids ascending, so two batches never deadlock); answers them with the transaction's time. */
async function lockTickets<R extends ChangedRow>(query: PreparedQuery, caller: Caller, ids: string[], shape: RowShape): Promise<{ rows: R[]; now: Date | null }> {
  const scope = ticketScope(caller);
  const text = numberedParameters(`select ${shape.columns}, now() as now from tickets.ticket t where t.id = any(?::uuid[]) and ${scope.sql} order by t.id for update of t`);
  const rows = await query<R & { now: Date }>(null, text, [...shape.params, `{${ids.join(',')}}`, ...scope.params]);
  return { rows, now: rows[0]?.now ?? null };
}

const READ_STATES_SQL = `select 'key' as kind, a.ticket_id, a.key as value from tickets.applied_change a
    join jsonb_to_recordset($1::jsonb) as k(ticket_id uuid, key text) on a.ticket_id = k.ticket_id and a.key = k.key
  union all
  select 'tag', g.ticket_id, g.tag from tickets.ticket_tag g where g.ticket_id = any($2::uuid[])`;

/**
 * Which of the asked keys the locked tickets applied before, and the tags of the tickets `tagged`
 * lists, in one statement (read under the locks, so current). A ticket left out keeps no tags in
 * its state: no item changes them, and its answer does not show them.
 */
async function readTicketStates<R extends ChangedRow>(
  query: PreparedQuery,
  rows: R[],
  asked: { ticket_id: string; key: string }[],
  tagged: string[],
): Promise<Map<string, TicketState<R>>> {
  const states = new Map(rows.map((row) => [row.id, { row, tagsBefore: new Set<string>(), tags: new Set<string>(), keys: new Set<string>(), changed: false }]));
  const found = await query<{ kind: 'key' | 'tag'; ticket_id: string; value: string }>(null, READ_STATES_SQL, [JSON.stringify(asked), `{${tagged.join(',')}}`]);
  for (const { kind, ticket_id, value } of found) {
    const state = states.get(ticket_id)!;
    if (kind === 'key') state.keys.add(value);
    else {
      state.tagsBefore.add(value);
      state.tags.add(value);
    }
  }
  return states;
}

/**
 * Applies one item to its ticket's state in memory, as `POST /tickets/:id/changes` applies it: its
 * changes in order, each under its key (a key applied before, or given twice, applies once), whole
 * or not at all (over MAX_TAGS it is refused). Answers the keys it claims.
 */
function applyItem<R extends ChangedRow>(state: TicketState<R>, changes: PlannedChange[], now: Date): { result: ItemResult<R>; claimed: string[] } {
  const columns: Record<string, unknown> = {};
  const tags = new Set(state.tags);
  const claimed: string[] = [];
  for (const change of changes) {
    if (state.keys.has(change.key) || claimed.includes(change.key)) continue;
    claimed.push(change.key);
    for (const [column, value] of change.columns) columns[column] = value;
    for (const tag of change.remove) tags.delete(tag);
    for (const tag of change.add) tags.add(tag);
  }
  if (tags.size > MAX_TAGS) return { result: tooManyTags(MAX_TAGS), claimed: [] };
  if (claimed.length > 0) {
    state.row = { ...state.row, ...(columns as Partial<Columns>), updated_at: now };
    state.tags = tags;
    for (const key of claimed) state.keys.add(key);
    state.changed = true;
  }
  return { result: { row: state.row, tags: state.tags }, claimed };
}

/** The tickets whose items add or remove tags: only their tags are read when the answer does not show tags. */
function taggedTickets(plans: { ticketId: string; changes: PlannedChange[] | AppError }[]): Set<string> {
  const ids = new Set<string>();
  for (const { ticketId, changes } of plans) {
    if (!(changes instanceof AppError) && changes.some((change) => change.add.length > 0 || change.remove.length > 0)) ids.add(ticketId);
  }
  return ids;
}

const WRITE_SQL = `with claimed as (
    insert into tickets.applied_change (ticket_id, key) select ticket_id, key from jsonb_to_recordset($1::jsonb) as k(ticket_id uuid, key text)
  ),
  removed as (
    delete from tickets.ticket_tag g using jsonb_to_recordset($2::jsonb) as r(ticket_id uuid, tag text) where g.ticket_id = r.ticket_id and g.tag = r.tag
  ),
  added as (
    insert into tickets.ticket_tag (ticket_id, tag) select ticket_id, tag from jsonb_to_recordset($3::jsonb) as a(ticket_id uuid, tag text)
  )
  update tickets.ticket t set status = n.status, priority = n.priority, assignee_id = n.assignee_id, queue_id = n.queue_id, team_id = n.team_id, updated_at = now()
    from jsonb_to_recordset($4::jsonb) as n(id uuid, status text, priority text, assignee_id uuid, queue_id uuid, team_id uuid) where t.id = n.id`;

/** Writes what the batch changed in one statement: the keys it claimed, each changed ticket's columns and tags. */
async function writeChanges(query: PreparedQuery, states: Iterable<TicketState<ChangedRow>>, claimed: { ticket_id: string; key: string }[]): Promise<void> {
  const changed = [...states].filter((state) => state.changed);
  const tickets = changed.map(({ row }) => ({ id: row.id, status: row.status, priority: row.priority, assignee_id: row.assignee_id, queue_id: row.queue_id, team_id: row.team_id ?? null }));
  const removed = changed.flatMap((state) => [...state.tagsBefore].filter((tag) => !state.tags.has(tag)).map((tag) => ({ ticket_id: state.row.id, tag })));
  const added = changed.flatMap((state) => [...state.tags].filter((tag) => !state.tagsBefore.has(tag)).map((tag) => ({ ticket_id: state.row.id, tag })));
  await query(null, WRITE_SQL, [JSON.stringify(claimed), JSON.stringify(removed), JSON.stringify(added), JSON.stringify(tickets)]);
}

/**
 * Applies items of keyed ticket changes (a macro's consecutive ticket actions, E13) in one
 * transaction of a few statements whatever their number: lock the tickets (ids ascending), read
 * their tags and the keys they applied, apply the items in their order in memory, write it all in
 * one statement. Each item applies as a whole, its changes in order, each under its own key (a
 * key applied before is skipped, so a replay changes nothing), or is refused alone (the caller
 * may not make a change, the ticket is gone or not the caller's, too many tags), leaving its
 * ticket as the items before it left it. Items of one ticket apply in their order.
 */
async function applyItems<R extends ChangedRow>(
  app: FastifyInstance,
  caller: Caller,
  items: { ticketId: string; changes: KeyedTicketChange[] }[],
  shape: RowShape,
): Promise<ItemResult<R>[]> {
  const plans = items.map((item) => ({ ticketId: item.ticketId.toLowerCase(), asked: item.ticketId, changes: planItem(caller, item.changes) }));
  const ids = [...new Set(plans.filter((plan) => !(plan.changes instanceof AppError)).map((plan) => plan.ticketId))];
  if (ids.length === 0) return plans.map((plan) => plan.changes as AppError);
  // Unnamed statements, each planned at this call (decision 0022): they find a batch's rows by key
  // in tables that grow, and a generic plan cached while a table was small would scan it.
  return transactionPrepared(app.orm.em, async (query) => {
    const { rows, now } = await lockTickets<R>(query, caller, ids, shape);
    const asked = plans.flatMap((plan) => (plan.changes instanceof AppError ? [] : plan.changes.map((change) => ({ ticket_id: plan.ticketId, key: change.key }))));
    const changesTags = shape.answersTags ? null : taggedTickets(plans);
    const tagged = rows.filter((row) => !changesTags || changesTags.has(row.id)).map((row) => row.id);
    const states = rows.length > 0 ? await readTicketStates(query, rows, asked, tagged) : new Map<string, TicketState<R>>();
    const claimed: { ticket_id: string; key: string }[] = [];
    const results = plans.map(({ ticketId, asked: askedId, changes }): ItemResult<R> => {
      if (changes instanceof AppError) return changes;
      const state = states.get(ticketId);
      if (!state) return ticketNotFound(askedId);
      const applied = applyItem(state, changes, now!);
      claimed.push(...applied.claimed.map((key) => ({ ticket_id: ticketId, key })));
      return applied.result;
    });
    if (claimed.length > 0) await writeChanges(query, states.values(), claimed);
    return results;
  });
}

/** `POST /tickets/:id/changes` (E13): the ticket's keyed changes in order, whole or refused. */
export async function applyTicketChanges(app: FastifyInstance, caller: Caller, id: string, body: ApplyTicketChangesBody): Promise<AppliedTicketChanges> {
  const [result] = await applyItems<TicketRow>(app, caller, [{ ticketId: id, changes: body.changes }], { columns: TICKET_COLUMNS, params: [caller.userId], answersTags: true });
  if (result instanceof AppError) throw result;
  return { ticket: toTicket(result!.row), tags: [...result!.tags].sort(byCodePoint) };
}

/**
 * `POST /tickets/changes` (E13, decision 0013): the ticket changes of many sends' macros, a
 * service's alone (the route refuses anyone else before it reads the body), in one transaction of
 * four statements; an item applied answers its ticket's contact, an item refused its error, and
 * the others stand. It reads only the columns it writes.
 */
export async function applyTicketChangesBatch(app: FastifyInstance, caller: Caller, body: ApplyTicketChangesBatchBody): Promise<AppliedTicketChangesBatch> {
  const results = await applyItems<ChangedRow>(app, caller, body.items, { columns: CHANGED_COLUMNS, params: [], answersTags: false });
  return {
    items: results.map((result, i) => {
      const { ticketId } = body.items[i]!;
      return result instanceof AppError ? { ticketId, error: { status: result.statusCode, code: result.code, message: result.message } } : { ticketId, contactId: result.row.contact_id };
    }),
  };
}
