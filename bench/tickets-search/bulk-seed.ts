import type { Client } from 'pg';

/** The bench user: a tenth of the tickets are theirs; one in 2,000 is a favourite, half of those their own. */
export const BENCH_USER = '00000000-0000-4000-8000-00000000be11';

/** The queue of two thirds of the tickets; the bench user is its agent (the rest are in another queue). */
export const BENCH_QUEUE = '00000000-0000-4000-8000-000000000201';

// Words that support titles are made of, English and Czech, so that the tsvector has a
// realistic spread of common and rare lexemes (order numbers are the rare ones).
const OPENERS = ['Refund for', 'Question about', 'Problem with', 'Complaint about', 'Request to cancel', 'Follow-up on', 'Change of', 'Urgent:', 'Missing', 'Reklamace', 'Dotaz k', 'Problém s', 'Zrušení', 'Wrong'];
const OBJECTS = ['order', 'invoice', 'router', 'laptop', 'delivery', 'subscription', 'account', 'password', 'payment', 'headset', 'printer', 'warranty', 'faktura', 'objednávka', 'platba', 'doručení'];
const ISSUES = ['not received', 'charged twice', 'delayed', 'damaged', 'not working', 'still open', 'refused', 'lost in transit', 'wrong address', 'nedorazila', 'chybná částka', 'poškozeno', 'bez odpovědi'];

const literal = (words: string[]) => `array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(', ')}]`;

/**
 * Inserts tickets `from`..`to` (inclusive) with one INSERT ... SELECT over generate_series.
 * The secondary indexes are dropped first and rebuilt after, which is several times faster
 * than maintaining them row by row; their definitions are read back from pg_indexes.
 */
export async function bulkInsertTickets(client: Client, from: number, to: number): Promise<void> {
  await client.query(`set maintenance_work_mem = '512MB'`);
  await client.query('set synchronous_commit = off');
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    `select i.indexname, i.indexdef from pg_indexes i
     where i.schemaname = 'tickets' and i.tablename = 'ticket'
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  for (const index of indexes) await client.query(`drop index tickets."${index.indexname}"`);
  await client.query(
    `insert into tickets.ticket (id, number, title, status, priority, queue_id, contact_id, company_id,
       contact_name, company_name, assignee_id, created_at, updated_at)
     select md5('bench-ticket-' || i)::uuid, 1000 + i,
       o[1 + (random() * (cardinality(o) - 1))::int] || ' ' || b[1 + (random() * (cardinality(b) - 1))::int] || ' '
         || s[1 + (random() * (cardinality(s) - 1))::int]
         || case when random() < 0.6 then ' ' || (1000 + (random() * 98999)::int) else '' end,
       (array['open', 'pending', 'closed'])[1 + (random() * 2)::int],
       (array['low', 'normal', 'normal', 'high', 'urgent'])[1 + (random() * 4)::int],
       case when i % 3 = 0 then '00000000-0000-4000-8000-000000000202'::uuid else $4::uuid end,
       md5('contact-' || (i % 20000))::uuid, md5('company-' || (i % 2000))::uuid,
       'Contact ' || (i % 20000), 'Company ' || (i % 2000),
       case when i % 10 = 0 then $3::uuid when i % 10 < 8 then md5('agent-' || (i % 50))::uuid end,
       created,
       -- Most tickets see their last change within two days; a few old ones are touched lately.
       case when random() < 0.03 then now() - random() * interval '10 days'
         else least(now(), created + random() * interval '2 days') end
     from generate_series($1::int, $2::int) i,
       -- One ticket every 30 s, in number order, as a real desk creates them: the newest
       -- tickets sit together at the end of the heap, as they would in production.
       lateral (select now() - make_interval(secs => abs(1000000 - i) * 30 + random() * 30) as created) c,
       (select ${literal(OPENERS)} as o, ${literal(OBJECTS)} as b, ${literal(ISSUES)} as s) words`,
    [from, to, BENCH_USER, BENCH_QUEUE],
  );
  await client.query(
    `insert into tickets.favourite (user_id, ticket_id)
     select $3::uuid, md5('bench-ticket-' || i)::uuid from generate_series($1::int, $2::int) i where i % 4000 in (0, 7)`,
    [from, to, BENCH_USER],
  );
  for (const index of indexes) await client.query(index.indexdef);
  await client.query('vacuum analyze tickets.ticket');
  await client.query('vacuum analyze tickets.favourite');
}

/** One common word prefix each: every one is in 4-8% of the titles. */
export const COMMON_WORDS = ['refu', 'deliv', 'router', 'reklam', 'passw', 'faktura'];

/** Two words each, a title word and a prefix, together in about 0.5% of the titles. */
export const TWO_WORDS = ['invoice charg', 'laptop dam', 'objedn nedor', 'wrong address'];
