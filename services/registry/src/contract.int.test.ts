import { randomUUID } from 'node:crypto';
import { connectApi, frameOriginsApi, registryApi } from '@switchboard/contracts';
import { injectFetch, routeContractProblems } from '@switchboard/service-kit/testing';
import { ApiError, ServiceClient } from '@switchboard/widget-sdk';
import { createRegistryTestContext, type RegistryTestContext } from './testing/registry-test-context';
import { widgetBuild } from './testing/widget-build';

const teamId = randomUUID();
let ctx: RegistryTestContext;
/** An administrator's client (ops, the CLI) and an agent's (the shell). */
let admin: ServiceClient;
let agent: ServiceClient;

beforeAll(async () => {
  ctx = await createRegistryTestContext();
  const client = (claims: { role?: 'admin' }) =>
    new ServiceClient(
      { serviceUrl: 'http://registry.test', getToken: async () => (await ctx.auth({ ...claims, teams: [teamId] })).authorization.slice('Bearer '.length) },
      { fetch: injectFetch(ctx.app), validate: true },
    );
  admin = client({ role: 'admin' });
  agent = client({});
  for (const [name, version] of [['email', '1.0.0'], ['tickets', '1.0.0'], ['tickets', '1.1.0']]) {
    const res = await ctx.publish(widgetBuild({ name, version }));
    if (res.statusCode !== 201) throw new Error(res.body);
  }
});
afterAll(() => ctx.close());

it('registers every route from the registry contract, and every contract route is served', () => {
  expect(routeContractProblems(ctx.app, registryApi, frameOriginsApi, connectApi)).toEqual([]);
});

it('answers the SDK client within the contract on the widget routes', async () => {
  await admin.call(registryApi.activateVersion, { params: { name: 'email' }, body: { version: '1.0.0' } });
  await admin.call(registryApi.activateVersion, { params: { name: 'tickets' }, body: { version: '1.0.0' } });
  const activated = await admin.call(registryApi.activateVersion, { params: { name: 'tickets' }, body: { version: '1.1.0' } });
  expect(activated).toMatchObject({ active: '1.1.0', history: ['1.0.0'] });
  const canary = await admin.call(registryApi.setCanary, { params: { name: 'tickets' }, body: { version: '1.0.0', percent: 10, teams: [] } });
  expect(canary.canary).toEqual({ version: '1.0.0', percent: 10, teams: [] });
  const cleared = await admin.call(registryApi.clearCanary, { params: { name: 'tickets' }, query: { environment: 'production' } });
  expect(cleared.canary).toBeNull();
  const rolledBack = await admin.call(registryApi.rollback, { params: { name: 'tickets' }, body: null });
  expect(rolledBack.active).toBe('1.0.0');
  await agent.call(registryApi.reportFailure, { params: { name: 'tickets', version: '1.0.0' }, body: { kind: 'timeout', reason: 'slow' } });
  const tickets = await admin.call(registryApi.getWidget, { params: { name: 'tickets' } });
  expect(tickets.versions.find((v) => v.version === '1.0.0')?.failures.count).toBe(1);
  const list = await admin.call(registryApi.listWidgets, { query: {} });
  expect(list.items.map((w) => w.name)).toEqual(['email', 'tickets']);
  const entry = await agent.send(registryApi.getAsset, { params: { name: 'tickets', version: '1.0.0', '*': 'remoteEntry.js' } });
  expect(entry.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(ctx.serverErrors()).toEqual([]);
});

it('answers the SDK client within the contract on the page routes', async () => {
  const page = { page: 'email-detail' } as const;
  const widgets = [{ widget: 'email' }, { widget: 'tickets' }];
  await admin.call(registryApi.saveDefaultLayout, { params: page, body: { version: 0, widgets } });
  expect((await admin.call(registryApi.getDefaultLayout, { params: page })).layoutVersion).toBe(1);
  const team = { ...page, teamId };
  await admin.call(registryApi.saveTeamLayout, { params: team, body: { version: 0, widgets: [...widgets].reverse() } });
  expect((await admin.call(registryApi.getTeamLayout, { params: team })).layoutSource).toBe('team');
  expect((await agent.call(registryApi.getPage, { params: page })).widgets.map((w) => w.widget)).toEqual(['tickets', 'email']);
  const own = await agent.call(registryApi.saveLayout, { params: page, body: { version: 0, widgets } });
  expect(own).toMatchObject({ layoutSource: 'user', layoutVersion: 1 });
  expect((await agent.call(registryApi.resetLayout, { params: page })).layoutSource).toBe('team');
  expect((await admin.call(registryApi.resetTeamLayout, { params: team })).layoutSource).toBe('default');
  expect(ctx.serverErrors()).toEqual([]);
});

it('carries the declared error codes to the client', async () => {
  const unknown = await admin.call(registryApi.getWidget, { params: { name: 'nobody' } }).catch((e: unknown) => e);
  expect(unknown).toBeInstanceOf(ApiError);
  expect(unknown).toMatchObject({ status: 404, code: 'WIDGET_NOT_FOUND' });
  const byUrl = { params: { name: 'kb', version: '1.0.0' }, body: { manifestUrl: 'https://cdn.example/kb/widget.json' } };
  await expect(admin.call(registryApi.publishVersion, byUrl)).rejects.toMatchObject({ status: 403, code: 'FETCH_ORIGIN_NOT_ALLOWED' });
  const conflict = { params: { page: 'email-detail' as const }, body: { version: 7, widgets: [{ widget: 'email' }, { widget: 'tickets' }] } };
  await expect(agent.call(registryApi.saveLayout, conflict)).rejects.toMatchObject({ status: 409, code: 'LAYOUT_VERSION_CONFLICT' });
});
