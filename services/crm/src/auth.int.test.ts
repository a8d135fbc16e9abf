import { randomUUID } from 'node:crypto';
import { badTokens } from '@switchboard/service-kit/testing';
import type { InjectOptions } from 'fastify';
import { createCrmTestContext, type CrmTestContext } from './testing/crm-test-context';

let ctx: CrmTestContext;
let contactId: string;
let companyId: string;
let eventId: string;
const userId = randomUUID();
const event = { kind: 'callback', title: 'Probe', startsAt: '2030-01-02T09:00:00Z', endsAt: '2030-01-02T09:30:00Z' };

/** Every CRM route, with a valid request apart from the token. */
const routes = (): InjectOptions[] => [
  { method: 'GET', url: '/contacts?q=probe' },
  { method: 'GET', url: '/contacts/match?email=probe@example.com' },
  { method: 'GET', url: `/contacts/${contactId}` },
  { method: 'POST', url: '/contacts', body: { name: 'Auth probe' } },
  { method: 'PATCH', url: `/contacts/${contactId}`, body: { version: 1, title: 'Probe' } },
  { method: 'GET', url: `/contacts/${contactId}/activities` },
  { method: 'POST', url: `/contacts/${contactId}/activities`, body: { kind: 'note', title: 'Probe' } },
  { method: 'GET', url: '/companies?q=probe' },
  { method: 'GET', url: '/companies/match?domain=example.com' },
  { method: 'GET', url: `/companies/${companyId}` },
  { method: 'POST', url: '/companies', body: { name: 'Probe a.s.' } },
  { method: 'PATCH', url: `/companies/${companyId}`, body: { version: 1, notes: 'Probe' } },
  { method: 'GET', url: '/calendar/events?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z' },
  { method: 'POST', url: '/calendar/events', body: event },
  { method: 'GET', url: `/calendar/events/${eventId}` },
  { method: 'PATCH', url: `/calendar/events/${eventId}`, body: { version: 1, title: 'Moved probe' } },
  { method: 'POST', url: `/calendar/events/${eventId}/cancel` },
];

beforeAll(async () => {
  ctx = await createCrmTestContext();
  const headers = await ctx.auth({ sub: userId });
  contactId = (await ctx.inject({ method: 'POST', url: '/contacts', body: { name: 'Jana Nováková' }, headers })).json().id;
  companyId = (await ctx.inject({ method: 'POST', url: '/companies', body: { name: 'Vltava a.s.' }, headers })).json().id;
  eventId = (await ctx.inject({ method: 'POST', url: '/calendar/events', body: event, headers })).json().id;
});

afterAll(async () => {
  await ctx?.close();
});

describe('every route refuses a bad token', () => {

  it.each(badTokens(() => ctx.keys, 'crm', userId, 'tickets'))('answers 401 to %s on every route', async (_name, makeToken) => {
    const token = await makeToken();
    for (const route of routes()) {
      const res = await ctx.inject({ ...route, headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect({ route: `${route.method} ${route.url}`, status: res.statusCode }).toEqual({ route: `${route.method} ${route.url}`, status: 401 });
      expect(res.json().code).toBe('UNAUTHORIZED');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('lets a valid token through on every route', async () => {
    const headers = await ctx.auth({ sub: userId });
    for (const route of routes()) {
      const res = await ctx.inject({ ...route, headers });
      expect({ route: `${route.method} ${route.url}`, ok: res.statusCode < 400 }).toEqual({ route: `${route.method} ${route.url}`, ok: true });
    }
  });

  it('keeps health and readiness public', async () => {
    expect((await ctx.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await ctx.inject({ url: '/ready' })).statusCode).toBe(200);
  });
});

describe('who may do what (403)', () => {
  it('keeps calendars to users: a service token gets 403 USER_REQUIRED', async () => {
    const service = await ctx.auth({ sub: 'service:mail', role: 'service' });
    const list = await ctx.inject({ url: '/calendar/events?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z', headers: service });
    expect([list.statusCode, list.json().code]).toEqual([403, 'USER_REQUIRED']);
    const create = await ctx.inject({ method: 'POST', url: '/calendar/events', body: event, headers: service });
    expect([create.statusCode, create.json().code]).toEqual([403, 'USER_REQUIRED']);
  });

  it("refuses to change another team's records with 403 RECORD_FORBIDDEN", async () => {
    const team = randomUUID();
    const owner = await ctx.auth({ sub: randomUUID(), teams: [team] });
    const stranger = await ctx.auth({ sub: randomUUID(), teams: [randomUUID()] });
    const contact = (await ctx.inject({ method: 'POST', url: '/contacts', body: { name: 'Owned' }, headers: owner })).json();
    const company = (await ctx.inject({ method: 'POST', url: '/companies', body: { name: 'Owned s.r.o.' }, headers: owner })).json();
    for (const url of [`/contacts/${contact.id}`, `/companies/${company.id}`]) {
      const res = await ctx.inject({ method: 'PATCH', url, body: { version: 1, notes: 'mine now' }, headers: stranger });
      expect([url, res.statusCode, res.json().code]).toEqual([url, 403, 'RECORD_FORBIDDEN']);
    }
  });

  it('refuses a team the caller is not in with 403 TEAM_FORBIDDEN', async () => {
    const headers = await ctx.auth({ sub: randomUUID(), teams: [randomUUID()] });
    const res = await ctx.inject({ method: 'POST', url: '/contacts', body: { name: 'X', teamId: randomUUID() }, headers });
    expect([res.statusCode, res.json().code]).toEqual([403, 'TEAM_FORBIDDEN']);
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
