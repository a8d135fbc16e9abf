import { randomUUID } from 'node:crypto';
import type { InboundEmailTicket, Ticket } from '@switchboard/contracts';
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
