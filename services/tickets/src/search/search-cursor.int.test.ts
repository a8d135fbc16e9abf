import { randomUUID } from 'node:crypto';
import { createDemoPrng, type TicketList } from '@switchboard/contracts';
import { createTicketsTestContext, type TicketsTestContext } from '../testing/tickets-test-context';
import { encodeCursor } from './cursor';
import { RECENT_WINDOW } from './search-sql';

// Keyset paging (decision 0021): walking a search page by page with `cursor` answers exactly the
// ids one plain statement over the whole filter answers, in its order, for every kind of page
// (lists, favourites, words from the recent window and from the GIN index), with tickets that
// share an updated_at (ties broken by id) or differ in it by microseconds only; every page shows
// the first page's total; a cursor never shows a caller more than its own results.

let ctx: TicketsTestContext;
const me = randomUUID();
const queueA = randomUUID();
const queueB = randomUUID();
const other = randomUUID();

const WORDS = ['refund', 'refunded', 'router', 'laptop', 'damaged', 'delivery', 'invoice', 'žádost', 'rare9e9f0000'];
const STATUSES = ['open', 'pending', 'closed'] as const;
const TICKETS = 700;

const sql = <T>(query: string, params: unknown[] = []) => ctx.app.orm.em.fork().execute<T[]>(query, params);

type Headers = Record<string, string>;
type Scope = { sql: string; params: unknown[] };

/** The ids of the whole filter, newest first, by one plain statement (the truth). */
async function truth(query: Record<string, string>, scope: Scope): Promise<string[]> {
  const where = [scope.sql];
  const params: unknown[] = [...scope.params];
  const add = (condition: string, value: unknown) => {
    where.push(condition);
    params.push(value);
  };
  if (query.q) add(`t.search @@ plainto_tsquery('simple', ?)`, query.q);
  if (query.status) add('t.status = ?', query.status);
  if (query.mine) add('t.assignee_id = ?', me);
  if (query.favourites) add('exists (select 1 from tickets.favourite f where f.ticket_id = t.id and f.user_id = ?)', me);
  const rows = await sql<{ id: string }>(`select t.id from tickets.ticket t where ${where.join(' and ')} order by t.updated_at desc, t.id desc`, params);
  return rows.map((r) => r.id);
}

const search = async (query: Record<string, string>, headers: Headers) => {
  const res = await ctx.inject({ url: `/tickets?${new URLSearchParams(query).toString()}`, headers });
  expect({ query, status: res.statusCode }).toEqual({ query, status: 200 });
  return res.json<TicketList>();
};

/** Every page after the cursor `after` (from the first page without one), until nextCursor is null. */
async function walk(query: Record<string, string>, headers: Headers, after?: string) {
  const pages: TicketList[] = [];
  let cursor = after;
  do {
    const page = await search({ ...query, ...(cursor ? { cursor } : {}) }, headers);
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return pages;
}

/** Walks `query` and compares it with the whole filter: the same ids in the same order, the first page's total on every page. */
async function expectWalk(query: Record<string, string>, headers: Headers, scope: Scope) {
  const pages = await walk(query, headers);
  const ids = await truth(query, scope);
  expect({ query, ids: pages.flatMap((p) => p.items.map((t) => t.id)) }).toEqual({ query, ids });
  const [first] = pages;
  for (const page of pages) {
    expect({ query, total: page.total, capped: page.totalCapped, estimate: page.totalIsEstimate }).toEqual({
      query,
      total: first!.total,
      capped: first!.totalCapped,
      estimate: first!.totalIsEstimate,
    });
  }
  if (!first!.totalIsEstimate && !first!.totalCapped) expect({ query, total: first!.total }).toEqual({ query, total: ids.length });
  return { pages, ids };
}

beforeAll(async () => {
  ctx = await createTicketsTestContext();
  const { next: random, pick } = createDemoPrng(21);
  const values: unknown[] = [];
  const rows: string[] = [];
  for (let i = 0; i < TICKETS; i++) {
    const title = Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(WORDS)).join(' ');
    // 60 distinct seconds: about a dozen tickets share each updated_at exactly; some others differ
    // from them by a few microseconds, within the same millisecond.
    const micros = random() < 0.3 ? 1 + Math.floor(random() * 5) : 0;
    rows.push(`(?, ?, ?, ?, ?, timestamptz '2026-12-01T12:00:00Z' - make_interval(secs => ?) + make_interval(secs => ? / 1000000.0))`);
    values.push(randomUUID(), title, pick(STATUSES), random() < 0.05 ? null : pick([queueA, queueB]), pick([me, other, null]), Math.floor(random() * 60), micros);
  }
  await sql(`insert into tickets.ticket (id, title, status, queue_id, assignee_id, updated_at) values ${rows.join(', ')}`, values);
  await sql(`insert into tickets.favourite (user_id, ticket_id) select ?, t.id from tickets.ticket t where ('x' || left(md5(t.id::text), 8))::bit(32)::int % 4 = 0`, [me]);
});

afterAll(async () => {
  await ctx?.close();
});

const agentScope: Scope = { sql: '(t.queue_id = any(?::uuid[]) or t.assignee_id = ?)', params: [`{${queueA}}`, me] };
const everything: Scope = { sql: 'true', params: [] };

describe('walking with cursors answers the whole filter, in order', () => {
  it('has tickets sharing an updated_at, and others apart by microseconds within a millisecond', async () => {
    const [row] = await sql<{ tied: string; micro: string }>(
      `select (select count(*) from (select updated_at from tickets.ticket group by 1 having count(*) > 1) d) as tied,
              (select count(*) from (select date_trunc('milliseconds', updated_at) from tickets.ticket group by 1 having count(distinct updated_at) > 1) d) as micro`,
    );
    expect(Number(row!.tied)).toBeGreaterThan(10);
    expect(Number(row!.micro)).toBeGreaterThan(10);
  });

  it.each([
    [{}],
    [{ limit: '7' }],
    [{ mine: 'true', limit: '10' }],
    [{ status: 'pending', limit: '25' }],
    [{ favourites: 'true', limit: '6' }],
    [{ favourites: 'true', mine: 'true', status: 'open', limit: '3' }],
    [{ q: 'refund', limit: '9' }],
    [{ q: 'ref lap', limit: '5' }],
    [{ q: 'žád', status: 'closed', limit: '4' }],
    [{ q: 'rare9e9f', favourites: 'true', limit: '3' }],
    [{ q: '9e9f0000', mine: 'true', limit: '2' }],
  ])('%j, for an agent of one queue and an admin', async (query) => {
    await expectWalk(query, await ctx.auth({ sub: me, queues: [queueA] }), agentScope);
    await expectWalk(query, await ctx.auth({ sub: me, role: 'admin' }), everything);
  });

  it('answers a cursor page after an offset page as the offset pages go on', async () => {
    const agent = await ctx.auth({ sub: me, queues: [queueA] });
    const third = await search({ limit: '10', offset: '20' }, agent);
    const rest = await walk({ limit: '10' }, agent, third.nextCursor!);
    expect(rest.flatMap((p) => p.items.map((t) => t.id))).toEqual((await truth({}, agentScope)).slice(30));
  });
});

describe('a cursor sees only what the caller may see', () => {
  it("pages another team's agent through their own tickets only", async () => {
    const billing = await ctx.auth({ sub: randomUUID(), queues: [queueB] });
    const { ids } = await expectWalk({ limit: '20' }, billing, { sql: 't.queue_id = any(?::uuid[])', params: [`{${queueB}}`] });
    const [row] = await sql<{ n: string }>(`select count(*) as n from tickets.ticket t where t.queue_id = ? and t.id = any(?::uuid[])`, [queueA, `{${ids.join(',')}}`]);
    expect(Number(row!.n)).toBe(0);
  });

  it("pages from an admin's cursor through the caller's own results, after its position", async () => {
    const admin = await ctx.auth({ sub: randomUUID(), role: 'admin' });
    const adminPage = await search({ limit: '40' }, admin);
    const agent = await ctx.auth({ sub: me, queues: [queueA] });
    const pages = await walk({ limit: '15' }, agent, adminPage.nextCursor!);
    const last = adminPage.items[adminPage.items.length - 1]!;
    const [position] = await sql<{ updated_at: string }>(`select updated_at::text from tickets.ticket where id = ?`, [last.id]);
    const after = await sql<{ id: string }>(
      `select t.id from tickets.ticket t where ${agentScope.sql} and (t.updated_at, t.id) < (?::timestamptz, ?::uuid) order by t.updated_at desc, t.id desc`,
      [...agentScope.params, position!.updated_at, last.id],
    );
    expect(pages.flatMap((p) => p.items.map((t) => t.id))).toEqual(after.map((r) => r.id));
    // The total is the caller's own, not the admin's.
    expect(pages[0]!.total).toBe((await truth({}, agentScope)).length);
  });

  it('gives a hand-made cursor no more than the caller may see either', async () => {
    const billing = await ctx.auth({ sub: randomUUID(), queues: [queueB] });
    const after = encodeCursor({ time: '9999-12-31T23:59:59.999999Z', id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' });
    const pages = await walk({ limit: '50' }, billing, after);
    expect(pages.flatMap((p) => p.items.map((t) => t.id))).toEqual(await truth({}, { sql: 't.queue_id = any(?::uuid[])', params: [`{${queueB}}`] }));
  });
});

describe('bad cursors', () => {
  const valid = () => encodeCursor({ time: '2026-12-01T11:59:30.000001Z', id: randomUUID() });
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it.each([
    ['not base64 JSON', 'bm90IGpzb24', 'INVALID_CURSOR'],
    ['JSON of another shape', b64({ t: '2026-12-01T11:59:30.000001Z', i: randomUUID() }), 'INVALID_CURSOR'],
    ['a time without microseconds', b64(['2026-12-01T11:59:30Z', randomUUID()]), 'INVALID_CURSOR'],
    ['a 13th month', b64(['2026-13-01T11:59:30.000001Z', randomUUID()]), 'INVALID_CURSOR'],
    ['February 30th', b64(['2026-02-30T11:59:30.000001Z', randomUUID()]), 'INVALID_CURSOR'],
    ['year 0', b64(['0000-01-01T00:00:00.000000Z', randomUUID()]), 'INVALID_CURSOR'],
    ['an id that is no UUID', b64(['2026-12-01T11:59:30.000001Z', "x' or 1=1"]), 'INVALID_CURSOR'],
    ['an edited cursor', `${valid().slice(0, -3)}AAA`, 'INVALID_CURSOR'],
    ['characters outside base64url', 'abc+/=', 'VALIDATION_FAILED'],
    ['a cursor too long', 'A'.repeat(201), 'VALIDATION_FAILED'],
    ['an empty cursor', '', 'VALIDATION_FAILED'],
  ])('answers 400 for %s', async (_label, after, code) => {
    const res = await ctx.inject({ url: `/tickets?cursor=${after}`, headers: await ctx.auth({ sub: me, queues: [queueA] }) });
    expect({ status: res.statusCode, code: res.json<{ code: string }>().code }).toEqual({ status: 400, code });
  });

  it('answers 400 CURSOR_WITH_OFFSET for a cursor and a non-zero offset, and takes offset 0', async () => {
    const headers = await ctx.auth({ sub: me, queues: [queueA] });
    const res = await ctx.inject({ url: `/tickets?offset=25&cursor=${valid()}`, headers });
    expect({ status: res.statusCode, code: res.json<{ code: string }>().code }).toEqual({ status: 400, code: 'CURSOR_WITH_OFFSET' });
    expect((await ctx.inject({ url: `/tickets?offset=0&cursor=${valid()}`, headers })).statusCode).toBe(200);
  });
});

describe('in a table larger than the recent window', () => {
  beforeAll(async () => {
    // A sixth of another 25,000 tickets titled with a common word, in one second apart from the rest.
    await sql(
      `insert into tickets.ticket (id, title, status, queue_id, assignee_id, updated_at)
       select gen_random_uuid(), case when i % 6 = 0 then 'Frequent word ' || i else 'Filler ' || i end,
         (array['open', 'pending', 'closed'])[1 + i % 3], (array[?::uuid, ?::uuid])[1 + i % 2], (array[?::uuid, ?::uuid, null])[1 + i % 3],
         timestamptz '2026-12-01T12:00:00Z' - make_interval(secs => (i * 7919) % 90)
       from generate_series(1, ${RECENT_WINDOW + 5000}) i`,
      [queueA, queueB, me, other],
    );
    await sql('analyze tickets.ticket');
  }, 60_000);

  it('walks a common word from the window past it, every page with the first page estimate', async () => {
    const agent = await ctx.auth({ sub: me, queues: [queueA] });
    const { pages } = await expectWalk({ q: 'frequ', status: 'open', limit: '50' }, agent, agentScope);
    expect(pages[0]!.totalIsEstimate).toBe(true);
    expect(pages.length).toBeGreaterThan(10);
  }, 60_000);

  it('walks a list past the 10,000 an offset reaches', async () => {
    const { pages, ids } = await expectWalk({ limit: '100' }, await ctx.auth({ sub: me, role: 'admin' }), everything);
    expect(ids.length).toBeGreaterThan(10_000);
    expect(pages.length).toBe(Math.ceil(ids.length / 100) + (ids.length % 100 === 0 ? 1 : 0));
  }, 60_000);
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
