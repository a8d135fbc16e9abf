import { DEMO, createDemoPrng, DEMO_SEED, demoId, generateDemoPeople, type ActivityPage, type Contact, type ContactList } from '@switchboard/contracts';
import { createCrmTestContext, type CrmTestContext } from '../testing/crm-test-context';
import { seedDemoIfEmpty } from './demo-seed';

let ctx: CrmTestContext;
let asAgent: Record<string, string>;
const people = generateDemoPeople(createDemoPrng(DEMO_SEED));

beforeAll(async () => {
  ctx = await createCrmTestContext({ seedDemo: true });
  asAgent = await ctx.auth({ sub: DEMO.users.agent.id, teams: [DEMO.teams.support.id] });
});

afterAll(async () => {
  await ctx?.close();
});

const get = async <T>(url: string) => {
  const res = await ctx.inject({ url, headers: asAgent });
  expect([url, res.statusCode]).toEqual([url, 200]);
  return res.json<T>();
};

describe('demo seed', () => {
  it("seeds the tickets' contacts and companies under their ids and names", async () => {
    const contact = await get<Contact>(`/contacts/${demoId('contact:2')}`);
    expect(contact).toMatchObject({ name: people.contacts[2]!.name, company: { id: people.contacts[2]!.company!.id } });
    const [{ n }] = await ctx.app.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from crm.contact');
    expect(n).toBe(400);
  });

  it('matches a shared address to both its contacts, and a primary address to its one', async () => {
    const shared = await get<{ items: Contact[] }>(`/contacts/match?email=${encodeURIComponent(people.sharedEmails[0]!)}`);
    expect(shared.items).toHaveLength(2);
    const one = await get<{ items: Contact[] }>(`/contacts/match?email=${encodeURIComponent(people.contacts[5]!.email.toUpperCase())}`);
    expect(one.items.map((c) => c.id)).toEqual([people.contacts[5]!.id]);
  });

  it('finds Czech names typed without diacritics', async () => {
    const list = await get<ContactList>('/contacts?q=novakova&limit=100');
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((c) => c.name.includes('Nováková'))).toBe(true);
  });

  it("gives contacts activities and the demo agent a calendar around today", async () => {
    const activities = await get<ActivityPage>(`/contacts/${demoId('contact:0')}/activities`);
    expect(activities.items.length).toBeGreaterThanOrEqual(2);
    const from = new Date(Date.now() - 14 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const events = await get<{ items: unknown[] }>(`/calendar/events?from=${from}&to=${to}`);
    expect(events.items.length).toBeGreaterThanOrEqual(10);
  });

  it('does nothing when contacts exist', async () => {
    expect(await seedDemoIfEmpty(ctx.app.orm.em.fork())).toBeNull();
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
