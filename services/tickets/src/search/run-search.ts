import type { TicketList, TicketSearchQuery } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import { toTicket } from '../ticket-row';
import { preparedStatement } from './prepared-statement';
import { buildSearchSql, estimatedTotal, TOTAL_CAP, type SearchRow, type SqlStatement, type WindowRow } from './search-sql';

/** Runs one named prepared statement (`$n` parameters) and answers its rows. */
export type PreparedQuery = <Row>(name: string, text: string, values: unknown[]) => Promise<Row[]>;

/**
 * K2 + K3: one page of matches, newest activity first, with a capped total, over any connection
 * that runs prepared statements: the repository's (the kit's `queryPrepared`), or a bare pg pool
 * (the bench's floor, which runs the same statements without the service around them).
 */
export async function runSearch(query: PreparedQuery, caller: Caller, search: TicketSearchQuery): Promise<TicketList> {
  const { recent, page, count } = buildSearchSql(search, caller);
  const limit = search.limit ?? 25;
  const offset = search.offset ?? 0;
  const prepared = <T>(statement: SqlStatement) => query<T>(...preparedStatement(statement));
  const windowRows = recent ? await prepared<WindowRow>(recent) : [];
  const fromWindow = windowRows.length >= limit;
  const rows: SearchRow[] = fromWindow ? windowRows.slice(0, limit) : await prepared<SearchRow>(page);
  // A page that is not full already tells the total; a full one from the whole index counted
  // its matches; one from the window may show they are far past the cap; else they are counted.
  const known = rows.length < limit && (rows.length > 0 || offset === 0);
  const found = fromWindow ? estimatedTotal(windowRows, offset, limit) : rows[0]?.matches;
  const counted = known
    ? offset + rows.length
    : found !== undefined
      ? Number(found)
      : ((await prepared<{ n: number }>(count))[0]?.n ?? 0);
  return {
    items: rows.map(toTicket),
    total: Math.min(counted, TOTAL_CAP),
    ...(counted > TOTAL_CAP ? { totalCapped: true } : {}),
  };
}
