import { randomUUID } from 'node:crypto';
import type { CalendarEvent } from '@switchboard/contracts';
import { createCrmTestContext, type CrmTestContext } from '../testing/crm-test-context';

let ctx: CrmTestContext;
let asAgent: Record<string, string>;
let asOther: Record<string, string>;

beforeAll(async () => {
  ctx = await createCrmTestContext();
  asAgent = await ctx.auth({ sub: randomUUID() });
  asOther = await ctx.auth({ sub: randomUUID() });
});

afterAll(async () => {
  await ctx?.close();
});

const schedule = async (startsAt: string, endsAt: string, extra: Record<string, unknown> = {}, headers = asAgent) => {
  const res = await ctx.inject({ method: 'POST', url: '/calendar/events', body: { kind: 'meeting', title: 'Meeting', startsAt, endsAt, ...extra }, headers });
  expect(res.statusCode).toBe(201);
  return res.json<CalendarEvent>();
};
const month = async (from: string, to: string, headers = asAgent, extra = '') =>
  (await ctx.inject({ url: `/calendar/events?from=${from}&to=${to}${extra}`, headers })).json<{ items: CalendarEvent[] }>().items;

describe('calendar (L1)', () => {
  it("lists the caller's events overlapping the range, by start, and no one else's", async () => {
    const inside = await schedule('2030-03-10T09:00:00Z', '2030-03-10T10:00:00Z');
    const across = await schedule('2030-02-28T23:00:00Z', '2030-03-01T01:00:00Z');
    await schedule('2030-04-01T00:00:00Z', '2030-04-01T01:00:00Z');
    await schedule('2030-03-05T09:00:00Z', '2030-03-05T10:00:00Z', {}, asOther);
    expect((await month('2030-03-01T00:00:00Z', '2030-04-01T00:00:00Z')).map((e) => e.id)).toEqual([across.id, inside.id]);
  });

  it('moves an event, refuses a stale move with 409, and cancels once', async () => {
    const event = await schedule('2030-05-10T09:00:00Z', '2030-05-10T09:30:00Z', { kind: 'callback' });
    const moved = await ctx.inject({
      method: 'PATCH',
      url: `/calendar/events/${event.id}`,
      body: { version: 1, startsAt: '2030-05-11T14:00:00Z', endsAt: '2030-05-11T14:30:00Z' },
      headers: asAgent,
    });
    expect(moved.json()).toMatchObject({ startsAt: '2030-05-11T14:00:00.000Z', version: 2 });
    const stale = await ctx.inject({ method: 'PATCH', url: `/calendar/events/${event.id}`, body: { version: 1, title: 'x' }, headers: asAgent });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CRM_VERSION_CONFLICT', details: { current: { version: 2 } } });
    const cancelled = await ctx.inject({ method: 'POST', url: `/calendar/events/${event.id}/cancel`, headers: asAgent });
    expect(cancelled.json()).toMatchObject({ cancelled: true, version: 3 });
    const again = await ctx.inject({ method: 'POST', url: `/calendar/events/${event.id}/cancel`, headers: asAgent });
    expect(again.json()).toMatchObject({ cancelled: true, version: 3 });
    const edit = await ctx.inject({ method: 'PATCH', url: `/calendar/events/${event.id}`, body: { version: 3, title: 'x' }, headers: asAgent });
    expect([edit.statusCode, edit.json().code]).toEqual([409, 'EVENT_CANCELLED']);
    expect(await month('2030-05-01T00:00:00Z', '2030-06-01T00:00:00Z')).toEqual([]);
    expect((await month('2030-05-01T00:00:00Z', '2030-06-01T00:00:00Z', asAgent, '&includeCancelled=true')).map((e) => e.id)).toEqual([event.id]);
  });

  it("answers 404 for another agent's event, whatever is asked", async () => {
    const event = await schedule('2030-06-10T09:00:00Z', '2030-06-10T09:30:00Z');
    for (const request of [
      { method: 'GET' as const, url: `/calendar/events/${event.id}` },
      { method: 'PATCH' as const, url: `/calendar/events/${event.id}`, body: { version: 1, title: 'Mine' } },
      { method: 'POST' as const, url: `/calendar/events/${event.id}/cancel` },
    ]) {
      const res = await ctx.inject({ ...request, headers: asOther });
      expect([request.method, res.statusCode, res.json().code]).toEqual([request.method, 404, 'EVENT_NOT_FOUND']);
    }
  });

  it('answers 400 INVALID_TIME_RANGE to an event ending before it starts, one over a month, and a range over 400 days', async () => {
    for (const [startsAt, endsAt] of [['2030-01-01T10:00:00Z', '2030-01-01T09:00:00Z'], ['2030-01-01T10:00:00Z', '2030-03-01T10:00:00Z']]) {
      const res = await ctx.inject({ method: 'POST', url: '/calendar/events', body: { kind: 'meeting', title: 'x', startsAt, endsAt }, headers: asAgent });
      expect([res.statusCode, res.json().code]).toEqual([400, 'INVALID_TIME_RANGE']);
    }
    const range = await ctx.inject({ url: '/calendar/events?from=2030-01-01T00:00:00Z&to=2032-01-01T00:00:00Z', headers: asAgent });
    expect([range.statusCode, range.json().code]).toEqual([400, 'INVALID_TIME_RANGE']);
  });

  it('ties an event to a contact that exists (404 CONTACT_NOT_FOUND otherwise)', async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: '/calendar/events',
      body: { kind: 'callback', title: 'x', startsAt: '2030-01-01T10:00:00Z', endsAt: '2030-01-01T10:30:00Z', contactId: randomUUID() },
      headers: asAgent,
    });
    expect([res.statusCode, res.json().code]).toEqual([404, 'CONTACT_NOT_FOUND']);
  });

  it('schedules a keyed event once, and lets only a service schedule in another agent\'s calendar (a macro follow-up, E13)', async () => {
    const agentId = randomUUID();
    const asService = await ctx.auth({ sub: 'service:mail', role: 'service' });
    const body = { kind: 'follow-up', title: 'Call back', startsAt: '2030-07-01T09:00:00Z', endsAt: '2030-07-01T09:30:00Z', ownerId: agentId, externalKey: `macro:${randomUUID()}:3` };
    const first = await ctx.inject({ method: 'POST', url: '/calendar/events', body, headers: asService });
    const again = await ctx.inject({ method: 'POST', url: '/calendar/events', body, headers: asService });
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json<CalendarEvent>().id).toBe(first.json<CalendarEvent>().id);
    expect(first.json<CalendarEvent>().ownerId).toBe(agentId);
    const asOwner = await ctx.auth({ sub: agentId });
    expect((await month('2030-07-01T00:00:00Z', '2030-07-02T00:00:00Z', asOwner)).map((e) => e.id)).toEqual([first.json<CalendarEvent>().id]);
    const noOwner = await ctx.inject({ method: 'POST', url: '/calendar/events', body: { ...body, ownerId: undefined, externalKey: undefined }, headers: asService });
    expect([noOwner.statusCode, noOwner.json().code]).toEqual([403, 'USER_REQUIRED']);
    const forOther = await ctx.inject({ method: 'POST', url: '/calendar/events', body: { ...body, externalKey: undefined }, headers: asAgent });
    expect(forOther.statusCode).toBe(403);
    const taken = await ctx.inject({ method: 'POST', url: '/calendar/events', body: { ...body, ownerId: undefined }, headers: asAgent });
    expect([taken.statusCode, taken.json().code]).toEqual([409, 'CONFLICT']);
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
