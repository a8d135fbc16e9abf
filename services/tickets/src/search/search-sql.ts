import { PageQuerySchema, type TicketSearchQuery } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import { TICKET_FIELDS, withFavouriteFlag, type TicketRow } from '../ticket-row';
import { ticketScope } from '../ticket-scope';
import type { SearchCursor } from './cursor';
import { parseTicketQuery } from './ticket-query';

/** Counting stops here: an exact count of a million matches costs more than the page itself. */
export const TOTAL_CAP = 10_000;

/**
 * How many of the most recently updated tickets a word search looks at first, through the
 * newest-first index alone (migration 0009): a few milliseconds for the whole window.
 */
export const RECENT_WINDOW = 20_000;

/** Pages deeper than this skip the recent window: it would rarely hold them. */
const RECENT_WINDOW_MAX_DEPTH = 500;

/** One SQL statement with `?` placeholders and its parameters in order. */
export interface SqlStatement {
  sql: string;
  params: unknown[];
  /**
   * Whether its text is one of few, worth keeping as a prepared statement on every pooled
   * connection: false for a page of an uncommon size or depth, whose LIMIT and OFFSET literals
   * make a text of its own (see pageBounds).
   */
  reusable: boolean;
}

/** The statements of one search; see buildSearchSql. */
export interface SearchStatements {
  /**
   * Word searches only: the page among the RECENT_WINDOW newest tickets and one row more, each
   * with where that row more lies in the window (`window_place`) and the table's estimated size
   * (`table_rows`).
   */
  recent?: SqlStatement;
  /**
   * The page over all tickets, with the number of matches (`matches`) where it comes at no extra
   * pass: word searches and favourites count while sorting, lists by scope sum the scope counts.
   */
  page: SqlStatement;
  /**
   * The number of matches (`n`): exact from the scope counts (migration 0010) when the filter is
   * only who may see, `mine` and `status` (`exact`), else counted stopping at TOTAL_CAP + 1.
   */
  count: SqlStatement & { exact: boolean };
}

/** A WHERE clause over the ticket table `t`, with its `?` parameters in order. */
export interface SearchFilter {
  where: string;
  params: unknown[];
  /** Whether the filter matches title words (a `#1234` number alone is an index lookup). */
  words: boolean;
  /** The words, for `plainto_tsquery`, when there are. */
  terms?: string;
  /** The words are long numbers, which few tickets hold: the index finds them at once. */
  rare: boolean;
  /**
   * The filter tests only `queue_id`, `assignee_id` and `status`, which the scope counts
   * (`tickets.scope_count`, migration 0010) carry too: its WHERE clause holds over them as it is.
   */
  byScope: boolean;
  /**
   * The filter is the caller's favourites and otherwise only who may see, `mine` and `status`,
   * which a favourite carries too (migration 0011): a page of them is a walk of the caller's
   * favourites alone.
   */
  favouritesByScope: boolean;
}

/**
 * Builds the filter of `GET /tickets`: the tickets the caller may see, free text (K2) and every
 * filter (K3), combined with AND.
 */
export function buildSearchFilter(query: TicketSearchQuery, caller: Caller): SearchFilter {
  const { userId } = caller;
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };

  const scope = ticketScope(caller);
  if (scope.sql !== 'true') add(scope.sql, ...scope.params);

  const text = parseTicketQuery(query.q);
  const matchWords = `t.search @@ plainto_tsquery('simple', ?)`;
  if (text.number !== undefined && text.terms) add(`(t.number = ? or ${matchWords})`, text.number, text.terms);
  else if (text.number !== undefined) add('t.number = ?', text.number);
  else if (text.terms) add(matchWords, text.terms);

  // A caller that is no user has neither favourites nor tickets of its own.
  if (query.favourites) {
    if (userId) add('exists (select 1 from tickets.favourite fv where fv.ticket_id = t.id and fv.user_id = ?)', userId);
    else add('false');
  }
  if (query.mine) {
    if (userId) add('t.assignee_id = ?', userId);
    else add('false');
  }
  const onlyScope = text.number === undefined && text.terms === undefined && !query.contactId && !query.companyId;
  if (query.contactId) add('t.contact_id = ?', query.contactId);
  if (query.companyId) add('t.company_id = ?', query.companyId);
  if (query.status) add('t.status = ?', query.status);

  return {
    where: where.length > 0 ? where.join(' and ') : 'true',
    params,
    words: text.terms !== undefined,
    ...(text.terms !== undefined ? { terms: text.terms } : {}),
    rare: text.rare === true,
    byScope: onlyScope && !query.favourites,
    favouritesByScope: onlyScope && query.favourites === true && Boolean(userId),
  };
}

/**
 * The WHERE clause over the caller's favourites `f` of a favouritesByScope filter: who may see the
 * ticket, `mine` and `status`, tested on the favourite's copies of the ticket's columns.
 */
function favouritesWhere(query: TicketSearchQuery, caller: Caller): { where: string; params: unknown[] } {
  const scope = ticketScope(caller, 'f');
  const where = ['f.user_id = ?'];
  const params: unknown[] = [caller.userId];
  if (scope.sql !== 'true') {
    where.push(scope.sql);
    params.push(...scope.params);
  }
  if (query.mine) {
    where.push('f.assignee_id = ?');
    params.push(caller.userId);
  }
  if (query.status) {
    where.push('f.status = ?');
    params.push(query.status);
  }
  return { where: where.join(' and '), params };
}

/** Page sizes clients ask for: the widget's and the default (25), the shell's contact pages (100). */
const PREPARED_PAGE_SIZES = new Set([25, 100]);

/** Of those sizes, this many first pages are prepared statements; deeper pages are planned each time. */
const PREPARED_PAGE_DEPTH = 10;

/** A page's LIMIT and OFFSET, to be written into a statement's text. */
export interface PageBounds {
  limit: number;
  offset: number;
  /** `limit n offset m`, or `limit n` for a page after a cursor. */
  sql: string;
  /** One of the few pages whose statements are worth preparing on every connection. */
  reusable: boolean;
}

const { limit: LIMIT_SCHEMA, offset: OFFSET_SCHEMA } = PageQuerySchema.properties;

/**
 * The page's LIMIT and OFFSET as literals in the statement's text rather than parameters. A
 * prepared statement's generic plan cannot see `LIMIT $n`: PostgreSQL then assumes a tenth of the
 * rows and chooses a plan that reads them all (a hash join over the whole table: 7 ms instead of
 * 0.2 at 10,000 tickets), so it planned every execution anew, and planning cost as much as
 * running. With literals the generic plan is the right one and each connection plans it once.
 * Safe in the text: both are checked here to be integers within the contract's bounds (the route
 * validated them already). Each page makes a text of its own, so only the first pages of the common
 * sizes are prepared (`reusable`); any other page is planned on each run, as every page was before.
 * A page after a cursor (`keyset`) has no OFFSET: its text is the same at any depth, and prepared
 * for the common sizes.
 */
export function pageBounds(query: Pick<TicketSearchQuery, 'limit' | 'offset'>, keyset = false): PageBounds {
  const limit = query.limit ?? LIMIT_SCHEMA.default;
  const offset = query.offset ?? OFFSET_SCHEMA.default;
  const within = (n: number, schema: { minimum?: number; maximum?: number }) =>
    Number.isSafeInteger(n) && n >= (schema.minimum ?? 0) && n <= (schema.maximum ?? 0);
  if (!within(limit, LIMIT_SCHEMA) || !within(offset, OFFSET_SCHEMA)) throw new RangeError(`page out of bounds: limit ${limit}, offset ${offset}`);
  if (keyset && offset !== 0) throw new RangeError(`a page after a cursor has no offset: ${offset}`);
  if (keyset) return { limit, offset, sql: `limit ${limit}`, reusable: PREPARED_PAGE_SIZES.has(limit) };
  const reusable = PREPARED_PAGE_SIZES.has(limit) && offset % limit === 0 && offset / limit < PREPARED_PAGE_DEPTH;
  return { limit, offset, sql: `limit ${limit} offset ${offset}`, reusable };
}

const NEWEST_FIRST = 'order by t.updated_at desc, t.id desc';

/**
 * A row's `updated_at` as the cursor carries it (`sort_time`): UTC to the microsecond, as
 * PostgreSQL stores it. Read as a JS Date it would keep milliseconds only.
 */
const SORT_TIME = `to_char(t.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_time`;

/**
 * The rows after the cursor in newest-first order, as a row comparison over `alias`'s
 * `(updated_at, id)` (the favourites' `(updated_at, ticket_id)`), which the
 * `(…, updated_at desc, id desc)` indexes start their walk at; none without a cursor.
 */
function afterCursor(cursor: SearchCursor | undefined, alias: string, id = 'id'): { sql: string; params: unknown[] } {
  if (!cursor) return { sql: '', params: [] };
  return { sql: ` and (${alias}.updated_at, ${alias}.${id}) < (?::timestamptz, ?::uuid)`, params: [cursor.time, cursor.id] };
}

/**
 * The lexemes of `?` as a prefix query (`refund ord` as `'ord':* & 'refund':*`): over the title's
 * plain lexemes (`words`, migration 0009) it matches exactly what plainto_tsquery matches over the
 * prefix column `search` (migration 0007), each lexeme being a prefix of a title word. No lexeme
 * gives null, which matches nothing, as an empty plainto_tsquery does.
 */
const PREFIX_QUERY = `(select to_tsquery('simple', string_agg(quote_literal(l) || ':*', ' & '))
  from unnest(tsvector_to_array(to_tsvector('simple', ?::text))) l)`;

/**
 * The statements of one search, newest activity first, the page's LIMIT and OFFSET written into
 * the text (pageBounds). The caller's favourites, filtered only by who may see, `mine` and
 * `status`, come from their own `(user_id, updated_at desc, ticket_id desc)` index, which carries
 * copies of those columns (migration 0011). Without words, the filter columns'
 * `(…, updated_at desc, id desc)` indexes give the page directly. With words, PostgreSQL cannot
 * estimate how common a prefix is, and a wrong guess either walks the whole updated_at index
 * for a rare word or sorts every match of a common one. So a word search runs in bounded steps:
 * - `recent`: the page among the RECENT_WINDOW newest tickets, which walks only until the page
 *   and one row more are found. The walk reads the newest-first index alone: it carries the
 *   title's lexemes and who may see the ticket (migration 0009), so only a ticket that passes
 *   both is read from the table, where the whole filter decides. A full page there is the right
 *   page, as every match outside is older; how far the walk went tells how common the words are,
 *   which the repository uses to skip counting a total far past TOTAL_CAP.
 * - `page`: otherwise, over all matches through the GIN index (few then: less than a page among
 *   the RECENT_WINDOW newest), fenced by `offset 0` so that the planner cannot turn it back into
 *   an index walk; it counts the matches while sorting them, so no second pass is needed.
 * Long numbers skip the window: they are rare, so the walk would only cost time.
 *
 * With a `cursor` (keyset paging) every kind of page starts right after it, with no OFFSET: the
 * window is then the RECENT_WINDOW tickets after the cursor, at any depth. Only the scope counts'
 * total is selected as `matches` then: any other would count the rows after the cursor alone.
 */
export function buildSearchSql(query: TicketSearchQuery, caller: Caller, cursor?: SearchCursor): SearchStatements {
  const { userId } = caller;
  const filter = buildSearchFilter(query, caller);
  const bounds = pageBounds(query, cursor !== undefined);
  const { limit, offset } = bounds;
  // How common the words are decides a word search's plan, which a generic plan cannot see (at
  // 10,000 tickets PostgreSQL settled on one that ran a common word 3x slower): statements with
  // words run unnamed, planned for their words on each run.
  const reusable = bounds.reusable && filter.terms === undefined;
  const count = filter.byScope
    ? { sql: `select coalesce(sum(t.tickets), 0)::int8 as n from tickets.scope_count t where ${filter.where}`, params: filter.params, exact: true, reusable: true }
    : {
        sql: `select count(*)::int8 as n from (select 1 from tickets.ticket t where ${filter.where} limit ${TOTAL_CAP + 1}) capped`,
        params: filter.params,
        exact: false,
        reusable: filter.terms === undefined,
      };
  if (filter.favouritesByScope) {
    // The caller's favourites newest first from their own index, who may see, mine and status
    // decided on its copies (migration 0011); counted while walked, as all are read to count.
    // Every row is a favourite: no flag to look up.
    const favourites = favouritesWhere(query, caller);
    const after = afterCursor(cursor, 'f', 'ticket_id');
    const matches = cursor ? '' : ', count(*) over () as matches';
    return {
      page: {
        sql: `select ${TICKET_FIELDS}, ${SORT_TIME}, true as favourite${matches ? ', page.matches' : ''}
           from (select f.ticket_id as id${matches} from tickets.favourite f
             where ${favourites.where}${after.sql} order by f.updated_at desc, f.ticket_id desc ${bounds.sql}) page
           join tickets.ticket t on t.id = page.id
           ${NEWEST_FIRST}`,
        params: [...favourites.params, ...after.params],
        reusable,
      },
      count,
    };
  }
  if (filter.terms === undefined) {
    // The page's total in the same statement where it costs next to nothing: the scope counts'
    // sum (an init plan, run once), or the favourites' count while they are sorted (the page
    // reads every favourite to sort them anyway). A round trip fewer: on this kind of route the
    // statement's round trip and planning cost more than its execution.
    const total = filter.byScope
      ? { column: `, (select coalesce(sum(t.tickets), 0)::int8 from tickets.scope_count t where ${filter.where}) as matches`, params: filter.params }
      : undefined;
    const counted = !filter.byScope && query.favourites === true && !cursor;
    const after = afterCursor(cursor, 't');
    return {
      page: {
        // The page's ids first, so that a filter the newest-first or the id index carries (who may
        // see, favourites) is decided in the index alone; only the page's rows are read.
        sql: withFavouriteFlag(
          `select ${TICKET_FIELDS}, ${SORT_TIME}${total?.column ?? ''}${counted ? ', page.matches' : ''}
           from (select t.id${counted ? ', count(*) over () as matches' : ''} from tickets.ticket t where ${filter.where}${after.sql} ${NEWEST_FIRST} ${bounds.sql}) page
           join tickets.ticket t on t.id = page.id`,
        ),
        params: [userId, ...(total?.params ?? []), ...filter.params, ...after.params],
        reusable,
      },
      count,
    };
  }
  // After a cursor, only the matches after it are sorted, and none counted (runSearch).
  const after = afterCursor(cursor, 't');
  const page = {
    sql: withFavouriteFlag(
      `select t.*, ${SORT_TIME} from (select ${TICKET_FIELDS}${cursor ? '' : ', count(*) over () as matches'}
       from (select ${TICKET_FIELDS} from tickets.ticket t where ${filter.where}${after.sql} offset 0) t
       ${NEWEST_FIRST} ${bounds.sql}) t`,
    ),
    params: [userId, ...filter.params, ...after.params],
    reusable,
  };
  if (filter.rare || (!cursor && offset + limit > RECENT_WINDOW_MAX_DEPTH)) return { page, count };
  // `w` walks the index only (its columns are the index's); `t` is read for the tickets that pass.
  // Where the match after the page lies among the newest tickets (estimatedTotal) is an index-only
  // count of the tickets at or before it, only when the page is full; bounded by the window, so
  // that the planner does not start parallel workers for it. After a cursor the window starts at
  // it, and nothing is estimated from it (the total is the first page's, see runSearch).
  const scope = ticketScope(caller, 'w');
  const estimate = cursor
    ? '0::int8 as window_place, 0::float8 as table_rows'
    : `(select count(*) from (select 1 from tickets.ticket n where (n.updated_at, n.id) >=
           (select l.updated_at, l.id from found l order by l.updated_at desc, l.id desc offset ${limit} limit 1) limit ${RECENT_WINDOW}) n) as window_place,
         (select greatest(c.reltuples, 0)::float8 from pg_class c where c.oid = 'tickets.ticket'::regclass) as table_rows`;
  const recent = {
    sql: withFavouriteFlag(
      `with found as materialized (
         select w.id, w.updated_at
         from (select t.id, t.updated_at, t.queue_id, t.assignee_id, t.words from tickets.ticket t
           where true${after.sql} ${NEWEST_FIRST} limit ${RECENT_WINDOW}) w
         where w.words @@ ${PREFIX_QUERY} and ${scope.sql}
           and exists (select 1 from tickets.ticket t where t.id = w.id and ${filter.where})
         order by w.updated_at desc, w.id desc limit ${limit + 1}${cursor ? '' : ` offset ${offset}`})
       select ${TICKET_FIELDS}, ${SORT_TIME}, ${estimate}
       from found join tickets.ticket t on t.id = found.id`,
    ),
    params: [userId, ...after.params, filter.terms, ...scope.params, ...filter.params],
    reusable,
  };
  return { recent, page, count };
}

/** A row of `page`: for word searches, with the number of all matches. */
export interface SearchRow extends TicketRow {
  matches?: string | number;
  /** The row's `updated_at` to the microsecond, for its cursor (SORT_TIME). */
  sort_time: string;
}

/** A row of `recent`. */
export interface WindowRow extends SearchRow {
  /** Where the match after the page lies among the newest tickets (1 = the newest); 0 when the page is not full. */
  window_place: string | number;
  table_rows: number;
}

/** The window of a table this large is only a sample of it: its total is estimated beyond it. */
export const ESTIMATE_MIN_TABLE = RECENT_WINDOW;

/**
 * The estimated total of a word search whose page (and one row more) the recent window held, in a
 * table too large for the window to be all of it (decision 0019): the matches per ticket walked,
 * times the table's estimated size (`pg_class.reltuples`), to two significant digits and no fewer
 * than the matches already seen. Undefined when it has to be counted: the page was not full, or
 * the table is small enough for the window to be the whole table. A sample of the newest tickets:
 * a word used only lately reads as more common than it is.
 */
export function estimatedTotal(windowRows: WindowRow[], offset: number, limit: number): number | undefined {
  const last = windowRows[windowRows.length - 1];
  if (!last || windowRows.length <= limit || last.table_rows <= ESTIMATE_MIN_TABLE) return undefined;
  const seen = offset + windowRows.length;
  const estimate = (seen / Number(last.window_place)) * last.table_rows;
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(estimate)) - 1);
  return Math.max(seen, Math.round(estimate / unit) * unit);
}
