import { randomUUID } from 'node:crypto';
import { DEMO, type Ticket } from '@switchboard/contracts';
import { createTicketsTestContext, type TicketsTestContext } from '../testing/tickets-test-context';

let ctx: TicketsTestContext;
let agent: Record<string, string>;
let colleague: Record<string, string>;
let billingAgent: Record<string, string>;

beforeAll(async () => {
  ctx = await createTicketsTestContext();
  agent = await ctx.auth({ sub: randomUUID(), queues: [DEMO.queues.support.id] });
  colleague = await ctx.auth({ sub: randomUUID(), queues: [DEMO.queues.support.id] });
  billingAgent = await ctx.auth({ sub: randomUUID(), queues: [DEMO.queues.billing.id] });
});

afterAll(async () => {
  await ctx?.close();
});

const contact = { contactId: randomUUID(), contactName: 'Jana Nováková' };
const company = { companyId: randomUUID(), companyName: 'Nováková s.r.o.' };

async function supportTicket(body: Record<string, unknown> = {}): Promise<Ticket> {
  const res = await ctx.inject({ method: 'POST', url: '/tickets', headers: agent, body: { title: 'Pairing', queueId: DEMO.queues.support.id, ...body } });
  expect(res.statusCode).toBe(201);
  return res.json<Ticket>();
}

const pair = (id: string, body: unknown, headers = agent) => ctx.inject({ method: 'PUT', url: `/tickets/${id}/contact`, headers, body: body as object });

describe('PUT /tickets/:id/contact (C4, C9)', () => {
  it('pairs a contact and its company, keeping the name copies, and bumps updatedAt', async () => {
    const ticket = await supportTicket();
    const res = await pair(ticket.id, { ...contact, contactName: '  Jana Nováková ', ...company });
    expect(res.statusCode).toBe(200);
    const paired = res.json<Ticket>();
    expect(paired).toMatchObject({ id: ticket.id, ...contact, ...company, title: 'Pairing' });
    expect(paired.updatedAt >= ticket.updatedAt).toBe(true);
    const read = await ctx.inject({ url: `/tickets/${ticket.id}`, headers: agent });
    expect(read.json()).toMatchObject({ ...contact, ...company });
  });

  it('pairs another contact without a company: the old company goes too', async () => {
    const ticket = await supportTicket({ ...contact, ...company });
    const other = { contactId: randomUUID(), contactName: 'Petr Svoboda' };
    const res = await pair(ticket.id, other);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ...other, companyId: null, companyName: null });
  });

  it('unpairs with contactId null', async () => {
    const ticket = await supportTicket({ ...contact, ...company });
    const res = await pair(ticket.id, { contactId: null });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ contactId: null, contactName: null, companyId: null, companyName: null });
  });

  it('lets a colleague of the same queue pair it', async () => {
    const ticket = await supportTicket();
    const res = await pair(ticket.id, contact, colleague);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject(contact);
  });

  it("answers another team's agent 404 TICKET_NOT_FOUND and changes nothing", async () => {
    const ticket = await supportTicket({ ...contact });
    const res = await pair(ticket.id, { contactId: null }, billingAgent);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'TICKET_NOT_FOUND' });
    expect(res.body).not.toContain('Pairing');
    const read = await ctx.inject({ url: `/tickets/${ticket.id}`, headers: agent });
    expect(read.json()).toMatchObject(contact);
  });

  it('answers 404 for a ticket that does not exist', async () => {
    const res = await pair(randomUUID(), contact);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'TICKET_NOT_FOUND' });
  });

  it.each([
    ['a blank name', { contactId: randomUUID(), contactName: '   ' }],
    ['no name', { contactId: randomUUID() }],
    ['a name with the unpairing', { contactId: null, contactName: 'Jana' }],
    ['a contact id that is no UUID', { contactId: 'jana', contactName: 'Jana' }],
    ['no body', undefined],
  ])('answers 400 for %s', async (_label, body) => {
    const ticket = await supportTicket();
    const res = await pair(ticket.id, body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toHaveProperty('code');
  });

  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
