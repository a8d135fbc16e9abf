import type { TicketSearchQuery } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import { TICKET_FIELDS, withFavouriteFlag } from '../ticket-row';
import { ticketScope } from '../ticket-scope';
import { parseTicketQuery } from './ticket-query';

/** Counting stops here: an exact count of a million matches costs more than the page itself. */
export const TOTAL_CAP = 10_000;

/** How many of the most recently updated tickets a word search looks at first. */
export const RECENT_WINDOW = 5_000;

/** Pages deeper than this skip the recent window: it would rarely hold them. */
const RECENT_WINDOW_MAX_DEPTH = 500;

/** One SQL statement with `?` placeholders and its parameters in order. */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** The statements of one search; see buildSearchSql. */
export interface SearchStatements {
  /** Word searches only: the page among the RECENT_WINDOW newest tickets. */
  recent?: SqlStatement;
  /** The page over all tickets. */
  page: SqlStatement;
  /** The number of matches, stopping at TOTAL_CAP + 1. */
  count: SqlStatement;
}

/** A WHERE clause over the ticket table `t`, with its `?` parameters in order. */
export interface SearchFilter {
  where: string;
  params: unknown[];
  /** Whether the filter matches title words (a `#1234` number alone is an index lookup). */
  words: boolean;
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
  const matchWords = `t.search @@ to_tsquery('simple', ?)`;
  if (text.number !== undefined && text.tsquery) add(`(t.number = ? or ${matchWords})`, text.number, text.tsquery);
  else if (text.number !== undefined) add('t.number = ?', text.number);
  else if (text.tsquery) add(matchWords, text.tsquery);

  // A caller that is no user has neither favourites nor tickets of its own.
  if (query.favourites) {
    if (userId) add('exists (select 1 from tickets.favourite fv where fv.ticket_id = t.id and fv.user_id = ?)', userId);
    else add('false');
  }
  if (query.mine) {
    if (userId) add('t.assignee_id = ?', userId);
    else add('false');
  }
  if (query.contactId) add('t.contact_id = ?', query.contactId);
  if (query.companyId) add('t.company_id = ?', query.companyId);
  if (query.status) add('t.status = ?', query.status);

  return { where: where.length > 0 ? where.join(' and ') : 'true', params, words: text.tsquery !== undefined };
}

const NEWEST_FIRST = 'order by t.updated_at desc, t.id desc';

/**
 * The statements of one search, newest activity first. Without words, the filter columns'
 * `(…, updated_at desc, id desc)` indexes give the page directly. With words, PostgreSQL cannot
 * estimate how common a prefix is, and a wrong guess either walks the whole updated_at index
 * for a rare word or sorts every match of a common one. So a word search runs in two bounded
 * steps: first among the RECENT_WINDOW newest tickets (a full page there is the right page, as
 * every match outside is older); otherwise over all matches through the GIN index (usually
 * few then: less than a page among the RECENT_WINDOW newest), fenced by `offset 0` so that the
 * planner cannot turn it back into an index walk.
 */
export function buildSearchSql(query: TicketSearchQuery, caller: Caller): SearchStatements {
  const { userId } = caller;
  const filter = buildSearchFilter(query, caller);
  const limit = query.limit ?? 25;
  const offset = query.offset ?? 0;
  const count = {
    sql: `select count(*)::int as n from (select 1 from tickets.ticket t where ${filter.where} limit ?) capped`,
    params: [...filter.params, TOTAL_CAP + 1],
  };
  if (!filter.words) {
    return {
      page: {
        sql: withFavouriteFlag(`select ${TICKET_FIELDS} from tickets.ticket t where ${filter.where} ${NEWEST_FIRST} limit ? offset ?`),
        params: [userId, ...filter.params, limit, offset],
      },
      count,
    };
  }
  const page = {
    sql: withFavouriteFlag(
      `select ${TICKET_FIELDS} from (select ${TICKET_FIELDS} from tickets.ticket t where ${filter.where} offset 0) t
       ${NEWEST_FIRST} limit ? offset ?`,
    ),
    params: [userId, ...filter.params, limit, offset],
  };
  if (offset + limit > RECENT_WINDOW_MAX_DEPTH) return { page, count };
  const recent = {
    sql: withFavouriteFlag(
      `select ${TICKET_FIELDS} from (select t.* from tickets.ticket t ${NEWEST_FIRST} limit ?) t
       where ${filter.where} ${NEWEST_FIRST} limit ? offset ?`,
    ),
    params: [userId, RECENT_WINDOW, ...filter.params, limit, offset],
  };
  return { recent, page, count };
}
