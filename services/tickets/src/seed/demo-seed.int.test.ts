import { DEMO, demoEmailId, demoId, type RecentEmails, type TicketList } from '@switchboard/contracts';
import { createTicketsTestContext, type TicketsTestContext } from '../testing/tickets-test-context';
import { seedDemoIfEmpty } from './demo-seed';

let ctx: TicketsTestContext;
let asAgent: Record<string, string>;

beforeAll(async () => {
  ctx = await createTicketsTestContext({ seedDemo: true });
  asAgent = await ctx.auth({ sub: DEMO.users.agent.id, queues: [DEMO.queues.support.id] });
});

afterAll(async () => {
  await ctx?.close();
});

const list = async (url: string, headers = asAgent) => {
  const res = await ctx.inject({ url, headers });
  expect(res.statusCode).toBe(200);
  return res.json<TicketList>();
};

describe('demo seed', () => {
  it('seeds 3,000 tickets on start, numbered in creation order', async () => {
    const [row] = await ctx.app.orm.em
      .fork()
      .execute<{ n: number; min: string; max: string; ordered: boolean }[]>(
        `select count(*)::int as n, min(number) as min, max(number) as max,
           bool_and(created_at >= prev) as ordered
         from (select number, created_at, lag(created_at, 1, '-infinity') over (order by number) as prev from tickets.ticket) t`,
      );
    expect(row).toEqual({ n: 3000, min: '1000', max: '3999', ordered: true });
    const ticket = await ctx.inject({ url: `/tickets/${demoId('ticket:0')}`, headers: asAgent });
    expect(ticket.statusCode).toBe(200);
  });

  it('gives the demo agent tickets, favourites and emails to open', async () => {
    const mine = await list('/tickets?mine=true');
    expect(mine.total).toBeGreaterThan(900);
    const favourites = await list('/tickets?favourites=true&limit=100');
    expect(favourites.total).toBe(24);
    expect(favourites.items.every((t) => t.favourite)).toBe(true);
    const emails = await ctx.inject({ url: '/emails?limit=50', headers: asAgent });
    const items = emails.json<RecentEmails>().items;
    expect(items).toHaveLength(20);
    expect(items.every((i) => i.ticket.assigneeId === DEMO.users.agent.id)).toBe(true);
    const linked = await ctx.inject({ url: `/emails/${demoEmailId(1)}/ticket`, headers: asAgent });
    expect(linked.statusCode).toBe(200);
  });

  it('is searchable by words of realistic titles', async () => {
    expect((await list('/tickets?q=refund')).total).toBeGreaterThan(50);
    expect((await list('/tickets?q=invoice%20charged')).total).toBeGreaterThan(10);
    expect((await list('/tickets?q=reklamace')).total).toBeGreaterThan(10);
  });

  it('does nothing when tickets exist', async () => {
    expect(await seedDemoIfEmpty(ctx.app.orm.em.fork())).toBeNull();
    // The demo agent sees Support's tickets only; a member of both queues sees every ticket.
    const bothQueues = await ctx.auth({ sub: DEMO.users.admin.id, queues: [DEMO.queues.support.id, DEMO.queues.billing.id] });
    expect((await list('/tickets', bothQueues)).total).toBe(3000);
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
