import { randomUUID } from 'node:crypto';
import { DEMO, type Ticket } from '@switchboard/contracts';
import { createTicketsTestContext, type TicketsTestContext } from './testing/tickets-test-context';

let ctx: TicketsTestContext;
const agentId = randomUUID();
let agent: Record<string, string>;

beforeAll(async () => {
  ctx = await createTicketsTestContext();
  agent = await ctx.auth({ sub: agentId, queues: [DEMO.queues.support.id] });
});

afterAll(async () => {
  await ctx?.close();
});

const create = async (body: Record<string, unknown>, headers = agent) =>
  ctx.inject({ method: 'POST', url: '/tickets', body, headers });

describe('POST /tickets (K4)', () => {
  it('creates an open ticket assigned to the caller, numbered from the sequence', async () => {
    const first = await create({ title: '  Printer jams on page two  ', priority: 'high', queueId: DEMO.queues.support.id });
    expect(first.statusCode).toBe(201);
    const ticket = first.json<Ticket>();
    expect(ticket).toMatchObject({
      title: 'Printer jams on page two',
      status: 'open',
      priority: 'high',
      queueId: DEMO.queues.support.id,
      assigneeId: agentId,
      favourite: false,
      contactId: null,
    });
    expect(ticket.number).toBeGreaterThanOrEqual(1000);
    const second = (await create({ title: 'Another one' })).json<Ticket>();
    expect(second.number).toBe(ticket.number + 1);
    expect(second.priority).toBe('normal');
  });

  it('leaves the ticket unassigned when assignToMe is false and keeps CRM copies', async () => {
    const contactId = randomUUID();
    const res = await create({ title: 'Callback', assignToMe: false, contactId, contactName: 'Jana Nováková' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ assigneeId: null, contactId, contactName: 'Jana Nováková', companyName: null });
  });

  it('refuses a queue the caller is not a member of', async () => {
    const res = await create({ title: 'Wrong queue', queueId: DEMO.queues.billing.id });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('QUEUE_FORBIDDEN');
  });

  it('lets a service create tickets, unassigned', async () => {
    const res = await create({ title: 'From the mail worker' }, await ctx.auth({ sub: 'service:mail', role: 'service' }));
    expect(res.statusCode).toBe(201);
    expect(res.json().assigneeId).toBeNull();
  });

  it('lets a service create a ticket for an agent in any queue; an agent may not name an assignee', async () => {
    const mail = await ctx.auth({ sub: 'service:mail', role: 'service' });
    const body = { title: 'Sent without a ticket', queueId: DEMO.queues.billing.id, assigneeId: agentId };
    const res = await create(body, mail);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ assigneeId: agentId, queueId: DEMO.queues.billing.id });

    const byAgent = await create({ title: 'For someone else', assigneeId: randomUUID() });
    expect(byAgent.statusCode).toBe(403);
    expect(byAgent.json().code).toBe('FORBIDDEN');
    // A token claiming role service without a service subject is still an agent's.
    const fake = await create(body, await ctx.auth({ sub: agentId, role: 'service' }));
    expect(fake.statusCode).toBe(403);
  });

  it("lets a service choose the new ticket's id, so a repeated create answers the ticket it made", async () => {
    const mail = await ctx.auth({ sub: 'service:mail', role: 'service' });
    const id = randomUUID();
    const body = { id, title: 'Sent while a replica died', queueId: DEMO.queues.support.id, assigneeId: agentId };
    const first = await create(body, mail);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ id, title: body.title, assigneeId: agentId });
    // A retry after a lost answer, and two at the same moment: still the one ticket.
    const repeats = await Promise.all([create(body, mail), create(body, mail), create({ ...body, title: 'Another title' }, mail)]);
    for (const repeat of repeats) expect(repeat.json()).toMatchObject({ id, number: first.json().number, title: body.title });
    const [{ count }] = await ctx.app.orm.em.fork().execute<{ count: string }[]>('select count(*) from tickets.ticket where id = ?', [id]);
    expect(Number(count)).toBe(1);

    const raced = randomUUID();
    const racing = await Promise.all([1, 2, 3].map(() => create({ ...body, id: raced }, mail)));
    expect(new Set(racing.map((res) => `${res.statusCode} ${res.json().id} ${res.json().number}`)).size).toBe(1);

    const byAgent = await create({ id: randomUUID(), title: 'My own id' });
    expect(byAgent.statusCode).toBe(403);
    expect(byAgent.json().code).toBe('FORBIDDEN');
  });

  it('shows a created ticket in search and by id', async () => {
    const ticket = (await create({ title: 'Quokka sighting in warehouse' })).json<Ticket>();
    const found = await ctx.inject({ url: '/tickets?q=quok', headers: agent });
    expect(found.json().items.map((t: Ticket) => t.id)).toEqual([ticket.id]);
    const byId = await ctx.inject({ url: `/tickets/${ticket.id}`, headers: agent });
    expect(byId.statusCode).toBe(200);
    expect(byId.json()).toEqual(ticket);
  });

  it.each([
    ['an empty title', { title: '' }],
    ['a blank title', { title: '   ' }],
    ['a missing title', {}],
    ['a too long title', { title: 'x'.repeat(301) }],
    ['an unknown property', { title: 'ok', owner: 'me' }],
    ['a bad priority', { title: 'ok', priority: 'asap' }],
    ['a bad queue id', { title: 'ok', queueId: 'support' }],
    ['a non-boolean assignToMe', { title: 'ok', assignToMe: 'perhaps' }],
  ])('answers 400 with a code to %s', async (_name, body) => {
    const res = await create(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('answers 400 to invalid or empty JSON and to text, 415 to other media types', async () => {
    const invalid = await ctx.inject({ method: 'POST', url: '/tickets', payload: '{"title":', headers: { ...agent, 'content-type': 'application/json' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe('INVALID_JSON');
    const empty = await ctx.inject({ method: 'POST', url: '/tickets', payload: '', headers: { ...agent, 'content-type': 'application/json' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBeDefined();
    const text = await ctx.inject({ method: 'POST', url: '/tickets', payload: 'title', headers: { ...agent, 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(400);
    const xml = await ctx.inject({ method: 'POST', url: '/tickets', payload: '<t/>', headers: { ...agent, 'content-type': 'application/xml' } });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('GET /tickets/:id', () => {
  it('answers 404 TICKET_NOT_FOUND for an unknown id and 400 for a bad one', async () => {
    const unknown = await ctx.inject({ url: `/tickets/${randomUUID()}`, headers: agent });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('TICKET_NOT_FOUND');
    const bad = await ctx.inject({ url: '/tickets/1234', headers: agent });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('favourites', () => {
  it('marks and unmarks idempotently, per user', async () => {
    const ticket = (await create({ title: 'Favourite me', queueId: DEMO.queues.support.id })).json<Ticket>();
    const url = `/tickets/${ticket.id}/favourite`;
    for (let i = 0; i < 2; i++) {
      const put = await ctx.inject({ method: 'PUT', url, headers: agent });
      expect(put.statusCode).toBe(204);
      expect(put.body).toBe('');
    }
    expect((await ctx.inject({ url: `/tickets/${ticket.id}`, headers: agent })).json().favourite).toBe(true);
    const colleague = await ctx.auth({ sub: randomUUID(), queues: [DEMO.queues.support.id] });
    expect((await ctx.inject({ url: `/tickets/${ticket.id}`, headers: colleague })).json().favourite).toBe(false);
    for (let i = 0; i < 2; i++) {
      expect((await ctx.inject({ method: 'DELETE', url, headers: agent })).statusCode).toBe(204);
    }
    expect((await ctx.inject({ url: `/tickets/${ticket.id}`, headers: agent })).json().favourite).toBe(false);
  });

  it('answers 404 for an unknown ticket, 400 for a bad id, 403 for a service', async () => {
    for (const method of ['PUT', 'DELETE'] as const) {
      const unknown = await ctx.inject({ method, url: `/tickets/${randomUUID()}/favourite`, headers: agent });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('TICKET_NOT_FOUND');
      expect((await ctx.inject({ method, url: '/tickets/nope/favourite', headers: agent })).statusCode).toBe(400);
    }
    const ticket = (await create({ title: 'Service favourite' })).json<Ticket>();
    const service = await ctx.auth({ sub: 'service:mail', role: 'service' });
    const res = await ctx.inject({ method: 'PUT', url: `/tickets/${ticket.id}/favourite`, headers: service });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('USER_REQUIRED');
  });
});

describe('GET /openapi.json', () => {
  it('documents every tickets route', async () => {
    const res = await ctx.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(
      expect.arrayContaining(['/tickets', '/tickets/{id}', '/tickets/{id}/favourite', '/emails/{emailId}/ticket', '/emails']),
    );
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
