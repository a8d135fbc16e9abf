import { randomUUID } from 'node:crypto';
import type { PageComposition, PageWidget, WidgetList, WidgetSummary } from '@switchboard/contracts';
import { createRegistryTestContext, type RegistryTestContext } from './testing/registry-test-context';
import { widgetBuild } from './testing/widget-build';

let ctx: RegistryTestContext;
let admin: Record<string, string>;
const teamA = randomUUID();

beforeAll(async () => {
  ctx = await createRegistryTestContext();
  admin = await ctx.admin();
  for (const [name, version] of [
    ['email', '1.0.0'],
    ['tickets', '1.0.0'],
    ['tickets', '1.1.0'],
    ['tickets', '1.2.0'],
    ['calendar', '0.1.0'],
  ]) {
    const res = await ctx.publish(widgetBuild({ name, version }));
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  await ctx.activate('email', '1.0.0');
  await ctx.activate('tickets', '1.0.0');
});

afterAll(async () => {
  expect(ctx.serverErrors()).toEqual([]);
  await ctx?.close();
});

const post = async (url: string, body: unknown, headers = admin) => ctx.inject({ method: 'POST', url, body: body as object, headers });
const page = async (claims: { sub?: string; teams?: string[] } = {}) => {
  const res = await ctx.inject({ url: '/pages/email-detail', headers: await ctx.auth(claims) });
  expect(res.statusCode).toBe(200);
  return res.json<PageComposition>();
};
const tickets = async (claims: { sub?: string; teams?: string[] } = {}): Promise<PageWidget> => {
  const found = (await page(claims)).widgets.find((w) => w.widget === 'tickets');
  if (!found) throw new Error('no tickets widget on the page');
  return found;
};
const summary = async (name: string, environment?: string) => {
  const res = await ctx.inject({ url: `/widgets/${name}${environment ? `?environment=${environment}` : ''}`, headers: admin });
  expect(res.statusCode).toBe(200);
  return res.json<WidgetSummary>();
};

describe('activate and rollback', () => {
  it('shows only widgets with an active version on the page', async () => {
    const composition = await page();
    expect(composition).toMatchObject({ page: 'email-detail', environment: 'production', layoutSource: 'default', layoutVersion: 0 });
    expect(composition.widgets.map((w) => [w.widget, w.version, w.channel])).toEqual([
      ['email', '1.0.0', 'active'],
      ['tickets', '1.0.0', 'active'],
    ]);
    expect(composition.widgets.every((w) => w.mandatory && !w.hidden)).toBe(true);
  });

  it('serves a newly activated version on the next page load and keeps the previous for rollback', async () => {
    const res = await post('/widgets/tickets/activate', { version: '1.1.0' });
    expect(res.statusCode).toBe(200);
    expect(res.json<WidgetSummary>()).toMatchObject({ name: 'tickets', environment: 'production', active: '1.1.0', history: ['1.0.0'] });
    expect(await tickets()).toMatchObject({ version: '1.1.0', channel: 'active', entryUrl: expect.stringContaining('/assets/tickets/1.1.0/remoteEntry.js') });
    // Activating the active version again changes nothing.
    expect((await post('/widgets/tickets/activate', { version: '1.1.0' })).json().history).toEqual(['1.0.0']);
  });

  it('rolls back to the previous version, then has nothing left to roll back to', async () => {
    const back = await ctx.inject({ method: 'POST', url: '/widgets/tickets/rollback', headers: admin });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ active: '1.0.0', history: [] });
    expect((await tickets()).version).toBe('1.0.0');
    const none = await post('/widgets/tickets/rollback', {});
    expect(none.statusCode).toBe(409);
    expect(none.json().code).toBe('NO_PREVIOUS_VERSION');
  });

  it('keeps environments apart', async () => {
    expect((await post('/widgets/tickets/activate', { version: '1.2.0', environment: 'staging' })).statusCode).toBe(200);
    expect((await summary('tickets', 'staging')).active).toBe('1.2.0');
    expect((await summary('tickets')).active).toBe('1.0.0');
    expect((await tickets()).version).toBe('1.0.0');
    const staging = await ctx.inject({ url: '/widgets?environment=staging', headers: admin });
    const items = staging.json<WidgetList>().items;
    expect(items.map((w) => [w.name, w.environment, w.active])).toEqual([
      ['calendar', 'staging', null],
      ['email', 'staging', null],
      ['tickets', 'staging', '1.2.0'],
    ]);
    expect((await post('/widgets/tickets/rollback', { environment: 'staging' })).json().code).toBe('NO_PREVIOUS_VERSION');
  });

  it('refuses unknown widgets and versions with 404', async () => {
    const version = await post('/widgets/tickets/activate', { version: '9.9.9' });
    expect(version.statusCode).toBe(404);
    expect(version.json().code).toBe('VERSION_NOT_FOUND');
    const widget = await post('/widgets/nobody/activate', { version: '1.0.0' });
    expect(widget.statusCode).toBe(404);
    expect(widget.json().code).toBe('WIDGET_NOT_FOUND');
    expect((await post('/widgets/nobody/rollback', {})).json().code).toBe('WIDGET_NOT_FOUND');
    expect((await ctx.inject({ url: '/widgets/nobody', headers: admin })).statusCode).toBe(404);
  });
});

describe('canary', () => {
  const setCanary = async (body: object) => {
    const res = await ctx.inject({ method: 'PUT', url: '/widgets/tickets/canary', body, headers: admin });
    expect(res.statusCode).toBe(200);
    return res.json<WidgetSummary>();
  };

  afterEach(async () => {
    await ctx.inject({ method: 'DELETE', url: '/widgets/tickets/canary', headers: admin });
  });

  it('gives the candidate to every member of a canary team and the active version to others', async () => {
    expect((await setCanary({ version: '1.2.0', percent: 0, teams: [teamA] })).canary).toEqual({ version: '1.2.0', percent: 0, teams: [teamA] });
    expect(await tickets({ teams: [randomUUID(), teamA] })).toMatchObject({ version: '1.2.0', channel: 'canary' });
    expect(await tickets({ teams: [randomUUID()] })).toMatchObject({ version: '1.0.0', channel: 'active' });
    expect(await tickets()).toMatchObject({ version: '1.0.0', channel: 'active' });
  });

  it('gives the candidate to everyone at 100% and to nobody at 0%', async () => {
    const users = Array.from({ length: 10 }, () => randomUUID());
    await setCanary({ version: '1.2.0', percent: 100, teams: [] });
    for (const sub of users) expect((await tickets({ sub })).channel).toBe('canary');
    await setCanary({ version: '1.2.0', percent: 0, teams: [] });
    for (const sub of users) expect((await tickets({ sub })).channel).toBe('active');
  });

  it('splits users stably at 50%', async () => {
    await setCanary({ version: '1.2.0', percent: 50, teams: [] });
    const users = Array.from({ length: 200 }, () => randomUUID());
    const versions = async (subs: string[]) => Promise.all(subs.map(async (sub) => (await tickets({ sub })).version));
    const first = await versions(users);
    const inCanary = first.filter((v) => v === '1.2.0').length;
    expect(inCanary).toBeGreaterThanOrEqual(60);
    expect(inCanary).toBeLessThanOrEqual(140);
    expect(await versions(users.slice(0, 50))).toEqual(first.slice(0, 50));
  }, 30_000);

  it('ends when cleared or when the candidate is activated', async () => {
    await setCanary({ version: '1.2.0', percent: 100, teams: [] });
    const cleared = await ctx.inject({ method: 'DELETE', url: '/widgets/tickets/canary', headers: admin });
    expect(cleared.json().canary).toBeNull();
    expect((await tickets()).channel).toBe('active');

    await setCanary({ version: '1.1.0', percent: 100, teams: [] });
    const promoted = await post('/widgets/tickets/activate', { version: '1.1.0' });
    expect(promoted.json()).toMatchObject({ active: '1.1.0', canary: null, history: ['1.0.0'] });
    expect(await tickets()).toMatchObject({ version: '1.1.0', channel: 'active' });
    expect((await post('/widgets/tickets/rollback', {})).statusCode).toBe(200);
  });

  it('refuses an unpublished candidate and a bad percentage', async () => {
    const res = await ctx.inject({ method: 'PUT', url: '/widgets/tickets/canary', body: { version: '7.0.0', percent: 10, teams: [] }, headers: admin });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('VERSION_NOT_FOUND');
    const bad = await ctx.inject({ method: 'PUT', url: '/widgets/tickets/canary', body: { version: '1.2.0', percent: 101, teams: [] }, headers: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('pins', () => {
  it('serves a pinned version that exists, over the active one and the canary', async () => {
    const sub = randomUUID();
    const headers = await ctx.auth({ sub });
    await post('/widgets/tickets/activate', { version: '1.2.0' });
    await ctx.inject({ method: 'PUT', url: '/widgets/tickets/canary', body: { version: '1.1.0', percent: 100, teams: [] }, headers: admin });
    const saved = await ctx.inject({
      method: 'PUT',
      url: '/pages/email-detail/layout',
      body: { version: 0, widgets: [{ widget: 'email' }, { widget: 'tickets', version: '1.0.0' }] },
      headers,
    });
    expect(saved.statusCode).toBe(200);
    expect(await tickets({ sub })).toMatchObject({ version: '1.0.0', channel: 'pinned' });
    expect(await tickets()).toMatchObject({ version: '1.1.0', channel: 'canary' });
    const unknownPin = await ctx.inject({
      method: 'PUT',
      url: '/pages/email-detail/layout',
      body: { version: 1, widgets: [{ widget: 'email' }, { widget: 'tickets', version: '8.0.0' }] },
      headers,
    });
    expect(unknownPin.statusCode).toBe(400);
    expect(unknownPin.json().code).toBe('VERSION_NOT_FOUND');
    await ctx.inject({ method: 'DELETE', url: '/widgets/tickets/canary', headers: admin });
  });
});

describe('load failures', () => {
  it('counts what shells report, with the last reason and time, in the list', async () => {
    const agent = await ctx.auth();
    for (const reason of ['timed out after 10 s', 'integrity mismatch']) {
      const kind = reason.startsWith('integrity') ? 'integrity' : 'timeout';
      const res = await post('/widgets/tickets/versions/1.2.0/failures', { kind, reason }, agent);
      expect(res.statusCode).toBe(204);
    }
    const list = await ctx.inject({ url: '/widgets', headers: admin });
    const version = list.json<WidgetList>().items.find((w) => w.name === 'tickets')!.versions.find((v) => v.version === '1.2.0')!;
    expect(version.failures).toMatchObject({ count: 2, lastReason: 'integrity: integrity mismatch' });
    expect(Date.parse(version.failures.lastAt!)).not.toBeNaN();
    const other = list.json<WidgetList>().items.find((w) => w.name === 'tickets')!.versions.find((v) => v.version === '1.0.0')!;
    expect(other.failures.count).toBe(0);
  });

  it('answers 404 for an unknown version and 400 for an unknown kind', async () => {
    const agent = await ctx.auth();
    const unknown = await post('/widgets/tickets/versions/5.0.0/failures', { kind: 'timeout', reason: 'x' }, agent);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('VERSION_NOT_FOUND');
    expect((await post('/widgets/tickets/versions/1.2.0/failures', { kind: 'boom', reason: 'x' }, agent)).statusCode).toBe(400);
  });
});

describe('access', () => {
  it('lets only admins list widgets and move pointers (403)', async () => {
    const agent = await ctx.auth({ role: 'agent' });
    const requests = [
      { method: 'GET' as const, url: '/widgets' },
      { method: 'GET' as const, url: '/widgets/tickets' },
      { method: 'POST' as const, url: '/widgets/tickets/activate', body: { version: '1.0.0' } },
      { method: 'POST' as const, url: '/widgets/tickets/rollback', body: {} },
      { method: 'PUT' as const, url: '/widgets/tickets/canary', body: { version: '1.2.0', percent: 5, teams: [] } },
      { method: 'DELETE' as const, url: '/widgets/tickets/canary' },
    ];
    for (const request of requests) {
      const res = await ctx.inject({ ...request, headers: agent });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
  });

  it('refuses every route but assets without a token (401)', async () => {
    for (const request of [
      { method: 'GET' as const, url: '/pages/email-detail' },
      { method: 'GET' as const, url: '/widgets' },
      { method: 'POST' as const, url: '/widgets/tickets/versions/1.0.0/failures', body: { kind: 'timeout', reason: 'x' } },
      { method: 'PUT' as const, url: '/pages/email-detail/layout', body: { version: 0, widgets: [] } },
    ]) {
      const res = await ctx.inject(request);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('UNAUTHORIZED');
    }
  });
});
