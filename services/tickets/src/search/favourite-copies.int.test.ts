import { randomUUID } from 'node:crypto';
import type { TicketList } from '@switchboard/contracts';
import { Client } from 'pg';
import { createTicketsTestContext, type TicketsTestContext } from '../testing/tickets-test-context';

// A favourite carries copies of its ticket's updated_at, queue, assignee and status (migration
// 0011), which a favourites page filters and sorts by. They must equal the ticket's whoever
// changes it (routes, a bulk update, a delete) and when a favourite and a change of its ticket
// are in flight at once.

let ctx: TicketsTestContext;
const me = randomUUID();
const queueA = randomUUID();
const queueB = randomUUID();
const other = randomUUID();

const sql = <T>(query: string, params: unknown[] = []) => ctx.app.orm.em.fork().execute<T[]>(query, params);

/** Favourites whose copies differ from their ticket, as `ticket_id` lines. */
async function staleCopies(): Promise<string[]> {
  const rows = await sql<{ ticket_id: string }>(
    `select f.ticket_id from tickets.favourite f join tickets.ticket t on t.id = f.ticket_id
     where (f.updated_at, f.queue_id, f.assignee_id, f.status) is distinct from (t.updated_at, t.queue_id, t.assignee_id, t.status)`,
  );
  return rows.map((r) => r.ticket_id);
}

/** The favourites page as the route answers it and as plain SQL over the ticket table, for one caller. */
async function expectPageTrue(headers: Record<string, string>, scope: { sql: string; params: unknown[] }, query: string) {
  const answer = (await ctx.inject({ url: `/tickets?favourites=true&${query}`, headers })).json<TicketList>();
  const params = new URLSearchParams(query);
  const where = [scope.sql, 'exists (select 1 from tickets.favourite f where f.ticket_id = t.id and f.user_id = ?)'];
  const values = [...scope.params, me];
  if (params.get('mine')) {
    where.push('t.assignee_id = ?');
    values.push(me);
  }
  if (params.get('status')) {
    where.push('t.status = ?');
    values.push(params.get('status'));
  }
  const rows = await sql<{ id: string }>(`select t.id from tickets.ticket t where ${where.join(' and ')} order by t.updated_at desc, t.id desc`, values);
  const offset = Number(params.get('offset') ?? 0);
  const limit = Number(params.get('limit') ?? 25);
  expect({ query, ids: answer.items.map((t) => t.id), total: answer.total }).toEqual({
    query,
    ids: rows.slice(offset, offset + limit).map((r) => r.id),
    total: rows.length,
  });
}

/** Resolves once the backend `pid` waits for a lock. */
async function waitingForLock(pid: number): Promise<void> {
  for (;;) {
    const [row] = await sql<{ waiting: boolean }>(`select wait_event_type = 'Lock' as waiting from pg_stat_activity where pid = ?`, [pid]);
    if (row?.waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function connect(): Promise<{ client: Client; pid: number }> {
  const client = new Client({ connectionString: ctx.db.url });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  return { client, pid: rows[0]!.pid };
}

let tickets: string[] = [];

beforeAll(async () => {
  ctx = await createTicketsTestContext();
  const rows = await sql<{ id: string }>(
    `insert into tickets.ticket (id, title, status, queue_id, assignee_id, updated_at)
     select gen_random_uuid(), 'Ticket ' || i, (array['open', 'pending', 'closed'])[1 + i % 3],
       case when i % 7 = 0 then null else (array[?::uuid, ?::uuid])[1 + i % 2] end,
       (array[?::uuid, ?::uuid, null])[1 + i % 3], now() - make_interval(mins => i)
     from generate_series(1, 60) i returning id`,
    [queueA, queueB, me, other],
  );
  tickets = rows.map((r) => r.id);
});

afterAll(async () => {
  await ctx?.close();
});

describe('a favourite copies its ticket', () => {
  it('when marked through the route and when inserted in bulk', async () => {
    const admin = await ctx.auth({ sub: me, role: 'admin' });
    for (const id of tickets.slice(0, 5)) expect((await ctx.inject({ method: 'PUT', url: `/tickets/${id}/favourite`, headers: admin })).statusCode).toBe(204);
    await sql(`insert into tickets.favourite (user_id, ticket_id) select ?, id from tickets.ticket where title ~ '[02468]$' on conflict do nothing`, [me]);
    const [counted] = await sql<{ n: number }>('select count(*)::int as n from tickets.favourite');
    expect(counted!.n).toBeGreaterThan(30);
    expect(await staleCopies()).toEqual([]);
  });

  it('refuses a favourite of a ticket that does not exist, with the foreign key error', async () => {
    await expect(sql('insert into tickets.favourite (user_id, ticket_id) values (?, ?)', [me, randomUUID()])).rejects.toMatchObject({ code: '23503' });
  });

  it('after every kind of change of the ticket', async () => {
    const admin = await ctx.auth({ sub: randomUUID(), role: 'admin', queues: [queueA, queueB] });
    const [a, b, c, d, e] = tickets.slice(0, 5) as [string, string, string, string, string];
    const patch = (id: string, payload: object) => ctx.inject({ method: 'PATCH', url: `/tickets/${id}`, headers: admin, payload });
    expect((await patch(a, { status: 'closed' })).statusCode).toBe(200);
    expect((await patch(b, { queueId: queueB, assigneeId: null })).statusCode).toBe(200);
    expect((await ctx.inject({ method: 'PATCH', url: `/tickets/${c}/tags`, headers: admin, payload: { add: ['vip'] } })).statusCode).toBe(200);
    const pairing = { contactId: randomUUID(), contactName: 'Jana Nováková' };
    expect((await ctx.inject({ method: 'PUT', url: `/tickets/${d}/contact`, headers: admin, payload: pairing })).statusCode).toBe(200);
    const changes = { changes: [{ key: `${randomUUID()}:0`, status: 'pending' }] };
    expect((await ctx.inject({ method: 'POST', url: `/tickets/${e}/changes`, headers: admin, payload: changes })).statusCode).toBe(200);
    expect((await ctx.inject({ method: 'PUT', url: `/emails/${randomUUID()}/ticket`, headers: admin, payload: { ticketId: a } })).statusCode).toBe(200);
    expect(await staleCopies()).toEqual([]);

    // A bulk update moving many tickets at once, and one that changes nothing copied.
    await sql(`update tickets.ticket set assignee_id = ?, status = 'open', updated_at = now() where title ~ '[13579]$'`, [me]);
    await sql(`update tickets.ticket set queue_id = ? where queue_id is null`, [queueA]);
    await sql(`update tickets.ticket set priority = 'urgent' where title ~ '5$'`);
    expect(await staleCopies()).toEqual([]);
  });

  it('gives favourites pages what plain SQL over the tickets gives, for an agent and an assignee-only caller', async () => {
    const agent = await ctx.auth({ sub: me, queues: [queueA] });
    const assigneeOnly = await ctx.auth({ sub: me, queues: [] });
    const agentScope = { sql: '(t.queue_id = any(?::uuid[]) or t.assignee_id = ?)', params: [`{${queueA}}`, me] };
    const assigneeScope = { sql: 't.assignee_id = ?', params: [me] };
    for (const query of ['', 'limit=5', 'limit=5&offset=5', 'mine=true', 'mine=true&limit=3&offset=3', 'status=open', 'mine=true&status=closed', 'limit=7&offset=2']) {
      await expectPageTrue(agent, agentScope, query);
      await expectPageTrue(assigneeOnly, assigneeScope, query);
    }
  });

  it('goes with its ticket when the ticket is deleted', async () => {
    const id = tickets[0]!;
    await sql('delete from tickets.ticket where id = ?', [id]);
    const [left] = await sql<{ n: number }>('select count(*)::int as n from tickets.favourite where ticket_id = ?', [id]);
    expect(left!.n).toBe(0);
  });
});

describe('a favourite and a change of its ticket in flight at once', () => {
  it('a favourite marked while the change is uncommitted waits for it and copies the change', async () => {
    const id = tickets[10]!;
    await sql('delete from tickets.favourite where ticket_id = ?', [id]);
    const writer = await connect();
    const marker = await connect();
    try {
      await writer.client.query('begin');
      await writer.client.query(`update tickets.ticket set status = 'closed', assignee_id = $2, updated_at = now() + interval '1 hour' where id = $1`, [id, other]);
      const marking = marker.client.query('insert into tickets.favourite (user_id, ticket_id) values ($1, $2) on conflict do nothing', [me, id]);
      await waitingForLock(marker.pid);
      await writer.client.query('commit');
      await marking;
    } finally {
      await writer.client.end();
      await marker.client.end();
    }
    expect(await staleCopies()).toEqual([]);
  });

  it('a change made while the favourite is uncommitted waits for it and updates the copy', async () => {
    const id = tickets[12]!;
    await sql('delete from tickets.favourite where ticket_id = ?', [id]);
    const writer = await connect();
    const marker = await connect();
    try {
      await marker.client.query('begin');
      await marker.client.query('insert into tickets.favourite (user_id, ticket_id) values ($1, $2)', [me, id]);
      const changing = writer.client.query(`update tickets.ticket set status = 'pending', queue_id = $2, updated_at = now() + interval '2 hours' where id = $1`, [id, queueB]);
      await waitingForLock(writer.pid);
      await marker.client.query('commit');
      await changing;
    } finally {
      await writer.client.end();
      await marker.client.end();
    }
    const [copy] = await sql<{ status: string }>('select status from tickets.favourite where ticket_id = ?', [id]);
    expect(copy!.status).toBe('pending');
    expect(await staleCopies()).toEqual([]);
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
