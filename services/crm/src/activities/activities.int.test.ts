import { randomUUID } from 'node:crypto';
import { MAX_BATCH_BODY_BYTES, MAX_BATCH_ITEMS, type Activity, type ActivityPage, type CreatedActivities } from '@switchboard/contracts';
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

describe('activities of many contacts in one call (E13, decision 0013)', () => {
  it("records mail's macro notes once each, answers a missing contact's or a blank title's refusal per item, and refuses anyone but a service", async () => {
    const asMail = await ctx.auth({ sub: 'service:mail', role: 'service' });
    const other = (await ctx.inject({ method: 'POST', url: '/contacts', body: { name: 'Petr Novák' }, headers: asAgent })).json<{ id: string }>().id;
    const emailId = randomUUID();
    const note = (contact: string, index: number, title = `Refund sent ${index}`) => ({
      contactId: contact,
      activity: { kind: 'note', title, body: title, ticketId: randomUUID(), link: `/emails/${emailId}`, externalKey: `macro:${emailId}:${index}` },
    });
    const batch = (items: object[], headers = asMail) => ctx.inject({ method: 'POST', url: '/activities/batch', body: { items }, headers });
    const missing = randomUUID();
    const items = [note(contactId, 0), note(missing, 1), note(other, 2), note(other, 3, '   ')];
    const first = await batch(items);
    expect(first.statusCode).toBe(200);
    expect(first.json<CreatedActivities>().items).toEqual([
      { externalKey: `macro:${emailId}:0`, recorded: true },
      { externalKey: `macro:${emailId}:1`, error: { status: 404, code: 'CONTACT_NOT_FOUND', message: `No contact ${missing}` } },
      { externalKey: `macro:${emailId}:2`, recorded: true },
      { externalKey: `macro:${emailId}:3`, error: { status: 400, code: 'VALIDATION_FAILED', message: 'The title must not be blank' } },
    ]);
    // Replayed (a runner that died before recording its steps): nothing is recorded twice.
    expect((await batch(items)).json<CreatedActivities>().items.map((item) => 'recorded' in item)).toEqual([true, false, true, false]);
    const notesOf = async (id: string) =>
      (await ctx.inject({ url: `/contacts/${id}/activities?kind=note`, headers: asMail })).json<ActivityPage>().items.filter((a) => a.link === `/emails/${emailId}`);
    expect((await notesOf(contactId)).map((a) => [a.title, a.externalKey, a.authorId])).toEqual([['Refund sent 0', `macro:${emailId}:0`, 'service:mail']]);
    expect((await notesOf(other)).map((a) => a.title)).toEqual(['Refund sent 2']);
    // An agent, another team's agent and an admin are refused, and record nothing.
    for (const headers of [asAgent, asBilling, await ctx.auth({ sub: randomUUID(), role: 'admin' })]) {
      const refused = await batch([note(contactId, 4)], headers);
      expect([refused.statusCode, refused.json().code]).toEqual([403, 'SERVICE_REQUIRED']);
    }
    expect((await notesOf(contactId)).map((a) => a.externalKey)).toEqual([`macro:${emailId}:0`]);
    // Bad input is a 400 with its code: no items, an item without its key.
    const empty = await batch([]);
    expect([empty.statusCode, empty.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    const keyless = await batch([{ contactId, activity: { kind: 'note', title: 'No key' } }]);
    expect([keyless.statusCode, keyless.json().code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('takes a full batch of the longest notes in one call (over the 1 MiB of other routes), and refuses an agent before reading a body of any size', async () => {
    const asMail = await ctx.auth({ sub: 'service:mail', role: 'service' });
    const emailId = randomUUID();
    const text = 'Vrácení peněz. '.repeat(667).slice(0, 10_000);
    const items = Array.from({ length: MAX_BATCH_ITEMS }, (_, i) => ({ contactId, activity: { kind: 'note', title: `Long note ${i}`, body: text, externalKey: `macro:${emailId}:${i}` } }));
    const payload = JSON.stringify({ items });
    expect(Buffer.byteLength(payload)).toBeGreaterThan(1024 * 1024);
    const res = await ctx.inject({ method: 'POST', url: '/activities/batch', payload, headers: { ...asMail, 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.json<CreatedActivities>().items.every((item) => 'recorded' in item)).toBe(true);
    const tooBig = 'x'.repeat(MAX_BATCH_BODY_BYTES + 1);
    const agent = await ctx.inject({ method: 'POST', url: '/activities/batch', payload: tooBig, headers: { ...asAgent, 'content-type': 'application/json' } });
    expect([agent.statusCode, agent.json().code]).toEqual([403, 'SERVICE_REQUIRED']);
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
