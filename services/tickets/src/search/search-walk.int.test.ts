import { randomUUID } from 'node:crypto';
import { createDemoPrng, type TicketList } from '@switchboard/contracts';
import { createTicketsTestContext, type TicketsTestContext } from '../testing/tickets-test-context';
import { RECENT_WINDOW } from './search-sql';

// A word search looks for its page first among the newest tickets through the newest-first index
// alone (its `words` lexemes, queue and assignee, migration 0009), and only then over the GIN
// index; a list's total is summed from the scope counts (migration 0010), and a favourites page's
// is counted while its favourites are sorted. All must answer exactly what the whole filter
// answers: the same page, newest first, and a total that is the same, or, flagged, a true lower
// bound (capped) or an estimate (decision 0019), for every kind of caller and combined with the
// other filters.

let ctx: TicketsTestContext;
const me = randomUUID();
const queueA = randomUUID();
const queueB = randomUUID();
const others = [randomUUID(), randomUUID()];

/**
 * Titles from a small vocabulary, so that words are common, rare, and together in some titles; a
 * typed word is also the start of longer ones (`refund` of `refunded`).
 */
const WORDS = ['refund', 'refunded', 'router', 'routers', 'laptop', 'damaged', 'delivery', 'delayed', 'invoice', 'charged', 'reklamace', 'žádost', 'order', 'objednávka', 'rare9e9f0000'];
const STATUSES = ['open', 'pending', 'closed'] as const;
const TICKETS = 1200;

/** Searches as the route does, and as one plain statement over the whole filter (the truth). */
async function compare(query: Record<string, string>, headers: Record<string, string>, scope: { sql: string; params: unknown[] }) {
  const res = await ctx.inject({ url: `/tickets?${new URLSearchParams(query).toString()}`, headers });
  expect(res.statusCode).toBe(200);
  const answer = res.json<TicketList>();
  const where = [scope.sql];
  const params: unknown[] = [...scope.params];
  if (query.q) {
    where.push(`t.search @@ plainto_tsquery('simple', ?)`);
    params.push(query.q);
  }
  if (query.status) {
    where.push('t.status = ?');
    params.push(query.status);
  }
  if (query.mine) {
    where.push('t.assignee_id = ?');
    params.push(me);
  }
  if (query.favourites) {
    where.push('exists (select 1 from tickets.favourite f where f.ticket_id = t.id and f.user_id = ?)');
    params.push(me);
  }
  const rows = await ctx.app.orm.em
    .fork()
    .execute<{ id: string }[]>(`select t.id from tickets.ticket t where ${where.join(' and ')} order by t.updated_at desc, t.id desc`, params);
  const offset = Number(query.offset ?? 0);
  const limit = Number(query.limit ?? 25);
  expect({ query, ids: answer.items.map((t) => t.id) }).toEqual({ query, ids: rows.slice(offset, offset + limit).map((r) => r.id) });
  expect(answer.totalCapped && answer.totalIsEstimate).toBeFalsy();
  if (answer.totalCapped) {
    // A true lower bound: counting stopped at the cap.
    expect({ query, total: answer.total, more: rows.length > answer.total }).toEqual({ query, total: 10_000, more: true });
  } else if (answer.totalIsEstimate) {
    // Only for a full page from the window of a table larger than it, and never below what the page showed.
    expect({ query, full: rows.length > offset + limit, atLeastSeen: answer.total > offset + limit }).toEqual({ query, full: true, atLeastSeen: true });
  } else {
    expect({ query, total: answer.total }).toEqual({ query, total: rows.length });
  }
  return { answer, truth: rows.length };
}

beforeAll(async () => {
  ctx = await createTicketsTestContext();
  const { next: random, pick } = createDemoPrng(17);
  const values: unknown[] = [];
  const rows: string[] = [];
  for (let i = 0; i < TICKETS; i++) {
    const title = Array.from({ length: 2 + Math.floor(random() * 4) }, () => pick(WORDS)).join(' ');
    // A few tickets without a queue; assignees: the caller, others, nobody.
    const queue = random() < 0.05 ? null : pick([queueA, queueB]);
    const assignee = pick([me, others[0], others[1], null]);
    rows.push(`(?, ?, ?, ?, ?, now() - make_interval(secs => ?))`);
    values.push(randomUUID(), title, pick(STATUSES), queue, assignee, Math.floor(random() * 1_000_000));
  }
  await ctx.app.orm.em
    .fork()
    .execute(`insert into tickets.ticket (id, title, status, queue_id, assignee_id, updated_at) values ${rows.join(', ')}`, values);
  // A fifth of the tickets are the caller's favourites, in every queue and of every assignee.
  await ctx.app.orm.em
    .fork()
    .execute(`insert into tickets.favourite (user_id, ticket_id) select ?, t.id from tickets.ticket t where ('x' || left(md5(t.id::text), 8))::bit(32)::int % 5 = 0`, [me]);
});

afterAll(async () => {
  await ctx?.close();
});

const agentScope = { sql: '(t.queue_id = any(?::uuid[]) or t.assignee_id = ?)', params: [`{${queueA}}`, me] };
const assigneeScope = { sql: 't.assignee_id = ?', params: [me] };
const everything = { sql: 'true', params: [] };

/** Every query of `queries` for an agent of one queue, an agent of none and an admin, with filters and pages; answers its word searches' results. */
async function compareAll(q: string) {
  const agent = await ctx.auth({ sub: me, queues: [queueA] });
  const assigneeOnly = await ctx.auth({ sub: me, queues: [] });
  const admin = await ctx.auth({ sub: randomUUID(), role: 'admin' });
  const withQ: Record<string, string> = q ? { q } : {};
  const results = [
    await compare({ ...withQ }, agent, agentScope),
    await compare({ ...withQ, limit: '3' }, agent, agentScope),
    await compare({ ...withQ, limit: '5', offset: '5' }, agent, agentScope),
    await compare({ ...withQ, status: 'pending' }, agent, agentScope),
    await compare({ ...withQ, mine: 'true' }, agent, agentScope),
    await compare({ ...withQ, mine: 'true', status: 'closed' }, agent, agentScope),
    await compare({ ...withQ, favourites: 'true', limit: '5' }, agent, agentScope),
    await compare({ ...withQ, favourites: 'true', mine: 'true', limit: '3', offset: '3' }, agent, agentScope),
    await compare({ ...withQ, favourites: 'true' }, assigneeOnly, assigneeScope),
    await compare({ ...withQ }, assigneeOnly, assigneeScope),
    await compare({ ...withQ, limit: '10' }, admin, everything),
    await compare({ ...withQ, status: 'open' }, admin, everything),
  ];
  return results;
}

const queries = ['refund', 'ref', 'r', 'laptop dam', 'invoice charg', 'žád', 'objedn', 'rare9e9f', '9e9f0000', 'rare9e9f0000 order', 'nothing', 'router laptop damaged delivery'];

describe('a search answers what its whole filter answers', () => {
  it('a list without words, for an agent of one queue, an agent of none, and an admin', async () => {
    const results = await compareAll('');
    expect(results.every(({ answer }) => !answer.totalCapped && !answer.totalIsEstimate)).toBe(true);
  });

  it.each(queries)('%s, for an agent of one queue, an agent of none, and an admin', async (q) => {
    const results = await compareAll(q);
    // The table is smaller than the recent window: every total is counted.
    expect(results.every(({ answer }) => !answer.totalCapped && !answer.totalIsEstimate)).toBe(true);
  });
});

describe('in a table larger than the recent window', () => {
  beforeAll(async () => {
    // Another 25,000 tickets, a sixth of them titled with a common word, spread over the same time.
    await ctx.app.orm.em.fork().execute(
      `insert into tickets.ticket (id, title, status, queue_id, assignee_id, updated_at)
       select gen_random_uuid(), case when i % 6 = 0 then 'Frequent word ' || i else 'Filler ' || i end,
         (array['open', 'pending', 'closed'])[1 + i % 3], (array[?::uuid, ?::uuid])[1 + i % 2], (array[?::uuid, ?::uuid, null])[1 + i % 3],
         now() - make_interval(secs => (i * 7919) % 1000000)
       from generate_series(1, ${RECENT_WINDOW + 5000}) i`,
      [queueA, queueB, me, others[0]],
    );
    await ctx.app.orm.em.fork().execute('analyze tickets.ticket');
  }, 60_000);

  it('estimates a common word, flagged, and near the truth; counts everything else', async () => {
    const results = await compareAll('frequ');
    const estimated = results.filter(({ answer }) => answer.totalIsEstimate);
    expect(estimated.length).toBeGreaterThan(0);
    // Spread evenly over time, the newest tickets are a fair sample: within a factor of 1.5 of the truth.
    for (const { answer, truth } of estimated) expect(Math.abs(Math.log(answer.total / truth))).toBeLessThan(Math.log(1.5));
    for (const q of ['', 'refund', 'laptop dam', 'rare9e9f0000 order']) await compareAll(q);
  }, 60_000);
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
