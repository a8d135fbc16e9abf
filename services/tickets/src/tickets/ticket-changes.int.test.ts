import { randomUUID } from 'node:crypto';
import { DEMO, MAX_BATCH_BODY_BYTES, MAX_BATCH_ITEMS, type AppliedTicketChanges, type AppliedTicketChangesBatch, type Ticket } from '@switchboard/contracts';
import { createTicketsTestContext, type TicketsTestContext } from '../testing/tickets-test-context';

let ctx: TicketsTestContext;
let agentId: string;
let agent: Record<string, string>;
let billingAgent: Record<string, string>;
let mail: Record<string, string>;

beforeAll(async () => {
  ctx = await createTicketsTestContext();
  agentId = randomUUID();
  agent = await ctx.auth({ sub: agentId, queues: [DEMO.queues.support.id] });
  billingAgent = await ctx.auth({ sub: randomUUID(), queues: [DEMO.queues.billing.id] });
  mail = await ctx.auth({ sub: 'service:mail', role: 'service' });
});
afterAll(() => ctx?.close());

async function supportTicket(): Promise<Ticket> {
  const res = await ctx.inject({ method: 'POST', url: '/tickets', headers: agent, body: { title: 'Changes', queueId: DEMO.queues.support.id, assignToMe: false } });
  expect(res.statusCode).toBe(201);
  return res.json<Ticket>();
}

const update = (id: string, body: object, headers = agent) => ctx.inject({ method: 'PATCH', url: `/tickets/${id}`, headers, body });

describe('PATCH /tickets/:id (E13)', () => {
  it('changes status and priority, takes the ticket, and bumps updatedAt', async () => {
    const ticket = await supportTicket();
    const res = await update(ticket.id, { status: 'pending', priority: 'urgent', assigneeId: agentId });
    expect(res.statusCode).toBe(200);
    expect(res.json<Ticket>()).toMatchObject({ status: 'pending', priority: 'urgent', assigneeId: agentId, title: 'Changes' });
    expect(res.json<Ticket>().updatedAt > ticket.updatedAt).toBe(true);
    expect((await update(ticket.id, { assigneeId: null })).json<Ticket>().assigneeId).toBeNull();
  });

  it('lets only a service hand the ticket to someone else or file it into a queue the caller is not in', async () => {
    const ticket = await supportTicket();
    const other = randomUUID();
    const handOver = await update(ticket.id, { assigneeId: other });
    expect([handOver.statusCode, handOver.json().code]).toEqual([403, 'FORBIDDEN']);
    const move = await update(ticket.id, { queueId: DEMO.queues.billing.id });
    expect([move.statusCode, move.json().code]).toEqual([403, 'QUEUE_FORBIDDEN']);
    const byMail = await update(ticket.id, { assigneeId: other, queueId: DEMO.queues.billing.id }, mail);
    expect(byMail.json<Ticket>()).toMatchObject({ assigneeId: other, queueId: DEMO.queues.billing.id });
    // Now Billing's: Support's agent no longer sees it.
    const gone = await update(ticket.id, { status: 'closed' });
    expect([gone.statusCode, gone.json().code]).toEqual([404, 'TICKET_NOT_FOUND']);
    expect((await update(ticket.id, { status: 'closed' }, billingAgent)).json<Ticket>().status).toBe('closed');
  });

  it("assigns a team (a macro's assignTeam): a service any team, an agent only their own; keyed, once", async () => {
    const ticket = await supportTicket();
    const read = () => ctx.inject({ url: `/tickets/${ticket.id}`, headers: agent });
    expect((await read()).json<Ticket>().teamId).toBeNull();
    const team = randomUUID();
    const member = await ctx.auth({ sub: agentId, queues: [DEMO.queues.support.id], teams: [team] });
    const foreign = await update(ticket.id, { teamId: randomUUID() }, member);
    expect([foreign.statusCode, foreign.json().code]).toEqual([403, 'FORBIDDEN']);
    expect((await update(ticket.id, { teamId: team.toUpperCase() }, member)).json<Ticket>().teamId).toBe(team);
    expect((await update(ticket.id, { teamId: null }, member)).json<Ticket>().teamId).toBeNull();
    const other = randomUUID();
    const key = `${randomUUID()}:2`;
    expect((await update(ticket.id, { teamId: other, key }, mail)).json<Ticket>().teamId).toBe(other);
    await update(ticket.id, { teamId: team }, member);
    expect((await update(ticket.id, { teamId: other, key }, mail)).json<Ticket>().teamId).toBe(team);
    expect((await read()).json<Ticket>().teamId).toBe(team);
    expect(ctx.serverErrors()).toEqual([]);
  });

  it('applies a batch of keyed changes in order in one call, each once: a replay changes nothing, a refused change changes nothing', async () => {
    const ticket = await supportTicket();
    const emailId = randomUUID();
    const apply = (changes: object[], headers = mail) => ctx.inject({ method: 'POST', url: `/tickets/${ticket.id}/changes`, headers, body: { changes } });
    const batch = [
      { key: `${emailId}:0`, priority: 'high', addTags: ['Refund', 'vip'] },
      { key: `${emailId}:1`, removeTags: ['vip'], status: 'pending' },
      { key: `${emailId}:2`, status: 'closed', assigneeId: agentId },
    ];
    const first = await apply(batch);
    expect(first.statusCode).toBe(200);
    expect(first.json<AppliedTicketChanges>()).toMatchObject({ ticket: { status: 'closed', priority: 'high', assigneeId: agentId }, tags: ['refund'] });
    // The agent reopens it; the same batch again (a crash before mail recorded it) replays nothing.
    await update(ticket.id, { status: 'open' });
    expect((await apply(batch)).json<AppliedTicketChanges>()).toMatchObject({ ticket: { status: 'open' }, tags: ['refund'] });
    // Keys are shared with PATCH: a key applied there is skipped here, and the rest applies.
    await update(ticket.id, { priority: 'low', key: `${emailId}:3` }, mail);
    const mixed = await apply([{ key: `${emailId}:3`, priority: 'urgent' }, { key: `${emailId}:4`, addTags: ['done'] }]);
    expect(mixed.json<AppliedTicketChanges>()).toMatchObject({ ticket: { priority: 'low' }, tags: ['done', 'refund'] });
    // An agent may not hand it to another queue: the whole batch is refused, its first change too.
    const refused = await apply([{ key: `${emailId}:5`, status: 'closed' }, { key: `${emailId}:6`, queueId: DEMO.queues.billing.id }], agent);
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'QUEUE_FORBIDDEN']);
    expect((await ctx.inject({ url: `/tickets/${ticket.id}`, headers: agent })).json<Ticket>().status).toBe('open');
    const empty = await apply([]);
    expect([empty.statusCode, empty.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    const elsewhere = await apply([{ key: `${emailId}:7`, status: 'closed' }], billingAgent);
    expect([elsewhere.statusCode, elsewhere.json().code]).toEqual([404, 'TICKET_NOT_FOUND']);
    expect(ctx.serverErrors()).toEqual([]);
  });

  it('ends a batch as its changes in order leave the ticket: last value wins, a tag as its last change left it, a repeated key once', async () => {
    const ticket = await supportTicket();
    const emailId = randomUUID();
    const apply = (changes: object[]) => ctx.inject({ method: 'POST', url: `/tickets/${ticket.id}/changes`, headers: mail, body: { changes } });
    const res = await apply([
      { key: `${emailId}:0`, status: 'pending', addTags: ['A', 'b'] },
      { key: `${emailId}:1`, status: 'closed', removeTags: ['a', 'c'], addTags: ['c'] },
      { key: `${emailId}:1`, status: 'open', addTags: ['a'] },
      { key: `${emailId}:2`, priority: 'low', removeTags: ['b'] },
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json<AppliedTicketChanges>()).toMatchObject({ ticket: { status: 'closed', priority: 'low' }, tags: ['c'] });
    expect(res.json<AppliedTicketChanges>().ticket.updatedAt > ticket.updatedAt).toBe(true);
    expect((await ctx.inject({ url: `/tickets/${ticket.id}/tags`, headers: agent })).json().tags).toEqual(['c']);
    // A batch that would leave more than 50 tags is refused whole: its keys stay unused.
    const many = Array.from({ length: 20 }, (_, i) => `t${i}`);
    const tooMany = await apply([
      { key: `${emailId}:3`, addTags: many },
      { key: `${emailId}:4`, addTags: many.map((tag) => `${tag}x`) },
      { key: `${emailId}:5`, addTags: many.map((tag) => `${tag}y`), status: 'pending' },
    ]);
    expect([tooMany.statusCode, tooMany.json().code]).toEqual([400, 'TOO_MANY_TAGS']);
    const retried = await apply([{ key: `${emailId}:3`, addTags: ['d'] }]);
    expect(retried.json<AppliedTicketChanges>()).toMatchObject({ ticket: { status: 'closed' }, tags: ['c', 'd'] });
    expect(ctx.serverErrors()).toEqual([]);
  });

  it('applies concurrent batches on one ticket one after another: each answers the tags committed before it, and 50 tags at most', async () => {
    const ticket = await supportTicket();
    const emailId = randomUUID();
    const apply = (changes: object[]) => ctx.inject({ method: 'POST', url: `/tickets/${ticket.id}/changes`, headers: mail, body: { changes } });
    const base = [20, 20, 6].map((count, part) => ({ key: `${emailId}:base${part}`, addTags: Array.from({ length: count }, (_, i) => `base${part}-${i}`) }));
    expect((await apply(base)).statusCode).toBe(200);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => apply([{ key: `${emailId}:${i}`, addTags: [`extra${i}`] }])));
    const applied = answers.filter((res) => res.statusCode === 200).map((res) => res.json<AppliedTicketChanges>().tags.length);
    expect(applied.sort((a, b) => a - b)).toEqual([47, 48, 49, 50]);
    expect(answers.filter((res) => res.statusCode !== 200).map((res) => [res.statusCode, res.json().code])).toEqual(Array(4).fill([400, 'TOO_MANY_TAGS']));
    expect((await ctx.inject({ url: `/tickets/${ticket.id}/tags`, headers: agent })).json().tags).toHaveLength(50);
    expect(ctx.serverErrors()).toEqual([]);
  });

  it('applies a keyed change once: a retried macro action changes nothing', async () => {
    const ticket = await supportTicket();
    const key = `${randomUUID()}:0`;
    expect((await update(ticket.id, { status: 'closed', key }, mail)).json<Ticket>().status).toBe('closed');
    await update(ticket.id, { status: 'open' });
    expect((await update(ticket.id, { status: 'closed', key }, mail)).json<Ticket>().status).toBe('open');
    // Keys are shared with tags: the same action key cannot apply twice through either route.
    const tags = await ctx.inject({ method: 'PATCH', url: `/tickets/${ticket.id}/tags`, headers: mail, body: { add: ['x'], key } });
    expect(tags.json().tags).toEqual([]);
    expect(ctx.serverErrors()).toEqual([]);
  });
});

describe('POST /tickets/changes: many tickets in one call (E13, decision 0013)', () => {
  it("applies each ticket's changes in order, once, each item alone: a refused item changes nothing and the others stand", async () => {
    const [one, two, full] = [await supportTicket(), await supportTicket(), await supportTicket()];
    const emailId = randomUUID();
    await ctx.inject({ method: 'PATCH', url: `/tickets/${full.id}/tags`, headers: mail, body: { add: Array.from({ length: 20 }, (_, i) => `old${i}`) } });
    await ctx.inject({ method: 'PATCH', url: `/tickets/${full.id}/tags`, headers: mail, body: { add: Array.from({ length: 20 }, (_, i) => `older${i}`) } });
    const contactId = randomUUID();
    await ctx.inject({ method: 'PUT', url: `/tickets/${one.id}/contact`, headers: agent, body: { contactId, contactName: 'Jana Nováková' } });
    const gone = randomUUID();
    const items = [
      { ticketId: one.id, changes: [{ key: `${emailId}:0`, priority: 'high', addTags: ['refund'] }, { key: `${emailId}:1`, status: 'pending' }] },
      { ticketId: gone, changes: [{ key: `${randomUUID()}:0`, status: 'closed' }] },
      { ticketId: full.id, changes: [{ key: `${randomUUID()}:0`, status: 'closed' }, { key: `${randomUUID()}:1`, addTags: Array.from({ length: 20 }, (_, i) => `new${i}`) }] },
      // Two items of one ticket apply in their order; an item with no changes reads the ticket.
      { ticketId: two.id, changes: [{ key: `${emailId}:2`, status: 'closed' }] },
      { ticketId: two.id, changes: [{ key: `${emailId}:3`, status: 'open', removeTags: ['x'] }] },
      { ticketId: two.id, changes: [] },
    ];
    const apply = (body: object, headers = mail) => ctx.inject({ method: 'POST', url: '/tickets/changes', headers, body });
    const res = await apply({ items });
    expect(res.statusCode).toBe(200);
    const answered = res.json<AppliedTicketChangesBatch>().items;
    expect(answered.map((item) => item.ticketId)).toEqual(items.map((item) => item.ticketId));
    // An item applied answers its ticket's contact (where a macro's note goes), not the whole ticket.
    expect(answered[0]).toEqual({ ticketId: one.id, contactId });
    expect(answered[1]).toEqual({ ticketId: gone, error: { status: 404, code: 'TICKET_NOT_FOUND', message: expect.any(String) } });
    expect(answered[2]).toMatchObject({ error: { status: 400, code: 'TOO_MANY_TAGS' } });
    expect(answered.slice(3)).toEqual(Array(3).fill({ ticketId: two.id, contactId: null }));
    const read = async (id: string) => ({
      ticket: (await ctx.inject({ url: `/tickets/${id}`, headers: agent })).json<Ticket>(),
      tags: (await ctx.inject({ url: `/tickets/${id}/tags`, headers: agent })).json<{ tags: string[] }>().tags,
    });
    expect(await read(one.id)).toMatchObject({ ticket: { priority: 'high', status: 'pending' }, tags: ['refund'] });
    // Closed, then opened again: in the items' order.
    expect((await read(two.id)).ticket.status).toBe('open');
    expect((await read(full.id)).ticket.status).toBe('open');
    // Replayed (a runner that died before recording its steps): nothing applies twice.
    await update(one.id, { status: 'open' });
    const again = (await apply({ items: items.slice(0, 1) })).json<AppliedTicketChangesBatch>().items[0];
    expect(again).toEqual({ ticketId: one.id, contactId });
    expect(await read(one.id)).toMatchObject({ ticket: { status: 'open' }, tags: ['refund'] });
    expect(ctx.serverErrors()).toEqual([]);
  });

  it("reads a ticket's tags only for items that change them: the others keep theirs, a tag it holds is not added twice", async () => {
    const [tagged, both] = [await supportTicket(), await supportTicket()];
    for (const ticket of [tagged, both]) await ctx.inject({ method: 'PATCH', url: `/tickets/${ticket.id}/tags`, headers: mail, body: { add: ['vip', 'refund'] } });
    const emailId = randomUUID();
    const items = [
      { ticketId: tagged.id, changes: [{ key: `${emailId}:0`, status: 'pending' }] },
      { ticketId: both.id, changes: [{ key: `${emailId}:1`, status: 'pending' }] },
      { ticketId: both.id, changes: [{ key: `${emailId}:2`, addTags: ['vip', 'new'], removeTags: ['refund'] }] },
    ];
    const res = await ctx.inject({ method: 'POST', url: '/tickets/changes', headers: mail, body: { items } });
    expect(res.json<AppliedTicketChangesBatch>().items).toEqual(items.map((item) => ({ ticketId: item.ticketId, contactId: null })));
    const tagsOf = async (id: string) => (await ctx.inject({ url: `/tickets/${id}/tags`, headers: agent })).json<{ tags: string[] }>().tags;
    expect(await tagsOf(tagged.id)).toEqual(['refund', 'vip']);
    expect(await tagsOf(both.id)).toEqual(['new', 'vip']);
    expect((await ctx.inject({ url: `/tickets/${tagged.id}`, headers: agent })).json<Ticket>().status).toBe('pending');
    expect(ctx.serverErrors()).toEqual([]);
  });

  it('applies a whole batch in one transaction, whatever its size: every row it wrote has one xmin', async () => {
    const tickets = await Promise.all(Array.from({ length: 30 }, () => supportTicket()));
    const emailId = randomUUID();
    const items = tickets.map((ticket, i) => ({ ticketId: ticket.id, changes: [{ key: `${emailId}:${i}`, status: 'pending', addTags: [`batch${i % 3}`] }] }));
    const res = await ctx.inject({ method: 'POST', url: '/tickets/changes', headers: mail, body: { items } });
    expect(res.statusCode).toBe(200);
    expect(res.json<AppliedTicketChangesBatch>().items).toEqual(tickets.map((ticket) => ({ ticketId: ticket.id, contactId: null })));
    const ids = tickets.map((ticket) => ticket.id);
    const transactions = await ctx.app.orm.em.fork().execute<{ n: string }[]>(
      `select count(distinct x) as n from (select xmin::text as x from tickets.ticket where id in (?)
        union all select xmin::text from tickets.ticket_tag where ticket_id in (?) union all select xmin::text from tickets.applied_change where ticket_id in (?)) rows`,
      [ids, ids, ids],
    );
    expect(Number(transactions[0]!.n)).toBe(1);
    expect(ctx.serverErrors()).toEqual([]);
  });

  it("is a service's alone, and takes no empty or oversized batch", async () => {
    const ticket = await supportTicket();
    const items = [{ ticketId: ticket.id, changes: [{ key: `${randomUUID()}:0`, status: 'closed' }] }];
    const admin = await ctx.auth({ sub: randomUUID(), role: 'admin' });
    for (const headers of [agent, billingAgent, admin]) {
      const refused = await ctx.inject({ method: 'POST', url: '/tickets/changes', headers, body: { items } });
      expect([refused.statusCode, refused.json().code]).toEqual([403, 'SERVICE_REQUIRED']);
    }
    expect((await ctx.inject({ url: `/tickets/${ticket.id}`, headers: agent })).json<Ticket>().status).toBe('open');
    // Refused before its body is read, whatever its size.
    const huge = await ctx.inject({ method: 'POST', url: '/tickets/changes', headers: { ...agent, 'content-type': 'application/json' }, payload: 'x'.repeat(MAX_BATCH_BODY_BYTES + 1) });
    expect([huge.statusCode, huge.json().code]).toEqual([403, 'SERVICE_REQUIRED']);
    for (const body of [{ items: [] }, { items: Array(MAX_BATCH_ITEMS + 1).fill(items[0]) }, { items: [{ ticketId: 'nope', changes: [] }] }]) {
      const bad = await ctx.inject({ method: 'POST', url: '/tickets/changes', headers: mail, body });
      expect([bad.statusCode, bad.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect(ctx.serverErrors()).toEqual([]);
  });
});
