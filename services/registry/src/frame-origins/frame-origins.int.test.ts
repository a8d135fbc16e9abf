import { randomUUID } from 'node:crypto';
import { MAX_FRAME_ORIGINS, type FrameOriginList } from '@switchboard/contracts';
import { createRegistryTestContext, type RegistryTestContext } from '../testing/registry-test-context';

// P1: the sites Page-in-page may show, kept by the registry: anyone (the gateway, without a
// token) reads them, admins change them, and only https origins get on the list.

let ctx: RegistryTestContext;
let admin: Record<string, string>;

beforeAll(async () => {
  ctx = await createRegistryTestContext();
  admin = await ctx.admin();
});
afterAll(() => ctx?.close());

const origins = async () => (await ctx.inject({ url: '/frame-origins' })).json<FrameOriginList>().items.map((item) => item.origin);
const add = (origin: unknown, headers = admin) => ctx.inject({ method: 'POST', url: '/frame-origins', body: { origin }, headers });
const remove = (origin: string, headers = admin) => ctx.inject({ method: 'DELETE', url: `/frame-origins?origin=${encodeURIComponent(origin)}`, headers });

it('lets an admin allow and remove https origins, which anyone reads without a token', async () => {
  expect(await origins()).toEqual([]);
  const added = await add('https://orders.example');
  expect(added.statusCode).toBe(201);
  expect(added.json<FrameOriginList>().items).toEqual([{ origin: 'https://orders.example', addedAt: expect.any(String) }]);
  expect((await add('https://status.example:8443')).statusCode).toBe(201);
  expect((await add('https://orders.example')).statusCode).toBe(201);
  expect(await origins()).toEqual(['https://orders.example', 'https://status.example:8443']);

  const removed = await remove('https://orders.example');
  expect(removed.statusCode).toBe(200);
  expect(await origins()).toEqual(['https://status.example:8443']);
  expect((await remove('https://orders.example')).json()).toMatchObject({ code: 'FRAME_ORIGIN_NOT_FOUND' });
  expect((await remove('https://status.example:8443')).statusCode).toBe(200);
});

it('refuses anything but an https origin spelled as its origin, with a code', async () => {
  const refused = [
    'http://orders.example',
    'https://orders.example/',
    'https://orders.example/path',
    'https://orders.example?q=1',
    'https://user:pw@orders.example',
    'HTTPS://Orders.example',
    'https://orders.example:443',
    'javascript:alert(1)',
    "https://orders.example 'unsafe-inline'",
    'https://*.example',
    'orders.example',
  ];
  for (const origin of refused) {
    const res = await add(origin);
    expect([origin, res.statusCode, res.json().code]).toEqual([origin, 400, 'INVALID_FRAME_ORIGIN']);
  }
  for (const body of [{}, { origin: 5 }, { origin: 'https://a.example', extra: true }, { origin: `https://${'a'.repeat(300)}.example` }]) {
    const res = await ctx.inject({ method: 'POST', url: '/frame-origins', body, headers: admin });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toEqual(expect.any(String));
  }
  expect(await origins()).toEqual([]);
  expect(ctx.serverErrors()).toEqual([]);
});

it('refuses changes by agents and services, and a list longer than the limit', async () => {
  const agent = await ctx.auth({ sub: randomUUID(), teams: [randomUUID()] });
  const service = await ctx.auth({ sub: 'service:shell', role: 'service' });
  for (const headers of [agent, service]) {
    expect((await add('https://orders.example', headers)).statusCode).toBe(403);
    expect((await remove('https://orders.example', headers)).statusCode).toBe(403);
  }
  expect((await ctx.inject({ method: 'POST', url: '/frame-origins', body: { origin: 'https://orders.example' } })).statusCode).toBe(401);

  for (let i = 0; i < MAX_FRAME_ORIGINS; i++) expect((await add(`https://site${i}.example`)).statusCode).toBe(201);
  const over = await add('https://one-more.example');
  expect(over.statusCode).toBe(409);
  expect(over.json().code).toBe('TOO_MANY_FRAME_ORIGINS');
  expect((await add('https://site0.example')).statusCode).toBe(201);
  expect(await origins()).toHaveLength(MAX_FRAME_ORIGINS);
  expect(ctx.serverErrors()).toEqual([]);
});
