import { randomUUID } from 'node:crypto';
import type { EmailTicket, OutboundEmailTicket, Ticket } from '@switchboard/contracts';
import { createTicketsTestContext, type TicketsTestContext } from '../testing/tickets-test-context';

// PUT /emails/:emailId/outbound: what mail's send did in three calls (read the link, create with
// a chosen id, link), in one call and one transaction (issue 17).

let ctx: TicketsTestContext;
let service: Record<string, string>;
let asAuthor: Record<string, string>;
let asColleague: Record<string, string>;
let asOtherTeam: Record<string, string>;
const support = randomUUID();
const billing = randomUUID();
const author = randomUUID();
const colleague = randomUUID();

beforeAll(async () => {
  ctx = await createTicketsTestContext();
  service = await ctx.auth({ sub: 'service:mail', role: 'service' });
  asAuthor = await ctx.auth({ sub: author, queues: [support] });
  asColleague = await ctx.auth({ sub: colleague, queues: [support] });
  asOtherTeam = await ctx.auth({ sub: randomUUID(), queues: [billing] });
});

afterAll(async () => {
  await ctx?.close();
});

/** The body a send of the author's draft makes. */
const sendBody = (extra: Record<string, unknown> = {}) => ({
  keepLinksBy: ['service:mail', author],
  create: { id: randomUUID(), title: 'Refund', queueId: support, assigneeId: author },
  ...extra,
});

async function file(emailId: string, body: object, headers = service) {
  const res = await ctx.inject({ method: 'PUT', url: `/emails/${emailId}/outbound`, body, headers });
  return { res, answer: res.statusCode === 200 ? res.json<OutboundEmailTicket>() : undefined };
}

async function newTicket(headers: Record<string, string>, title = 'Picked'): Promise<Ticket> {
  const res = await ctx.inject({ method: 'POST', url: '/tickets', body: { title, queueId: support }, headers });
  expect(res.statusCode).toBe(201);
  return res.json<Ticket>();
}

async function link(emailId: string, ticketId: string, headers: Record<string, string>): Promise<EmailTicket> {
  const res = await ctx.inject({ method: 'PUT', url: `/emails/${emailId}/ticket`, body: { ticketId }, headers });
  expect(res.statusCode).toBe(200);
  return res.json<EmailTicket>();
}

const ticketsWithId = async (id: string) =>
  Number((await ctx.app.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from tickets.ticket where id = ?', [id]))[0]!.n);

describe('PUT /emails/:emailId/outbound', () => {
  it('creates the ticket and links the email in one call, then answers a repeat with the same, changing nothing', async () => {
    const emailId = randomUUID();
    const create = { id: randomUUID(), title: '  Refund  ', queueId: support, contactId: randomUUID(), assigneeId: author };
    const body = sendBody({ create });
    const first = await file(emailId, body);
    expect(first.res.statusCode).toBe(200);
    expect(first.answer).toMatchObject({
      created: true,
      link: {
        emailId,
        linkedBy: 'service:mail',
        ticket: { id: create.id, title: 'Refund', status: 'open', priority: 'normal', queueId: support, contactId: create.contactId, assigneeId: author },
      },
    });
    const again = await file(emailId, body);
    expect(again.answer).toEqual({ ...first.answer, created: false });
    expect(await ticketsWithId(create.id)).toBe(1);
    // The link is tickets' ordinary one: the author reads it as any link.
    const read = await ctx.inject({ url: `/emails/${emailId}/ticket`, headers: asAuthor });
    expect(read.json<EmailTicket>()).toMatchObject({ ticket: { id: create.id }, linkedBy: 'service:mail' });
  });

  it('makes one ticket and one link when two calls for one email race', async () => {
    const emailId = randomUUID();
    const body = sendBody();
    const answers = await Promise.all([file(emailId, body), file(emailId, body), file(emailId, body)]);
    expect(answers.map((a) => a.res.statusCode)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.answer!.created)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.answer!.link.ticket.id))).toEqual(new Set([body.create.id]));
    expect(await ticketsWithId(body.create.id)).toBe(1);
  });

  it('answers a ticket that exists with the id (a POST /tickets that got there first) and links the email to it', async () => {
    const emailId = randomUUID();
    const body = sendBody();
    const made = await ctx.inject({ method: 'POST', url: '/tickets', body: { ...body.create, title: 'First' }, headers: service });
    expect(made.statusCode).toBe(201);
    const { answer } = await file(emailId, body);
    expect(answer).toMatchObject({ created: false, link: { ticket: { id: body.create.id, title: 'First' } } });
  });

  it('keeps a link the author made, and one mail made, without writing', async () => {
    const picked = await newTicket(asAuthor);
    const byAuthor = randomUUID();
    const made = await link(byAuthor, picked.id, asAuthor);
    const kept = await file(byAuthor, sendBody());
    expect(kept.answer).toEqual({ created: false, link: made });

    const byMail = randomUUID();
    const mails = await link(byMail, picked.id, service);
    expect((await file(byMail, sendBody())).answer).toEqual({ created: false, link: mails });
  });

  it('compares user ids in any case, and service names exactly', async () => {
    const picked = await newTicket(asAuthor);
    const emailId = randomUUID();
    const made = await link(emailId, picked.id, asAuthor);
    expect((await file(emailId, sendBody({ keepLinksBy: [author.toUpperCase()] }))).answer).toEqual({ created: false, link: made });

    const spoofed = randomUUID();
    const asSpoof = await ctx.auth({ sub: 'SERVICE:MAIL', queues: [support] });
    await link(spoofed, picked.id, asSpoof);
    const body = sendBody();
    expect((await file(spoofed, body)).answer).toMatchObject({ created: true, link: { ticket: { id: body.create.id }, linkedBy: 'service:mail' } });
  });

  it("replaces another agent's link: with the noted ticket when it exists, else with a new one", async () => {
    const theirs = await newTicket(asColleague, 'Not the author’s');
    const noted = await newTicket(asAuthor, 'Noted');
    const emailId = randomUUID();
    await link(emailId, theirs.id, asColleague);
    const relinked = await file(emailId, sendBody({ ticketId: noted.id }));
    expect(relinked.answer).toMatchObject({ created: false, link: { ticket: { id: noted.id }, linkedBy: 'service:mail' } });
    expect(Date.parse(relinked.answer!.link.ticket.updatedAt)).toBeGreaterThanOrEqual(Date.parse(noted.updatedAt));
    expect(relinked.answer!.link.ticket.updatedAt).toBe(relinked.answer!.link.linkedAt);

    const other = randomUUID();
    await link(other, theirs.id, asColleague);
    const body = sendBody({ ticketId: randomUUID() });
    const created = await file(other, body);
    expect(created.answer).toMatchObject({ created: true, link: { ticket: { id: body.create.id }, linkedBy: 'service:mail' } });
  });

  it('links an unlinked email to the noted ticket, and leaves a link to it by another agent as it is', async () => {
    const noted = await newTicket(asAuthor, 'Noted');
    const fresh = randomUUID();
    const body = sendBody({ ticketId: noted.id });
    expect((await file(fresh, body)).answer).toMatchObject({ created: false, link: { ticket: { id: noted.id }, linkedBy: 'service:mail' } });
    expect(await ticketsWithId(body.create.id)).toBe(0);

    const byColleague = randomUUID();
    const made = await link(byColleague, noted.id, asColleague);
    expect((await file(byColleague, sendBody({ ticketId: noted.id }))).answer).toEqual({ created: false, link: made });
  });

  it('is a service’s alone: agents of the team and of another team get 403 and nothing is made', async () => {
    for (const headers of [asAuthor, asColleague, asOtherTeam]) {
      const emailId = randomUUID();
      const body = sendBody();
      const { res } = await file(emailId, body, headers);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'SERVICE_REQUIRED' });
      expect(await ticketsWithId(body.create.id)).toBe(0);
    }
  });

  it.each([
    ['no create', { keepLinksBy: [] }],
    ['no keepLinksBy', { create: { id: randomUUID(), title: 'x', assigneeId: author } }],
    ['a blank title', sendBody({ create: { id: randomUUID(), title: '   ', assigneeId: author } })],
    ['a title too long', sendBody({ create: { id: randomUUID(), title: 'x'.repeat(301), assigneeId: author } })],
    ['a create without assignee', sendBody({ create: { id: randomUUID(), title: 'x' } })],
    ['a create without id', sendBody({ create: { title: 'x', assigneeId: author } })],
    ['a ticket id that is no UUID', sendBody({ ticketId: '42' })],
    ['an unknown field', sendBody({ priority: 'high' })],
    ['an unknown create field', sendBody({ create: { id: randomUUID(), title: 'x', assigneeId: author, priority: 'high' } })],
    ['an empty link maker', sendBody({ keepLinksBy: [''] })],
  ])('answers 400 VALIDATION_FAILED for %s', async (_, body) => {
    const { res } = await file(randomUUID(), body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('answers 400 VALIDATION_FAILED for an email id that is no UUID', async () => {
    const res = await ctx.inject({ method: 'PUT', url: '/emails/not-a-uuid/outbound', body: sendBody(), headers: service });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
