import { randomUUID } from 'node:crypto';
import { badTokens } from '@switchboard/service-kit/testing';
import type { InjectOptions } from 'fastify';
import { createTemplatesTestContext, type TemplatesTestContext } from './testing/templates-test-context';

let ctx: TemplatesTestContext;
let frameId: string;
let answerId: string;
let macroId: string;
const userId = randomUUID();
const team = randomUUID();

/** Every templates route, with a valid request apart from the token. */
const routes = (): InjectOptions[] => [
  { method: 'GET', url: '/templates?q=probe' },
  { method: 'GET', url: `/templates/${answerId}` },
  { method: 'POST', url: '/templates', body: { kind: 'answer', name: 'Probe', language: 'en', scope: 'personal', body: 'x' } },
  { method: 'PATCH', url: `/templates/${answerId}`, body: { version: 1, name: 'Probe 2' } },
  { method: 'POST', url: `/templates/${answerId}/render`, body: {} },
  { method: 'DELETE', url: `/templates/${frameId}` },
  { method: 'GET', url: '/macros' },
  { method: 'GET', url: `/macros/${macroId}` },
  { method: 'POST', url: '/macros', body: { name: 'Probe', scope: 'personal', actions: [{ type: 'setStatus', status: 'closed' }] } },
  { method: 'PATCH', url: `/macros/${macroId}`, body: { version: 1, name: 'Probe 2' } },
  { method: 'DELETE', url: `/macros/${macroId}` },
];

beforeAll(async () => {
  ctx = await createTemplatesTestContext();
  const headers = await ctx.auth({ sub: userId, teams: [team] });
  const post = async (url: string, body: object) => (await ctx.inject({ method: 'POST', url, body, headers })).json<{ id: string }>().id;
  frameId = await post('/templates', { kind: 'frame', name: 'Frame', language: 'en', scope: 'team', body: '{{ content }}' });
  answerId = await post('/templates', { kind: 'answer', name: 'Answer', language: 'en', scope: 'team', body: 'x' });
  macroId = await post('/macros', { name: 'Macro', scope: 'team', actions: [{ type: 'setStatus', status: 'closed' }] });
});

afterAll(async () => {
  await ctx?.close();
});

describe('every route refuses a bad token', () => {
  it.each(badTokens(() => ctx.keys, 'templates', userId, 'tickets'))('answers 401 to %s on every route', async (_name, makeToken) => {
    const token = await makeToken();
    for (const route of routes()) {
      const res = await ctx.inject({ ...route, headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect({ route: `${route.method} ${route.url}`, status: res.statusCode }).toEqual({ route: `${route.method} ${route.url}`, status: 401 });
      expect(res.json().code).toBe('UNAUTHORIZED');
    }
  });

  it('lets a valid token through on every route', async () => {
    const headers = await ctx.auth({ sub: userId, teams: [team] });
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
  it('keeps personal records to users: a service token gets 403 EDIT_FORBIDDEN', async () => {
    const service = await ctx.auth({ sub: 'service:mail', role: 'service' });
    const res = await ctx.inject({ method: 'POST', url: '/macros', body: { name: 'X', scope: 'personal', actions: [{ type: 'setStatus', status: 'closed' }] }, headers: service });
    expect([res.statusCode, res.json().code]).toEqual([403, 'EDIT_FORBIDDEN']);
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
