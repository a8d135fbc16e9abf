import { randomUUID } from 'node:crypto';
import type { ConnectOriginList, PageComposition, PublishedVersion } from '@switchboard/contracts';
import { createRegistryTestContext, type RegistryTestContext } from './testing/registry-test-context';
import { widgetBuild } from './testing/widget-build';

// Issue 16: a widget's own backend is reachable only through origins an admin approved per
// version; the gateway reads the live ones for the page CSP, the page gets only those in `connect`.

let ctx: RegistryTestContext;
let admin: Record<string, string>;
const declared = ['https://orders.example', 'https://parcels.example:8443'];

beforeAll(async () => {
  ctx = await createRegistryTestContext();
  admin = await ctx.admin();
  for (const name of ['email', 'tickets']) {
    expect((await ctx.publish(widgetBuild({ name, version: '1.0.0' }))).statusCode).toBe(201);
    await ctx.activate(name, '1.0.0');
  }
  for (const version of ['1.0.0', '1.1.0']) {
    expect((await ctx.publish(widgetBuild({ name: 'orders', version, manifest: { connect: declared } }))).statusCode).toBe(201);
  }
});
afterAll(() => ctx?.close());

const approve = (version: string, origins: unknown, headers = admin, name = 'orders') =>
  ctx.inject({ method: 'PUT', url: `/widgets/${name}/versions/${version}/connect`, body: { origins }, headers });
const live = async (query = '') => (await ctx.inject({ url: `/connect-origins${query}` })).json<ConnectOriginList>().origins;
const pageConnect = async () => {
  const page = (await ctx.inject({ url: '/pages/email-detail', headers: await ctx.auth({ teams: [randomUUID()] }) })).json<PageComposition>();
  return page.widgets.find((w) => w.widget === 'orders')?.manifest.connect;
};

it('lists only approved origins of the versions an environment serves, to anyone', async () => {
  await ctx.activate('orders', '1.0.0');
  expect(await live()).toEqual([]);
  expect(await pageConnect()).toBeUndefined();

  const approved = await approve('1.0.0', ['https://orders.example']);
  expect(approved.statusCode).toBe(200);
  expect(approved.json<PublishedVersion>().approvedConnect).toEqual(['https://orders.example']);
  expect(await live()).toEqual(['https://orders.example']);
  expect(await pageConnect()).toEqual(['https://orders.example']);

  // 1.1.0's approval counts once it is served: as a canary, then active; 1.0.0's then no longer.
  expect((await approve('1.1.0', declared)).statusCode).toBe(200);
  expect(await live()).toEqual(['https://orders.example']);
  const canary = await ctx.inject({ method: 'PUT', url: '/widgets/orders/canary', body: { version: '1.1.0', percent: 0, teams: [] }, headers: admin });
  expect(canary.statusCode).toBe(200);
  expect(await live()).toEqual(declared);
  await ctx.activate('orders', '1.1.0');
  expect(await live()).toEqual(declared);
  expect(await live('?environment=staging')).toEqual([]);
  const perWidget = (await ctx.inject({ url: '/connect-origins' })).json<ConnectOriginList>().widgets;
  expect(perWidget).toEqual([{ name: 'orders', origins: declared }]);

  // An empty list withdraws the approval.
  expect((await approve('1.1.0', [])).json<PublishedVersion>().approvedConnect).toEqual([]);
  expect(await live()).toEqual([]);
  expect(await pageConnect()).toBeUndefined();
  const listed = (await ctx.inject({ url: '/widgets/orders', headers: admin })).json<{ versions: PublishedVersion[] }>();
  expect(listed.versions.map((v) => [v.version, v.approvedConnect])).toEqual([
    ['1.1.0', []],
    ['1.0.0', ['https://orders.example']],
  ]);
  expect(ctx.serverErrors()).toEqual([]);
});

it('refuses an origin the version does not declare, a malformed one, and unknown versions, with codes', async () => {
  const undeclared = await approve('1.0.0', ['https://elsewhere.example']);
  expect([undeclared.statusCode, undeclared.json().code]).toEqual([400, 'CONNECT_NOT_DECLARED']);
  for (const origin of ['http://orders.example', 'https://orders.example/', 'https://*.example', "https://orders.example 'unsafe-eval'"]) {
    const res = await approve('1.0.0', [origin]);
    expect([origin, res.statusCode]).toEqual([origin, 400]);
    expect(res.json().code).toEqual(expect.any(String));
  }
  expect((await approve('9.9.9', [])).json().code).toBe('VERSION_NOT_FOUND');
  expect((await approve('1.0.0', [], admin, 'nothing')).json().code).toBe('WIDGET_NOT_FOUND');
  expect(ctx.serverErrors()).toEqual([]);
});

it('lets only admins approve', async () => {
  const agent = await ctx.auth({ teams: [randomUUID()] });
  const service = await ctx.auth({ sub: 'service:shell', role: 'service' });
  for (const headers of [agent, service]) expect((await approve('1.0.0', declared, headers)).statusCode).toBe(403);
  expect((await ctx.inject({ method: 'PUT', url: '/widgets/orders/versions/1.0.0/connect', body: { origins: [] } })).statusCode).toBe(401);
});
