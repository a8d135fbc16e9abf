import { randomUUID } from 'node:crypto';
import type { FiledInboundEmails, InboundEmailTicket, Ticket } from '@switchboard/contracts';
import { createTicketsTestContext, type TicketsTestContext } from '../testing/tickets-test-context';

let ctx: TicketsTestContext;
let service: Record<string, string>;
const support = randomUUID();
const billing = randomUUID();

beforeAll(async () => {
  ctx = await createTicketsTestContext();
  service = await ctx.auth({ sub: 'service:mail', role: 'service' });
});

afterAll(async () => {
  await ctx?.close();
});

async function newTicket(queueId: string): Promise<Ticket> {
  const res = await ctx.inject({ method: 'POST', url: '/tickets', body: { title: 'Printer', queueId, assignToMe: false }, headers: service });
  expect(res.statusCode).toBe(201);
  return res.json<Ticket>();
}

async function file(body: Record<string, unknown>, emailId = randomUUID()) {
  const res = await ctx.inject({
    method: 'POST',
    url: `/emails/${emailId}/inbound`,
    body: { queueId: support, title: 'Re: Printer', reopen: true, create: true, ...body },
    headers: service,
  });
  return { res, emailId, answer: res.statusCode === 200 ? res.json<InboundEmailTicket>() : undefined };
}

const close = (id: string) => ctx.app.orm.em.fork().execute("update tickets.ticket set status = 'closed' where id = ?", [id]);

describe('POST /emails/:emailId/inbound', () => {
  it('files the email into the ticket mail named and reopens it when closed', async () => {
    const ticket = await newTicket(support);
    await close(ticket.id);
    const { answer } = await file({ ticketId: ticket.id });
    expect(answer).toMatchObject({ created: false, reopened: true, link: { ticket: { id: ticket.id, status: 'open' }, linkedBy: 'service:mail' } });
  });

  it('leaves a closed ticket closed when the queue says not to reopen', async () => {
    const ticket = await newTicket(support);
    await close(ticket.id);
    const { answer } = await file({ ticketId: ticket.id, reopen: false });
    expect(answer).toMatchObject({ created: false, reopened: false, link: { ticket: { id: ticket.id, status: 'closed' } } });
  });

  it('finds a [#number] only in the queue the email came to, else files a new ticket there', async () => {
    const ticket = await newTicket(support);
    const same = await file({ ticketNumber: ticket.number });
    expect(same.answer).toMatchObject({ created: false, link: { ticket: { id: ticket.id } } });
    const other = await file({ ticketNumber: ticket.number, queueId: billing, title: 'Re: [#1] Invoice' });
    expect(other.answer).toMatchObject({ created: true, link: { ticket: { queueId: billing, title: 'Re: [#1] Invoice', status: 'open', assigneeId: null } } });
    expect(other.answer!.link.ticket.id).not.toBe(ticket.id);
  });

  it('answers a redelivery with the first link and changes nothing', async () => {
    const first = await file({});
    const again = await file({ ticketId: (await newTicket(support)).id }, first.emailId);
    expect(again.answer).toEqual({ ...first.answer, created: false });
  });

  it('answers TICKET_NOT_FOUND when nothing matches and filing is off', async () => {
    const { res } = await file({ ticketId: randomUUID(), create: false });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'TICKET_NOT_FOUND' });
  });

  it("pairs a new ticket with the sender's contact mail found, and leaves an existing ticket's contact alone", async () => {
    const contact = { contactId: randomUUID(), contactName: ' Carol Customer ', companyId: randomUUID(), companyName: 'Acme' };
    const created = await file({ contact });
    expect(created.answer!.link.ticket).toMatchObject({ contactId: contact.contactId, contactName: 'Carol Customer', companyId: contact.companyId, companyName: 'Acme' });
    const ticket = await newTicket(support);
    const joined = await file({ ticketId: ticket.id, contact });
    expect(joined.answer!.link.ticket).toMatchObject({ id: ticket.id, contactId: null, companyId: null });
  });

  it('refuses users, admins included, with SERVICE_REQUIRED', async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: `/emails/${randomUUID()}/inbound`,
      body: { queueId: support, title: 'x', reopen: true, create: true },
      headers: await ctx.auth({ sub: randomUUID(), role: 'admin' }),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'SERVICE_REQUIRED' });
  });

  it('answered nothing with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});

describe('POST /emails/inbound/batch', () => {
  const item = (body: Record<string, unknown> = {}) => ({ emailId: randomUUID(), queueId: support, title: 'Printer', reopen: true, create: true, ...body });
  const fileBatch = (items: Array<Record<string, unknown>>, headers = service) =>
    ctx.inject({ method: 'POST', url: '/emails/inbound/batch', body: { items }, headers });

  it('files in order in one call: a reply joins the ticket its parent got earlier in the batch, a tag its ticket, an unmatched auto-reply nothing', async () => {
    const tagged = await newTicket(support);
    await close(tagged.id);
    const parent = item({ title: 'Toner' });
    const reply = item({ ticketOfEmailId: parent.emailId, title: 'Toner' });
    const byTag = item({ ticketNumber: tagged.number });
    const stray = item({ create: false, reopen: false });
    const res = await fileBatch([parent, reply, byTag, stray]);
    expect(res.statusCode).toBe(200);
    const { items } = res.json<FiledInboundEmails>();
    expect(items.map((filed) => filed.emailId)).toEqual([parent.emailId, reply.emailId, byTag.emailId, stray.emailId]);
    expect(items[0]).toMatchObject({ created: true, ticket: { title: 'Toner', contactId: null } });
    expect(items[1]).toMatchObject({ created: false, ticket: { id: items[0]!.ticket!.id, number: items[0]!.ticket!.number } });
    expect(items[2]).toMatchObject({ created: false, reopened: true, ticket: { id: tagged.id, number: tagged.number } });
    expect(items[3]).toEqual({ emailId: stray.emailId, ticket: null, created: false, reopened: false });
  });

  it('is idempotent per email: a batch sent again, or an email twice in one batch, answers the first tickets and files nothing new', async () => {
    const batch = [item(), item()];
    const first = (await fileBatch(batch)).json<FiledInboundEmails>().items;
    const again = (await fileBatch([...batch, batch[0]!])).json<FiledInboundEmails>().items;
    expect(again.map((filed) => filed.ticket!.id)).toEqual([first[0]!.ticket!.id, first[1]!.ticket!.id, first[0]!.ticket!.id]);
    expect(again.every((filed) => !filed.created)).toBe(true);
    const [links] = await ctx.app.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from tickets.email_link where email_id in (?, ?)', [batch[0]!.emailId, batch[1]!.emailId]);
    expect(Number(links!.n)).toBe(2);
  });

  it("pairs a new ticket with the sender's contact", async () => {
    const contact = { contactId: randomUUID(), contactName: 'Carol Customer' };
    const [filed] = (await fileBatch([item({ contact })])).json<FiledInboundEmails>().items;
    expect(filed!.ticket).toMatchObject({ contactId: contact.contactId });
  });

  it('refuses users, admins included, with SERVICE_REQUIRED, and an empty batch with 400', async () => {
    const admin = await fileBatch([item()], await ctx.auth({ sub: randomUUID(), role: 'admin' }));
    expect(admin.statusCode).toBe(403);
    expect(admin.json()).toMatchObject({ code: 'SERVICE_REQUIRED' });
    const empty = await fileBatch([]);
    expect(empty.statusCode).toBe(400);
  });

  it('answered nothing with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});

describe('unread received emails (issue 13)', () => {
  const agent = randomUUID();
  const colleague = randomUUID();
  const asAgent = () => ctx.auth({ sub: agent, queues: [support] });

  async function assignedTicket(): Promise<Ticket> {
    const ticket = await newTicket(support);
    const res = await ctx.inject({ method: 'PATCH', url: `/tickets/${ticket.id}`, body: { assigneeId: agent }, headers: service });
    expect(res.statusCode).toBe(200);
    return ticket;
  }

  const unreadOf = async (headers: Record<string, string>) => {
    const res = await ctx.inject({ url: '/emails/unread?limit=50', headers });
    expect(res.statusCode).toBe(200);
    return res.json<{ items: Array<{ emailId: string; ticket: Ticket }> }>().items.map((item) => item.emailId);
  };

  const read = (emailId: string, headers: Record<string, string>) => ctx.inject({ method: 'POST', url: `/emails/${emailId}/read`, headers });

  it("lists a customer's message as unread for the assignee only, until the assignee opens it", async () => {
    const ticket = await assignedTicket();
    const { emailId } = await file({ ticketId: ticket.id });
    expect(await unreadOf(await asAgent())).toContain(emailId);
    expect(await unreadOf(await ctx.auth({ sub: colleague, queues: [support] }))).not.toContain(emailId);

    const byColleague = await read(emailId, await ctx.auth({ sub: colleague, queues: [support] }));
    expect(byColleague.json()).toEqual({ unread: true });
    expect(await unreadOf(await asAgent())).toContain(emailId);

    const byAssignee = await read(emailId, await asAgent());
    expect(byAssignee.json()).toEqual({ unread: false });
    expect(await unreadOf(await asAgent())).not.toContain(emailId);
  });

  it('does not mark an automatic reply unread', async () => {
    const ticket = await assignedTicket();
    const { emailId } = await file({ ticketId: ticket.id, create: false, reopen: false });
    expect(await unreadOf(await asAgent())).not.toContain(emailId);
  });

  it("answers EMAIL_NOT_LINKED to another team's user opening the email, and lists nothing for them", async () => {
    const ticket = await assignedTicket();
    const { emailId } = await file({ ticketId: ticket.id });
    const outsider = await ctx.auth({ sub: randomUUID(), queues: [billing] });
    const res = await read(emailId, outsider);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'EMAIL_NOT_LINKED' });
    expect(await unreadOf(outsider)).toEqual([]);
    expect(await unreadOf(await asAgent())).toContain(emailId);
  });

  it('answered nothing with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
