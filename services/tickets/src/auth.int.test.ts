import { randomUUID } from 'node:crypto';
import { badTokens } from '@switchboard/service-kit/testing';
import type { InjectOptions } from 'fastify';
import { createTicketsTestContext, type TicketsTestContext } from './testing/tickets-test-context';

let ctx: TicketsTestContext;
let ticketId: string;
const userId = randomUUID();

/** Every tickets route, with a valid request apart from the token. */
const routes = (): InjectOptions[] => [
  { method: 'GET', url: '/tickets?q=printer&mine=true' },
  { method: 'POST', url: '/tickets', body: { title: 'Auth probe' } },
  { method: 'GET', url: `/tickets/${ticketId}` },
  { method: 'PUT', url: `/tickets/${ticketId}/favourite` },
  { method: 'DELETE', url: `/tickets/${ticketId}/favourite` },
  { method: 'PUT', url: `/emails/${randomUUID()}/ticket`, body: { ticketId } },
  { method: 'GET', url: `/emails/${randomUUID()}/ticket` },
  { method: 'GET', url: '/emails?limit=5' },
];

beforeAll(async () => {
  ctx = await createTicketsTestContext();
  const created = await ctx.inject({ method: 'POST', url: '/tickets', body: { title: 'Printer on fire' }, headers: await ctx.auth({ sub: userId }) });
  ticketId = created.json().id;
});

afterAll(async () => {
  await ctx?.close();
});

describe('every route refuses a bad token', () => {

  it.each(badTokens(() => ctx.keys, 'tickets', userId, 'mail'))('answers 401 to %s on every route', async (_name, makeToken) => {
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
      expect(res.statusCode).toBeLessThan(500);
      expect(res.statusCode).not.toBe(401);
    }
  });

  it('keeps health and readiness public', async () => {
    expect((await ctx.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await ctx.inject({ url: '/ready' })).statusCode).toBe(200);
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
