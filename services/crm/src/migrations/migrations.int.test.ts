import { createTestDatabase, createTestKeys, type TestDatabase } from '@switchboard/service-kit/testing';
import { buildApp } from '../app';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('sb_crm_mig');
});

afterAll(async () => {
  await db?.drop();
});

const SHAPE_SQL = `
  select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || is_generated as line
  from information_schema.columns where table_schema = 'crm'
  union all
  select 'index ' || indexname || ' ' || indexdef from pg_indexes where schemaname = 'crm'
  order by 1`;

/** Statements the repositories run, each of which must be answered from an index. */
const INDEXED: Record<string, [string, string]> = {
  'contact words': [`select id from crm.contact c where c.words @@ to_tsquery('simple', crm.fold('Nováková:*'))`, 'contact_words_idx'],
  'company words': [`select id from crm.company co where co.words @@ to_tsquery('simple', crm.fold('Šumava:*'))`, 'company_words_idx'],
  'contact search': [`select id from crm.contact c where c.search like '%' || crm.fold('Nováková') || '%'`, 'contact_search_idx'],
  'company search': [`select id from crm.company co where co.search like '%' || crm.fold('Šumava') || '%'`, 'company_search_idx'],
  'match by email': [`select contact_id from crm.contact_email where address_key = 'jana@x.cz'`, 'contact_email_key_idx'],
  'match by number': [`select contact_id from crm.contact_phone where number = '+420602123456'`, 'contact_phone_number_idx'],
  'match by domain': [`select id from crm.company co where co.domains @> array['x.cz']::text[]`, 'company_domains_idx'],
  'name prefix': [`select id from crm.contact c where c.sort_name like crm.fold('Ja') || '%' order by c.sort_name, c.id limit 26`, 'contact_sort_idx'],
  activities: [
    `select id from crm.activity a where a.contact_id = '00000000-0000-4000-8000-000000000001' order by a.occurred_at desc, a.id desc limit 26`,
    'activity_contact_idx',
  ],
};

async function openAndInspect() {
  const keys = await createTestKeys();
  const app = await buildApp({ databaseUrl: db.url, logger: false, getKey: keys.getKey, poolSize: 2 });
  try {
    const em = app.orm.em.fork();
    const shape = (await em.execute<{ line: string }[]>(SHAPE_SQL)).map((r) => r.line);
    const applied = await em.execute<{ name: string }[]>('select name from crm.mikro_orm_migrations order by id');
    const [{ folded }] = await em.execute<{ folded: string }[]>(`select crm.fold('Nováková ŽLUŤOUČKÝ kůň') as folded`);
    const plans: Record<string, string> = {};
    for (const [name, [statement]] of Object.entries(INDEXED)) {
      plans[name] = await em.transactional(async (tx) => {
        await tx.execute('set local enable_seqscan = off');
        const rows = await tx.execute<{ 'QUERY PLAN': string }[]>(`explain ${statement}`);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    }
    return { shape, applied: applied.map((r) => r.name), folded, plans };
  } finally {
    await app.close();
  }
}

describe('crm migrations', () => {
  it('build the schema with its extensions on an empty database, and a second run changes nothing', async () => {
    const first = await openAndInspect();
    expect(first.applied).toEqual(['0001-create-crm', '0002-service-events', '0003-calendar-event-key', '0004-sla-plans']);
    expect(first.folded).toBe('novakova zlutoucky kun');
    expect(first.shape).toEqual(
      expect.arrayContaining([
        'column contact.search text YES ALWAYS',
        'column contact.sort_name text YES ALWAYS',
        'column company.search text YES ALWAYS',
        expect.stringMatching(/^index contact_search_idx .* USING gin \(search crm\.gin_trgm_ops\)$/),
        expect.stringMatching(/^index contact_email_key_idx .*\(address_key\)$/),
        expect.stringMatching(/^index contact_phone_number_idx .*\(number\)$/),
        expect.stringMatching(/^index activity_contact_idx .*\(contact_id, occurred_at DESC, id DESC\)$/),
        expect.stringMatching(/^index calendar_event_owner_idx .*\(owner_id, starts_at\)$/),
      ]),
    );
    for (const [name, [, index]] of Object.entries(INDEXED)) expect([name, first.plans[name]]).toEqual([name, expect.stringContaining(index)]);

    const second = await openAndInspect();
    expect(second.applied).toEqual(first.applied);
    expect(second.shape).toEqual(first.shape);
  });
});
