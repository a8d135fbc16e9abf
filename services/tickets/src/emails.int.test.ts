import { randomUUID } from 'node:crypto';
import type { EmailTicket, Ticket } from '@switchboard/contracts';
import { createTicketsTestContext, type TicketsTestContext } from './testing/tickets-test-context';

let ctx: TicketsTestContext;
const me = randomUUID();
const colleague = randomUUID();
/** The queue me, colleague and every other agent of this file share, so each sees the others' tickets. */
const queue = randomUUID();
let asMe: Record<string, string>;
let asColleague: Record<string, string>;

const createTicket = async (title: string, headers: Record<string, string>) =>
  (await ctx.inject({ method: 'POST', url: '/tickets', body: { title, queueId: queue }, headers })).json<Ticket>();
const link = (emailId: string, ticketId: string, headers = asMe) =>
  ctx.inject({ method: 'PUT', url: `/emails/${emailId}/ticket`, body: { ticketId }, headers });
const linked = (emailId: string, headers = asMe) => ctx.inject({ url: `/emails/${emailId}/ticket`, headers });
const recent = async (query: string, headers = asMe) => {
  const res = await ctx.inject({ url: `/emails${query}`, headers });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: EmailTicket[] }>().items.map((item) => item.emailId);
};

beforeAll(async () => {
  ctx = await createTicketsTestContext();
  asMe = await ctx.auth({ sub: me, queues: [queue] });
  asColleague = await ctx.auth({ sub: colleague, queues: [queue] });
});

afterAll(async () => {
  await ctx?.close();
});

describe('PUT and GET /emails/:emailId/ticket (K1)', () => {
  it('links an email, reads it back and bumps the ticket', async () => {
    const ticket = await createTicket('Broken hinge', asMe);
    const emailId = randomUUID();
    expect((await linked(emailId)).json().code).toBe('EMAIL_NOT_LINKED');
    const res = await link(emailId, ticket.id);
    expect(res.statusCode).toBe(200);
    const body = res.json<EmailTicket>();
    expect(body.emailId).toBe(emailId);
    expect(body.ticket).toMatchObject({ id: ticket.id, number: ticket.number, title: 'Broken hinge' });
    expect(Date.parse(body.ticket.updatedAt)).toBeGreaterThanOrEqual(Date.parse(ticket.updatedAt));
    expect(body.ticket.updatedAt).toBe(body.linkedAt);
    const read = await linked(emailId);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(body);
  });

  it('is idempotent for the same ticket', async () => {
    const ticket = await createTicket('Idempotent link', asMe);
    const emailId = randomUUID();
    const first = (await link(emailId, ticket.id)).json<EmailTicket>();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const again = await link(emailId, ticket.id, asColleague);
    expect(again.statusCode).toBe(200);
    expect(again.json<EmailTicket>().linkedAt).toBe(first.linkedAt);
    expect(again.json<EmailTicket>().ticket.updatedAt).toBe(first.ticket.updatedAt);
  });

  it('moves an email to another ticket and bumps that one', async () => {
    const mine = await createTicket('First guess', asMe);
    const theirs = await createTicket('Right ticket', asColleague);
    const emailId = randomUUID();
    const first = (await link(emailId, mine.id)).json<EmailTicket>();
    expect(await recent('')).toContain(emailId);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const moved = await link(emailId, theirs.id);
    expect(moved.statusCode).toBe(200);
    const body = moved.json<EmailTicket>();
    expect(body.ticket.id).toBe(theirs.id);
    expect(Date.parse(body.linkedAt)).toBeGreaterThan(Date.parse(first.linkedAt));
    expect(Date.parse(body.ticket.updatedAt)).toBeGreaterThan(Date.parse(theirs.updatedAt));
    expect((await linked(emailId)).json<EmailTicket>().ticket.id).toBe(theirs.id);
    expect(await recent('')).not.toContain(emailId);
    expect(await recent('', asColleague)).toContain(emailId);
  });

  it('answers 404 for an unknown ticket and leaves the email unlinked', async () => {
    const emailId = randomUUID();
    const res = await link(emailId, randomUUID());
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('TICKET_NOT_FOUND');
    const read = await linked(emailId);
    expect(read.statusCode).toBe(404);
    expect(read.json().code).toBe('EMAIL_NOT_LINKED');
  });

  it.each([
    ['a missing ticketId', {}],
    ['a bad ticketId', { ticketId: '42' }],
    ['an unknown property', { ticketId: randomUUID(), note: 'x' }],
    ['a null ticketId', { ticketId: null }],
  ])('answers 400 to %s', async (_name, body) => {
    const res = await ctx.inject({ method: 'PUT', url: `/emails/${randomUUID()}/ticket`, body, headers: asMe });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('answers 400 to a bad email id and to invalid JSON', async () => {
    const ticket = await createTicket('Validation', asMe);
    expect((await link('not-an-id', ticket.id)).statusCode).toBe(400);
    expect((await linked('not-an-id')).statusCode).toBe(400);
    const invalid = await ctx.inject({
      method: 'PUT',
      url: `/emails/${randomUUID()}/ticket`,
      payload: '{"ticketId"',
      headers: { ...asMe, 'content-type': 'application/json' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe('INVALID_JSON');
  });
});

describe('another team (issue 12)', () => {
  it('cannot read, move or take over an email of a ticket it may not see', async () => {
    const billing = await ctx.auth({ sub: randomUUID(), queues: [randomUUID()] });
    const ticket = await createTicket('Support only', asMe);
    const emailId = randomUUID();
    expect((await link(emailId, ticket.id)).statusCode).toBe(200);
    const created = await ctx.inject({ method: 'POST', url: '/tickets', body: { title: 'Billing ticket' }, headers: billing });
    const theirs = created.json<Ticket>();

    const read = await linked(emailId, billing);
    expect([read.statusCode, read.json().code]).toEqual([404, 'EMAIL_NOT_LINKED']);
    const moved = await link(emailId, theirs.id, billing);
    expect([moved.statusCode, moved.json().code]).toEqual([403, 'EMAIL_LINK_FORBIDDEN']);
    expect(moved.body).not.toContain('Support only');
    expect((await linked(emailId)).json<EmailTicket>().ticket.id).toBe(ticket.id);

    const other = randomUUID();
    const hidden = await link(other, ticket.id, billing);
    expect([hidden.statusCode, hidden.json().code]).toEqual([404, 'TICKET_NOT_FOUND']);
    expect((await linked(other)).statusCode).toBe(404);
  });

  it('lets mail, with its service token, link any email anywhere', async () => {
    const service = await ctx.auth({ sub: 'service:mail', role: 'service' });
    const ticket = await createTicket('Moved by mail', asMe);
    const emailId = randomUUID();
    expect((await link(emailId, ticket.id)).statusCode).toBe(200);
    const body = { title: 'Elsewhere', queueId: randomUUID() };
    const elsewhere = (await ctx.inject({ method: 'POST', url: '/tickets', body, headers: service })).json<Ticket>();
    expect((await link(emailId, elsewhere.id, service)).statusCode).toBe(200);
    expect((await linked(emailId, service)).json<EmailTicket>().ticket.id).toBe(elsewhere.id);
  });
});

describe('GET /emails', () => {
  it('lists links to the caller\'s tickets, newest first, limited', async () => {
    const user = randomUUID();
    const headers = await ctx.auth({ sub: user, queues: [queue] });
    const ticket = await createTicket('Many emails', headers);
    const other = await createTicket('Not mine', asColleague);
    const emails = [randomUUID(), randomUUID(), randomUUID()];
    for (const emailId of emails) {
      await link(emailId, ticket.id, headers);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await link(randomUUID(), other.id, headers);
    expect(await recent('', headers)).toEqual([...emails].reverse());
    expect(await recent('?limit=2', headers)).toEqual([emails[2], emails[1]]);
    const service = await ctx.auth({ sub: 'service:mail', role: 'service' });
    expect(await recent('', service)).toEqual([]);
  });

  it.each(['limit=0', 'limit=51', 'limit=x', 'since=1'])('answers 400 to ?%s', async (query) => {
    const res = await ctx.inject({ url: `/emails?${query}`, headers: asMe });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
