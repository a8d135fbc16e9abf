import type { TicketList, TicketSearchQuery } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import { toTicket } from '../ticket-row';
import { preparedStatement } from './prepared-statement';
import { buildSearchSql, estimatedTotal, pageBounds, TOTAL_CAP, type SearchRow, type SqlStatement, type WindowRow } from './search-sql';

/** Runs one named prepared statement (`$n` parameters) and answers its rows. */
export type PreparedQuery = <Row>(name: string, text: string, values: unknown[]) => Promise<Row[]>;

/** The total of a TicketList (decision 0019). */
type Total = Pick<TicketList, 'total' | 'totalCapped' | 'totalIsEstimate'>;

/**
 * K2 + K3: one page of matches, newest activity first, with its total, over any connection that
 * runs prepared statements: the repository's (the kit's `queryPrepared`), or a bare pg pool (the
 * bench's floor, which runs the same statements without the service around them).
 */
export async function runSearch(query: PreparedQuery, caller: Caller, search: TicketSearchQuery): Promise<TicketList> {
  const { recent, page, count } = buildSearchSql(search, caller);
  const { limit, offset } = pageBounds(search);
  const prepared = <T>(statement: SqlStatement) => query<T>(...preparedStatement(statement));
  const windowRows = recent ? await prepared<WindowRow>(recent) : [];
  const fromWindow = windowRows.length >= limit;
  const rows: SearchRow[] = fromWindow ? windowRows.slice(0, limit) : await prepared<SearchRow>(page);
  const items = rows.map(toTicket);

  // A page that is not full tells the total; a full one from the whole index came with its
  // matches (counted while sorting, or summed from the scope counts); one from the window of a
  // large table estimates it; else it is counted.
  if (rows.length < limit && (rows.length > 0 || offset === 0)) return { items, total: offset + rows.length };
  const matches = fromWindow ? undefined : rows[0]?.matches;
  if (matches !== undefined) return { items, total: Number(matches) };
  const estimate = fromWindow ? estimatedTotal(windowRows, offset, limit) : undefined;
  if (estimate !== undefined) return { items, total: estimate, totalIsEstimate: true };
  const counted = Number((await prepared<{ n: string | number }>(count))[0]?.n ?? 0);
  const total: Total = count.exact || counted <= TOTAL_CAP ? { total: counted } : { total: TOTAL_CAP, totalCapped: true };
  return { items, ...total };
}
