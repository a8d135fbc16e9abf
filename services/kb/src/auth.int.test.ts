import { randomUUID } from 'node:crypto';
import { badTokens } from '@switchboard/service-kit/testing';
import type { InjectOptions } from 'fastify';
import { createKbTestContext, type KbTestContext } from './testing/kb-test-context';

let ctx: KbTestContext;
let articleId: string;
const userId = randomUUID();

/** Every KB route, with a valid request apart from the token (the writes by a KB editor). */
const routes = (): InjectOptions[] => [
  { method: 'GET', url: '/categories' },
  { method: 'POST', url: '/categories', body: { name: { cs: 'Sonda', en: 'Probe' } } },
  { method: 'GET', url: '/articles' },
  { method: 'GET', url: '/articles/search?q=probe' },
  { method: 'GET', url: '/articles/suggest?subject=probe%20article' },
  { method: 'GET', url: `/articles/${articleId}` },
  { method: 'POST', url: '/articles', body: { title: 'Probe', bodyHtml: '<p>probe</p>', language: 'en' } },
  { method: 'PATCH', url: `/articles/${articleId}`, body: { version: 1, title: 'Probe' } },
  { method: 'POST', url: `/articles/${articleId}/publish`, body: { version: 2 } },
  { method: 'POST', url: `/articles/${articleId}/unpublish`, body: { version: 3 } },
  { method: 'GET', url: `/articles/${articleId}/versions` },
];

beforeAll(async () => {
  ctx = await createKbTestContext();
  const headers = await ctx.auth({ sub: userId, role: 'kb-editor' });
  articleId = (await ctx.inject({ method: 'POST', url: '/articles', body: { title: 'Probe', bodyHtml: '<p>probe</p>', language: 'en' }, headers })).json().id;
});
afterAll(() => ctx?.close());

describe('every route refuses a bad token', () => {
  it.each(badTokens(() => ctx.keys, 'kb', userId, 'tickets'))('answers 401 to %s on every route', async (_name, makeToken) => {
    const token = await makeToken();
    for (const route of routes()) {
      const res = await ctx.inject({ ...route, headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect({ route: `${route.method} ${route.url}`, status: res.statusCode }).toEqual({ route: `${route.method} ${route.url}`, status: 401 });
      expect(res.json().code).toBe('UNAUTHORIZED');
    }
  });

  it("lets a KB editor's valid token through on every route", async () => {
    const headers = await ctx.auth({ sub: userId, role: 'kb-editor' });
    for (const route of routes()) {
      const res = await ctx.inject({ ...route, headers });
      expect({ route: `${route.method} ${route.url}`, ok: res.statusCode < 400 }).toEqual({ route: `${route.method} ${route.url}`, ok: true });
    }
  });
});

describe('who may write (403)', () => {
  it('refuses every write of an agent, and of a service, with 403 KB_EDITOR_REQUIRED', async () => {
    for (const headers of [await ctx.auth({ sub: randomUUID() }), await ctx.auth({ sub: 'service:mail', role: 'service' })]) {
      for (const route of routes().filter((r) => r.method !== 'GET' || String(r.url).endsWith('/versions'))) {
        const res = await ctx.inject({ ...route, headers });
        expect([route.url, res.statusCode, res.json().code]).toEqual([route.url, 403, 'KB_EDITOR_REQUIRED']);
      }
    }
  });

  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
