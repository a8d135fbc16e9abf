import { randomUUID } from 'node:crypto';
import { DEMO, type Ticket, type TicketTags } from '@switchboard/contracts';
import { createTicketsTestContext, type TicketsTestContext } from '../testing/tickets-test-context';
import { MAX_TAGS } from './ticket-tags';

let ctx: TicketsTestContext;
let agent: Record<string, string>;
let billingAgent: Record<string, string>;
let mail: Record<string, string>;

beforeAll(async () => {
  ctx = await createTicketsTestContext();
  agent = await ctx.auth({ sub: randomUUID(), queues: [DEMO.queues.support.id] });
  billingAgent = await ctx.auth({ sub: randomUUID(), queues: [DEMO.queues.billing.id] });
  mail = await ctx.auth({ sub: 'service:mail', role: 'service' });
});
afterAll(() => ctx?.close());

async function supportTicket(): Promise<Ticket> {
  const res = await ctx.inject({ method: 'POST', url: '/tickets', headers: agent, body: { title: 'Tags', queueId: DEMO.queues.support.id } });
  expect(res.statusCode).toBe(201);
  return res.json<Ticket>();
}

const change = (id: string, body: object, headers = agent) => ctx.inject({ method: 'PATCH', url: `/tickets/${id}/tags`, headers, body });
const tagsOf = async (id: string) => (await ctx.inject({ url: `/tickets/${id}/tags`, headers: agent })).json<TicketTags>().tags;

describe('ticket tags (E13)', () => {
  it('adds and removes normalized tags, sorted, and bumps updatedAt', async () => {
    const ticket = await supportTicket();
    expect(await tagsOf(ticket.id)).toEqual([]);
    const added = await change(ticket.id, { add: ['Refund', ' VIP   customer ', 'refund'] });
    expect(added.json()).toEqual({ ticketId: ticket.id, tags: ['refund', 'vip customer'] });
    const removed = await change(ticket.id, { add: ['Solved'], remove: ['REFUND', 'never there'] });
    expect(removed.json<TicketTags>().tags).toEqual(['solved', 'vip customer']);
    const read = (await ctx.inject({ url: `/tickets/${ticket.id}`, headers: agent })).json<Ticket>();
    expect(read.updatedAt > ticket.updatedAt).toBe(true);
  });

  it('applies a keyed change once: a retried macro action changes nothing', async () => {
    const ticket = await supportTicket();
    const key = `${randomUUID()}:2`;
    expect((await change(ticket.id, { add: ['waiting'], key }, mail)).json<TicketTags>().tags).toEqual(['waiting']);
    await change(ticket.id, { remove: ['waiting'] });
    // The retry of the first change finds the key and leaves the agent's removal alone.
    expect((await change(ticket.id, { add: ['waiting'], key }, mail)).json<TicketTags>().tags).toEqual([]);
    // The same key on another ticket is another action.
    const other = await supportTicket();
    expect((await change(other.id, { add: ['waiting'], key }, mail)).json<TicketTags>().tags).toEqual(['waiting']);
  });

  it('refuses blank tags, too many, and another team’s ticket', async () => {
    const ticket = await supportTicket();
    const blank = await change(ticket.id, { add: ['   '] });
    expect([blank.statusCode, blank.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    for (let i = 0; i < MAX_TAGS; i += 20) {
      const batch = Array.from({ length: Math.min(20, MAX_TAGS - i) }, (_, j) => `tag ${i + j}`);
      expect((await change(ticket.id, { add: batch })).statusCode).toBe(200);
    }
    const key = randomUUID();
    const tooMany = await change(ticket.id, { add: ['one more'], key }, mail);
    expect([tooMany.statusCode, tooMany.json().code]).toEqual([400, 'TOO_MANY_TAGS']);
    // Nothing of the refused change stayed, its key neither.
    expect(await tagsOf(ticket.id)).toHaveLength(MAX_TAGS);
    await change(ticket.id, { remove: ['tag 0'] });
    expect((await change(ticket.id, { add: ['one more'], key }, mail)).json<TicketTags>().tags).toContain('one more');
    for (const res of [await change(ticket.id, { add: ['x'] }, billingAgent), await ctx.inject({ url: `/tickets/${ticket.id}/tags`, headers: billingAgent })]) {
      expect([res.statusCode, res.json().code]).toEqual([404, 'TICKET_NOT_FOUND']);
    }
    expect(ctx.serverErrors()).toEqual([]);
  });
});
