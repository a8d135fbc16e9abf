import type { EntityManager } from '@mikro-orm/postgresql';
import { LookupBatcher, queryPrepared } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import { Histogram } from 'prom-client';
import { CONTACT_VIEW_COLUMNS, type ContactViewRow } from './contact-row';

/** Most contacts one match answers. */
export const MATCH_LIMIT = 100;
/** Most keys one match statement takes (so at most this many times MATCH_LIMIT rows). */
export const MATCH_BATCH_KEYS = 64;
/**
 * Most match statements running at once. Requests arriving while they run wait and go out
 * together in the next: on a loaded service one round trip answers many; when idle, none waits.
 */
export const MATCH_IN_FLIGHT = 2;

/** What a match looks for: an address key (trimmed, lowercased) or an E.164 number. */
export interface MatchKey {
  kind: 'email' | 'phone';
  key: string;
}

/**
 * The contacts of each key, by name, at most MATCH_LIMIT each: `$1` the kinds and `$2` the keys as
 * JSON arrays, `key_index` the key's place (1-based). Per key, the index look-up of its kind.
 * JSON, not `text[]`: PostgreSQL plans `unnest` of a bound array for its actual length, so every
 * execution with a new number of keys looked cheaper planned afresh and the prepared statement
 * never settled on its generic plan (planning each time costs several executions); the JSON
 * functions are planned for 100 elements whatever is bound, so it does after five executions.
 */
export const MATCH_SQL = `select q.n::int as key_index, ${CONTACT_VIEW_COLUMNS}
  from rows from (jsonb_array_elements_text($1::jsonb), jsonb_array_elements_text($2::jsonb)) with ordinality as q(kind, key, n)
  cross join lateral (
    select c.* from crm.contact c
    where c.id in (
      select e.contact_id from crm.contact_email e where q.kind = 'email' and e.address_key = q.key
      union all
      select p.contact_id from crm.contact_phone p where q.kind = 'phone' and p.number = q.key)
    order by c.sort_name, c.id limit ${MATCH_LIMIT}) c
  order by q.n, c.sort_name, c.id`;

/** The contacts of each key, in the keys' order: one statement, prepared once per connection. */
export async function contactsByKeys(em: EntityManager, keys: readonly MatchKey[]): Promise<ContactViewRow[][]> {
  const rows = await queryPrepared<ContactViewRow & { key_index: number }>(em, 'crm.match', MATCH_SQL, [
    JSON.stringify(keys.map((k) => k.kind)),
    JSON.stringify(keys.map((k) => k.key)),
  ]);
  const found = keys.map((): ContactViewRow[] => []);
  for (const { key_index: index, ...row } of rows) found[index - 1]!.push(row);
  return found;
}

/** Buckets of the keys-per-statement histogram. */
const KEY_BUCKETS = [1, 2, 4, 8, 16, 32, MATCH_BATCH_KEYS];

/**
 * Matches of concurrent requests coalesced into shared statements (see LookupBatcher), each
 * statement's number of keys counted in `crm_match_statement_keys`. The rows go to every caller
 * of their key alike: what a caller may see of them is toContact's business, per caller.
 */
export function contactMatcher(app: FastifyInstance): LookupBatcher<MatchKey, ContactViewRow[]> {
  const keysPerStatement = new Histogram({
    name: 'crm_match_statement_keys',
    help: 'Keys (contact match requests) answered by each match statement',
    buckets: KEY_BUCKETS,
    registers: [app.metrics],
  });
  return new LookupBatcher<MatchKey, ContactViewRow[]>({
    lookup: (keys) => contactsByKeys(app.orm.em, keys),
    maxKeys: MATCH_BATCH_KEYS,
    maxInFlight: MATCH_IN_FLIGHT,
    onLookup: (keys) => keysPerStatement.observe(keys),
  });
}
