import { randomUUID } from 'node:crypto';
import { createDemoPrng, type TicketList } from '@switchboard/contracts';
import { createTicketsTestContext, type TicketsTestContext } from '../testing/tickets-test-context';

// A word search looks for its page first among the newest tickets through the newest-first index
// alone (its `words` lexemes, queue and assignee, migration 0009), and only then over the GIN
// index. Both must answer exactly what the whole filter answers: the same page, newest first, and
// the same total, for every kind of caller and combined with the other filters.

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
  const where = [`t.search @@ plainto_tsquery('simple', ?)`, scope.sql];
  const params: unknown[] = [query.q, ...scope.params];
  if (query.status) {
    where.push('t.status = ?');
    params.push(query.status);
  }
  if (query.mine) {
    where.push('t.assignee_id = ?');
    params.push(me);
  }
  const rows = await ctx.app.orm.em
    .fork()
    .execute<{ id: string }[]>(`select t.id from tickets.ticket t where ${where.join(' and ')} order by t.updated_at desc, t.id desc`, params);
  const offset = Number(query.offset ?? 0);
  const limit = Number(query.limit ?? 25);
  expect({ query, ids: answer.items.map((t) => t.id), total: answer.total }).toEqual({
    query,
    ids: rows.slice(offset, offset + limit).map((r) => r.id),
    total: rows.length,
  });
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
});

afterAll(async () => {
  await ctx?.close();
});

describe('a word search answers what its whole filter answers', () => {
  const queries = ['refund', 'ref', 'r', 'laptop dam', 'invoice charg', 'žád', 'objedn', 'rare9e9f', '9e9f0000', 'rare9e9f0000 order', 'nothing', 'router laptop damaged delivery'];

  it.each(queries)('%s, for an agent of one queue, an agent of none, and an admin', async (q) => {
    const agent = await ctx.auth({ sub: me, queues: [queueA] });
    const assigneeOnly = await ctx.auth({ sub: me, queues: [] });
    const admin = await ctx.auth({ sub: randomUUID(), role: 'admin' });
    const agentScope = { sql: '(t.queue_id = any(?::uuid[]) or t.assignee_id = ?)', params: [`{${queueA}}`, me] };
    await compare({ q }, agent, agentScope);
    await compare({ q, limit: '3' }, agent, agentScope);
    await compare({ q, limit: '5', offset: '5' }, agent, agentScope);
    await compare({ q, status: 'pending' }, agent, agentScope);
    await compare({ q, mine: 'true' }, agent, agentScope);
    await compare({ q }, assigneeOnly, { sql: 't.assignee_id = ?', params: [me] });
    await compare({ q, limit: '10' }, admin, { sql: 'true', params: [] });
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
