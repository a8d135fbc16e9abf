import { randomUUID } from 'node:crypto';
import type { Activity, ActivityPage } from '@switchboard/contracts';
import { createCrmTestContext, type CrmTestContext } from '../testing/crm-test-context';

let ctx: CrmTestContext;
let contactId: string;
const support = randomUUID();
let asAgent: Record<string, string>;
let asColleague: Record<string, string>;
let asBilling: Record<string, string>;

beforeAll(async () => {
  ctx = await createCrmTestContext();
  asAgent = await ctx.auth({ sub: randomUUID(), teams: [support] });
  asColleague = await ctx.auth({ sub: randomUUID(), teams: [support] });
  asBilling = await ctx.auth({ sub: randomUUID(), teams: [randomUUID()] });
  contactId = (await ctx.inject({ method: 'POST', url: '/contacts', body: { name: 'Jana Nováková' }, headers: asAgent })).json().id;
});

afterAll(async () => {
  await ctx?.close();
});

const record = async (body: Record<string, unknown>, headers = asAgent) => {
  const res = await ctx.inject({ method: 'POST', url: `/contacts/${contactId}/activities`, body, headers });
  expect(res.statusCode).toBe(201);
  return res.json<Activity>();
};
const page = async (query = '', headers = asAgent) =>
  (await ctx.inject({ url: `/contacts/${contactId}/activities${query}`, headers })).json<ActivityPage>();

describe('activities (C8)', () => {
  it('lists newest first, paged by keyset without gaps or repeats, filtered by kind', async () => {
    const base = Date.parse('2025-03-01T10:00:00Z');
    const kinds = ['call', 'note', 'meeting', 'task', 'email'] as const;
    for (let i = 0; i < 12; i++) {
      // Two activities share each time, so the id breaks the tie.
      await record({ kind: kinds[i % 5], title: `Activity ${i}`, occurredAt: new Date(base + Math.floor(i / 2) * 60_000).toISOString() });
    }
    const seen: Activity[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const next: ActivityPage = await page(`?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...next.items);
      cursor = next.nextCursor;
    }
    expect(seen).toHaveLength(12);
    expect(new Set(seen.map((a) => a.id)).size).toBe(12);
    const order = seen.map((a) => [a.occurredAt, a.id].join(' '));
    expect(order).toEqual([...order].sort().reverse());
    expect((await page('?kind=call')).items.map((a) => a.title)).toEqual(['Activity 10', 'Activity 5', 'Activity 0']);
  });

  it('records an activity with an external key once, answering the first on a repeat', async () => {
    const body = { kind: 'email', direction: 'in', title: 'Order not delivered', link: '/emails/00000000-0000-4000-8000-0000000e0001', externalKey: 'email:e1:in' };
    const first = await record(body);
    const again = await record({ ...body, title: 'A retried event' });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ direction: 'in', link: '/emails/00000000-0000-4000-8000-0000000e0001', externalKey: 'email:e1:in' });
  });

  it("lists a private note to its author's team only", async () => {
    const note = await record({ kind: 'note', title: 'Owes an invoice', body: 'Do not offer discounts', private: true });
    expect((await page('?kind=note', asColleague)).items.map((a) => a.id)).toContain(note.id);
    expect((await page('?kind=note', asBilling)).items.map((a) => a.id)).not.toContain(note.id);
    const admin = await ctx.auth({ sub: randomUUID(), role: 'admin' });
    expect((await page('?kind=note', admin)).items.map((a) => a.id)).toContain(note.id);
  });

  it('answers 404 for an unknown contact and 400 to a link that is no path or https URL', async () => {
    const missing = await ctx.inject({ url: `/contacts/${randomUUID()}/activities`, headers: asAgent });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'CONTACT_NOT_FOUND']);
    for (const link of ['javascript:alert(1)', '//evil.example/x', 'http://plain.example']) {
      const res = await ctx.inject({ method: 'POST', url: `/contacts/${contactId}/activities`, body: { kind: 'note', title: 'x', link }, headers: asAgent });
      expect([link, res.statusCode]).toEqual([link, 400]);
    }
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
