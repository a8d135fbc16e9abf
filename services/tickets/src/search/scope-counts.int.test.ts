import { randomUUID } from 'node:crypto';
import { createTicketsTestContext, type TicketsTestContext } from '../testing/tickets-test-context';

// The scope counts (migration 0010) must equal counting the tickets, whatever writes them: single
// and multi-row inserts, updates that move tickets between scopes or touch nothing counted, deletes.

let ctx: TicketsTestContext;
const queues = [randomUUID(), randomUUID()];
const agents = [randomUUID(), randomUUID()];

const sql = <T>(query: string, params: unknown[] = []) => ctx.app.orm.em.fork().execute<T[]>(query, params);

/** The scope counts (an emptied scope keeps its row at 0) and a fresh count of the tickets, each as sorted `queue assignee status n` lines. */
async function countsAndTruth() {
  const line = `coalesce(queue_id::text, '-') || ' ' || coalesce(assignee_id::text, '-') || ' ' || status || ' ' || n`;
  const counts = await sql<{ line: string }>(`select ${line} as line from (select queue_id, assignee_id, status, tickets as n from tickets.scope_count where tickets <> 0) c order by 1`);
  const truth = await sql<{ line: string }>(
    `select ${line} as line from (select queue_id, assignee_id, status, count(*) as n from tickets.ticket group by 1, 2, 3) c order by 1`,
  );
  return { counts: counts.map((r) => r.line), truth: truth.map((r) => r.line) };
}

async function expectCountsTrue() {
  const { counts, truth } = await countsAndTruth();
  expect(truth.length).toBeGreaterThan(0);
  expect(counts).toEqual(truth);
}

beforeAll(async () => {
  ctx = await createTicketsTestContext();
});

afterAll(async () => {
  await ctx?.close();
});

describe('scope counts', () => {
  it('follow inserts, one by one and in bulk, and the create route', async () => {
    const headers = await ctx.auth({ sub: agents[0]!, queues: [queues[0]!] });
    for (let i = 0; i < 3; i++) {
      const res = await ctx.inject({ method: 'POST', url: '/tickets', headers, payload: { title: `Refund ${i}`, queueId: queues[0] } });
      expect(res.statusCode).toBe(201);
    }
    await sql(
      `insert into tickets.ticket (id, title, status, queue_id, assignee_id)
       select gen_random_uuid(), 'Bulk ' || i, (array['open', 'pending', 'closed'])[1 + i % 3],
         case when i % 5 = 0 then null else (array[?::uuid, ?::uuid])[1 + i % 2] end,
         case when i % 4 = 0 then null else (array[?::uuid, ?::uuid])[1 + i % 2] end
       from generate_series(1, 500) i`,
      [queues[0], queues[1], agents[0], agents[1]],
    );
    await expectCountsTrue();
  });

  it('follow updates that move tickets between scopes, and ignore those that move none', async () => {
    await sql(`update tickets.ticket set status = 'closed' where title like 'Bulk 1%'`);
    await sql(`update tickets.ticket set queue_id = ?, assignee_id = null where title like 'Bulk 2%'`, [queues[1]]);
    // Swaps two scopes in one statement: what leaves one enters the other.
    await sql(`update tickets.ticket set assignee_id = case when assignee_id = ? then ?::uuid else ?::uuid end where assignee_id in (?, ?)`, [
      agents[0],
      agents[1],
      agents[0],
      agents[0],
      agents[1],
    ]);
    const before = await countsAndTruth();
    await sql(`update tickets.ticket set updated_at = now(), priority = 'high' where title like 'Bulk 3%'`);
    expect((await countsAndTruth()).counts).toEqual(before.counts);
    await expectCountsTrue();
  });

  it('follow deletes, and never go below zero', async () => {
    await sql(`delete from tickets.ticket where title like 'Bulk 4%'`);
    await expectCountsTrue();
    await sql(`delete from tickets.ticket where queue_id is null`);
    await expectCountsTrue();
    const [empty] = await sql<{ n: number }>('select count(*)::int as n from tickets.scope_count where tickets < 0');
    expect(empty!.n).toBe(0);
  });

  it('give lists their exact total beyond the search cap', async () => {
    const admin = await ctx.auth({ sub: randomUUID(), role: 'admin' });
    await sql(`insert into tickets.ticket (id, title, queue_id) select gen_random_uuid(), 'Many ' || i, ? from generate_series(1, 10050) i`, [queues[0]]);
    const [truth] = await sql<{ n: number }>('select count(*)::int as n from tickets.ticket');
    const res = await ctx.inject({ url: '/tickets?limit=5', headers: admin });
    expect(res.json()).toMatchObject({ total: truth!.n });
    expect(res.json()).not.toHaveProperty('totalCapped');
    expect(truth!.n).toBeGreaterThan(10_000);
    await expectCountsTrue();
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
