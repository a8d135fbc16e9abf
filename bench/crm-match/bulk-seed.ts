import { CZECH_MEN, CZECH_WOMEN, ENGLISH } from '@switchboard/contracts';
import type { Client } from 'pg';

/** The bench agent's team owns every contact. */
export const BENCH_TEAM = '00000000-0000-4000-8000-00000000be12';

const literal = (words: readonly string[]) => `array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(', ')}]::text[]`;

const POOLS = [CZECH_MEN, CZECH_WOMEN, ENGLISH];

/** Contact `i`'s name parts: 35% Czech men, 35% Czech women, 30% English, as in the demo. */
export function nameParts(i: number): { first: string; last: string } {
  const people = POOLS[i % 20 < 7 ? 0 : i % 20 < 14 ? 1 : 2]!;
  return { first: people.first[Math.floor(i / 400) % people.first.length]!, last: people.last[Math.floor(i / 20) % people.last.length]! };
}

/**
 * Inserts contacts `from`..`to` (inclusive) with one INSERT ... SELECT over generate_series, then
 * their match keys with one statement per key table: one primary address each and, for every
 * even contact, an office address it shares with another (1.5 addresses per contact), and one
 * mobile number each. The secondary indexes are dropped first and rebuilt after, which is
 * several times faster than maintaining them row by row; their definitions are read back from
 * pg_indexes.
 */
export async function bulkInsertContacts(client: Client, from: number, to: number): Promise<void> {
  await client.query(`set maintenance_work_mem = '512MB'`);
  await client.query('set synchronous_commit = off');
  const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
    `select i.indexname, i.indexdef from pg_indexes i
     where i.schemaname = 'crm' and i.tablename in ('contact', 'contact_email', 'contact_phone')
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  for (const index of indexes) await client.query(`drop index crm."${index.indexname}"`);
  // The same choice as nameParts: pool by i, then a name of the pool by i.
  const pick = (part: 'first' | 'last', every: number) =>
    `case p.pool ${POOLS.map((pool, k) => `when ${k + 1} then (${literal(pool[part])})[1 + (i / ${every}) % ${pool[part].length}]`).join(' ')} end`;
  await client.query(
    `insert into crm.contact (id, name, emails, phones, owner_id, team_id, created_at, updated_at)
     select md5('bench-contact-' || i)::uuid, n.first || ' ' || n.last,
       jsonb_build_array(jsonb_build_object('address',
         crm.fold(n.first) || '.' || crm.fold(n.last) || '.' || i || '@d' || (i % 5000) || '.example', 'primary', true))
         || case when i % 2 = 0 then jsonb_build_array(jsonb_build_object('address', 'office@company' || (i / 4) || '.example', 'primary', false))
            else '[]'::jsonb end,
       jsonb_build_array(jsonb_build_object('number', '+420' || (600000000 + i), 'label', 'mobile', 'primary', true)),
       null, $3::uuid, now(), now()
     from generate_series($1::int, $2::int) i,
       lateral (select case when i % 20 < 7 then 1 when i % 20 < 14 then 2 else 3 end as pool) p,
       lateral (select ${pick('first', 400)} as first, ${pick('last', 20)} as last) n`,
    [from, to, BENCH_TEAM],
  );
  await client.query(
    `insert into crm.contact_email (contact_id, address_key)
     select c.id, lower(e ->> 'address') from crm.contact c, jsonb_array_elements(c.emails) e
     where c.id in (select md5('bench-contact-' || i)::uuid from generate_series($1::int, $2::int) i)`,
    [from, to],
  );
  await client.query(
    `insert into crm.contact_phone (contact_id, number)
     select c.id, p ->> 'number' from crm.contact c, jsonb_array_elements(c.phones) p
     where c.id in (select md5('bench-contact-' || i)::uuid from generate_series($1::int, $2::int) i)`,
    [from, to],
  );
  for (const index of indexes) await client.query(index.indexdef);
  for (const table of ['contact', 'contact_email', 'contact_phone']) await client.query(`vacuum analyze crm.${table}`);
}
