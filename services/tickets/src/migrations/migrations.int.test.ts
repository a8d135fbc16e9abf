import { createTestDatabase, createTestKeys, type TestDatabase } from '@switchboard/service-kit/testing';
import { buildApp } from '../app';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('sb_tickets_mig');
});

afterAll(async () => {
  await db?.drop();
});

/** Columns and indexes of the tickets schema, as one comparable list. */
const SHAPE_SQL = `
  select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || is_generated as line
  from information_schema.columns where table_schema = 'tickets'
  union all
  select 'index ' || indexname || ' ' || indexdef from pg_indexes where schemaname = 'tickets'
  order by 1`;

async function openAndInspect() {
  const keys = await createTestKeys();
  const app = await buildApp({ databaseUrl: db.url, logger: false, getKey: keys.getKey, poolSize: 2 });
  try {
    const em = app.orm.em.fork();
    const shape = (await em.execute<{ line: string }[]>(SHAPE_SQL)).map((r) => r.line);
    const applied = await em.execute<{ name: string }[]>('select name from tickets.mikro_orm_migrations order by id');
    const plan = await em.transactional(async (tx) => {
      await tx.execute('set local enable_seqscan = off');
      const rows = await tx.execute<{ 'QUERY PLAN': string }[]>(
        `explain select id from tickets.ticket t where t.search @@ to_tsquery('simple', 'refu')`,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    return { shape, applied: applied.map((r) => r.name), plan };
  } finally {
    await app.close();
  }
}

describe('tickets migrations', () => {
  it('build the schema on an empty database, and a second run changes nothing', async () => {
    const first = await openAndInspect();
    expect(first.applied).toEqual(['0001-create-tickets', '0002-ticket-queue-index', '0003-service-events', '0004-ticket-tags', '0005-applied-changes', '0006-unread-emails', '0007-title-prefixes', '0008-ticket-team', '0009-recent-words', '0010-scope-counts', '0011-favourite-sort-columns']);
    expect(first.shape).toEqual(
      expect.arrayContaining([
        'column ticket.search tsvector YES ALWAYS',
        'column ticket.number bigint NO NEVER',
        'column favourite.user_id uuid NO NEVER',
        'column email_link.email_id uuid NO NEVER',
        'column email_link.unread boolean NO NEVER',
        'column ticket.team_id uuid YES NEVER',
        expect.stringMatching(/^index ticket_search_idx .* USING gin \(search\)$/),
        'column ticket.words tsvector YES ALWAYS',
        expect.stringMatching(/^index ticket_recent_words_idx .*\(updated_at DESC, id DESC\) INCLUDE \(queue_id, assignee_id, words\)$/),
        expect.stringMatching(/^index ticket_assignee_id_updated_idx .*\(assignee_id, updated_at DESC, id DESC\)$/),
        expect.stringMatching(/^index ticket_contact_id_updated_idx /),
        expect.stringMatching(/^index ticket_company_id_updated_idx /),
        expect.stringMatching(/^index ticket_queue_id_updated_idx .*\(queue_id, updated_at DESC, id DESC\)$/),
        expect.stringMatching(/^index ticket_number_unique .*UNIQUE.*\(number\)$/),
        expect.stringMatching(/^index favourite_pkey .*\(user_id, ticket_id\)$/),
        expect.stringMatching(/^index email_link_ticket_idx /),
        expect.stringMatching(/^index email_link_unread_idx .*\(ticket_id\) WHERE unread$/),
        expect.stringMatching(/^index ticket_tag_pkey .*\(ticket_id, tag\)$/),
        expect.stringMatching(/^index applied_change_pkey .*\(ticket_id, key\)$/),
        'column scope_count.tickets bigint NO NEVER',
        expect.stringMatching(/^index scope_count_scope_unique .*UNIQUE.*\(queue_id, assignee_id, status\) NULLS NOT DISTINCT$/),
        expect.stringMatching(/^index ticket_id_visible_idx .*\(id\) INCLUDE \(updated_at, queue_id, assignee_id\)$/),
        'column favourite.updated_at timestamp with time zone NO NEVER',
        'column favourite.status text NO NEVER',
        expect.stringMatching(/^index favourite_user_updated_idx .*\(user_id, updated_at DESC, ticket_id DESC\) INCLUDE \(queue_id, assignee_id, status\)$/),
      ]),
    );
    expect(first.plan).toContain('ticket_search_idx');

    const second = await openAndInspect();
    expect(second.applied).toEqual(first.applied);
    expect(second.shape).toEqual(first.shape);
  });
});
