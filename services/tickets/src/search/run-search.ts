import type { TicketList, TicketSearchQuery } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import { cursorWithOffset } from '../errors';
import { toTicket } from '../ticket-row';
import { decodeCursor, encodeCursor } from './cursor';
import { preparedStatement } from './prepared-statement';
import { buildSearchSql, estimatedTotal, pageBounds, TOTAL_CAP, type SearchRow, type SqlStatement, type WindowRow } from './search-sql';

/** Runs one named prepared statement (`$n` parameters) and answers its rows. */
export type PreparedQuery = <Row>(name: string, text: string, values: unknown[]) => Promise<Row[]>;

/** The total of a TicketList (decision 0019). */
type Total = Pick<TicketList, 'total' | 'totalCapped' | 'totalIsEstimate'>;

/**
 * K2 + K3: one page of matches, newest activity first, with its total and the cursor of the page
 * after it, over any connection that runs prepared statements: the repository's (the kit's
 * `queryPrepared`), or a bare pg pool (the bench's floor, which runs the same statements without
 * the service around them). A page after a cursor (`cursor`) answers the total its first page
 * answers (decision 0021).
 */
export async function runSearch(query: PreparedQuery, caller: Caller, search: TicketSearchQuery): Promise<TicketList> {
  const cursor = search.cursor === undefined ? undefined : decodeCursor(search.cursor);
  if (cursor && (search.offset ?? 0) !== 0) throw cursorWithOffset();
  const { recent, page, count } = buildSearchSql(search, caller, cursor);
  const { limit, offset } = pageBounds(search, cursor !== undefined);
  const prepared = <T>(statement: SqlStatement) => query<T>(...preparedStatement(statement));
  const windowRows = recent ? await prepared<WindowRow>(recent) : [];
  const fromWindow = windowRows.length >= limit;
  const rows: SearchRow[] = fromWindow ? windowRows.slice(0, limit) : await prepared<SearchRow>(page);
  const total = cursor ? await totalAfterCursor(query, caller, search, rows, fromWindow) : await firstTotal(prepared, count, windowRows, rows, fromWindow, offset, limit);
  // A full page may have more after it: the window knows (it read one row more), an exact total
  // without a cursor tells, else the page after it may be empty.
  const last = rows[rows.length - 1];
  const known = !cursor && !total.totalCapped && !total.totalIsEstimate;
  const more = last !== undefined && rows.length === limit && (fromWindow ? windowRows.length > limit : !known || offset + limit < total.total);
  return { items: rows.map(toTicket), ...total, nextCursor: more ? encodeCursor({ time: last.sort_time, id: last.id }) : null };
}

/**
 * The total of a page at an offset: a page that is not full tells it; a full one from the whole
 * index came with its matches (counted while sorting, or summed from the scope counts); one from
 * the window of a large table estimates it; else it is counted.
 */
async function firstTotal(
  prepared: <T>(statement: SqlStatement) => Promise<T[]>,
  count: SqlStatement & { exact: boolean },
  windowRows: WindowRow[],
  rows: SearchRow[],
  fromWindow: boolean,
  offset: number,
  limit: number,
): Promise<Total> {
  if (rows.length < limit && (rows.length > 0 || offset === 0)) return { total: offset + rows.length };
  const matches = fromWindow ? undefined : rows[0]?.matches;
  if (matches !== undefined) return { total: Number(matches) };
  const estimate = fromWindow ? estimatedTotal(windowRows, offset, limit) : undefined;
  if (estimate !== undefined) return { total: estimate, totalIsEstimate: true };
  const counted = Number((await prepared<{ n: string | number }>(count))[0]?.n ?? 0);
  return count.exact || counted <= TOTAL_CAP ? { total: counted } : { total: TOTAL_CAP, totalCapped: true };
}

/**
 * The total of a page after a cursor: the whole filter's, as its first page answers it (decision
 * 0021), so that every page of a walk shows the same one. A list's page carries it (the scope
 * counts' sum, as its first page's does); else the first page's statements give it, at the first
 * page's cost.
 */
async function totalAfterCursor(query: PreparedQuery, caller: Caller, search: TicketSearchQuery, rows: SearchRow[], fromWindow: boolean): Promise<Total> {
  const matches = fromWindow ? undefined : rows[0]?.matches;
  if (matches !== undefined) return { total: Number(matches) };
  const { total, totalCapped, totalIsEstimate } = await runSearch(query, caller, { ...search, cursor: undefined, offset: 0 });
  return { total, ...(totalCapped ? { totalCapped } : {}), ...(totalIsEstimate ? { totalIsEstimate } : {}) };
}
