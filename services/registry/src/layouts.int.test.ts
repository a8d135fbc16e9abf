import { randomUUID } from 'node:crypto';
import type { LayoutItem, PageComposition } from '@switchboard/contracts';
import { createRegistryTestContext, type RegistryTestContext } from './testing/registry-test-context';
import { widgetBuild } from './testing/widget-build';

let ctx: RegistryTestContext;
let admin: Record<string, string>;
const teamA = randomUUID();
const teamB = randomUUID();

beforeAll(async () => {
  ctx = await createRegistryTestContext();
  admin = await ctx.admin();
  for (const name of ['email', 'tickets', 'calendar', 'articles']) {
    const res = await ctx.publish(widgetBuild({ name, version: '1.0.0' }));
    if (res.statusCode !== 201) throw new Error(res.body);
    if (name !== 'articles') await ctx.activate(name, '1.0.0');
  }
});

afterAll(async () => {
  expect(ctx.serverErrors()).toEqual([]);
  await ctx?.close();
});

type Claims = { sub?: string; teams?: string[]; role?: 'agent' | 'admin' };
const get = async (claims: Claims) => ctx.inject({ url: '/pages/email-detail', headers: await ctx.auth(claims) });
const composition = async (claims: Claims) => {
  const res = await get(claims);
  expect(res.statusCode).toBe(200);
  return res.json<PageComposition>();
};
const save = async (url: string, version: number, widgets: LayoutItem[], headers: Record<string, string>) =>
  ctx.inject({ method: 'PUT', url, body: { version, widgets }, headers });
const saveOwn = async (claims: Claims, version: number, widgets: LayoutItem[]) =>
  save('/pages/email-detail/layout', version, widgets, await ctx.auth(claims));
const shown = (c: PageComposition) => c.widgets.map((w) => (w.hidden ? `(${w.widget})` : w.widget));
const both: LayoutItem[] = [{ widget: 'email' }, { widget: 'tickets' }];

describe('which layout applies', () => {
  it('without any layout row, shows every active widget, optional ones hidden', async () => {
    const c = await composition({});
    expect(c).toMatchObject({ layoutSource: 'default', layoutVersion: 0 });
    expect(shown(c)).toEqual(['(calendar)', 'email', 'tickets']);
    expect(c.widgets.map((w) => w.mandatory)).toEqual([false, true, true]);
  });

  it('falls back from the user to the first of their teams with a layout, then to the default', async () => {
    expect((await save('/pages/email-detail/default-layout', 0, both, admin)).statusCode).toBe(200);
    const teamLayout = [{ widget: 'tickets' }, { widget: 'calendar' }, { widget: 'email' }];
    const savedA = await save(`/pages/email-detail/teams/${teamA}/layout`, 0, teamLayout, admin);
    expect(savedA.statusCode).toBe(200);
    expect(savedA.json()).toMatchObject({ layoutSource: 'team', layoutVersion: 1 });
    const savedB = await save(`/pages/email-detail/teams/${teamB.toUpperCase()}/layout`, 0, [{ widget: 'email' }, { widget: 'tickets' }, { widget: 'calendar', hidden: true }], admin);
    expect(savedB.statusCode).toBe(200);

    const none = await composition({ teams: [randomUUID()] });
    expect(none).toMatchObject({ layoutSource: 'default', layoutVersion: 0 });
    expect(shown(none)).toEqual(['email', 'tickets', '(calendar)']);
    const a = await composition({ teams: [randomUUID(), teamA, teamB] });
    expect(a).toMatchObject({ layoutSource: 'team', layoutVersion: 0 });
    expect(shown(a)).toEqual(['tickets', 'calendar', 'email']);
    expect(shown(await composition({ teams: [teamB, teamA] }))).toEqual(['email', 'tickets', '(calendar)']);

    const sub = randomUUID();
    const own = await saveOwn({ sub, teams: [teamA] }, 0, [{ widget: 'calendar', settings: { view: 'week' } }, ...both]);
    expect(own.statusCode).toBe(200);
    const mine = await composition({ sub, teams: [teamA] });
    expect(mine).toMatchObject({ layoutSource: 'user', layoutVersion: 1 });
    expect(shown(mine)).toEqual(['calendar', 'email', 'tickets']);
    expect(mine.widgets[0].settings).toEqual({ view: 'week' });
    expect(own.json()).toEqual(mine);
  });

  it('lets admins read team and default layouts with the version to edit', async () => {
    const team = await ctx.inject({ url: `/pages/email-detail/teams/${teamA}/layout`, headers: admin });
    expect(team.json()).toMatchObject({ layoutSource: 'team', layoutVersion: 1 });
    const empty = await ctx.inject({ url: `/pages/email-detail/teams/${randomUUID()}/layout`, headers: admin });
    expect(empty.json()).toMatchObject({ layoutSource: 'default', layoutVersion: 0 });
    const fallback = await ctx.inject({ url: '/pages/email-detail/default-layout', headers: admin });
    expect(fallback.json()).toMatchObject({ layoutSource: 'default', layoutVersion: 1 });
  });

  it('drops widgets without an active version unless pinned', async () => {
    const sub = randomUUID();
    await saveOwn({ sub }, 0, [...both, { widget: 'articles' }]);
    expect(shown(await composition({ sub }))).toEqual(['email', 'tickets', '(calendar)']);
    await saveOwn({ sub }, 1, [...both, { widget: 'articles', version: '1.0.0' }]);
    const pinned = await composition({ sub });
    expect(pinned.widgets.map((w) => [w.widget, w.channel])).toEqual([
      ['email', 'active'],
      ['tickets', 'active'],
      ['articles', 'pinned'],
      ['calendar', 'active'],
    ]);
  });
});

describe('saving the own layout', () => {
  it('counts versions and refuses a stale one with 409 and the current composition', async () => {
    const sub = randomUUID();
    expect((await saveOwn({ sub }, 0, both)).json().layoutVersion).toBe(1);
    expect((await saveOwn({ sub }, 1, [...both, { widget: 'calendar', hidden: true }])).json().layoutVersion).toBe(2);
    const stale = await saveOwn({ sub }, 1, both);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('LAYOUT_VERSION_CONFLICT');
    expect(stale.json().details.current).toEqual(await composition({ sub }));
    expect(stale.json().details.current.layoutVersion).toBe(2);
    const ahead = await saveOwn({ sub: randomUUID() }, 3, both);
    expect(ahead.statusCode).toBe(409);
    expect(ahead.json().details.current.layoutVersion).toBe(0);
  });

  it('keeps each widget\'s region and collapsed state, leaves them off items without them, and refuses other values', async () => {
    const sub = randomUUID();
    const items: LayoutItem[] = [
      { widget: 'email', region: 'main' },
      { widget: 'tickets', region: 'side', collapsed: true },
      { widget: 'calendar' },
    ];
    expect((await saveOwn({ sub }, 0, items)).statusCode).toBe(200);
    const c = await composition({ sub });
    expect(c.widgets.map(({ widget, region, collapsed }) => ({ widget, region, collapsed }))).toEqual([
      { widget: 'email', region: 'main', collapsed: undefined },
      { widget: 'tickets', region: 'side', collapsed: true },
      { widget: 'calendar', region: undefined, collapsed: undefined },
    ]);
    for (const bad of [{ widget: 'email', region: 'top' }, { widget: 'email', collapsed: 'yes' }]) {
      const res = await ctx.inject({
        method: 'PUT',
        url: '/pages/email-detail/layout',
        body: { version: 1, widgets: [bad, { widget: 'tickets' }] },
        headers: await ctx.auth({ sub }),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await composition({ sub })).layoutVersion).toBe(1);
  });

  it('lets exactly one of two concurrent saves from the same version win', async () => {
    const sub = randomUUID();
    const first = await Promise.all([saveOwn({ sub }, 0, both), saveOwn({ sub }, 0, [...both, { widget: 'calendar' }])]);
    expect(first.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const second = await Promise.all([saveOwn({ sub }, 1, both), saveOwn({ sub }, 1, [...both, { widget: 'calendar' }])]);
    expect(second.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await composition({ sub })).layoutVersion).toBe(2);
  });

  it.each([
    ['without Email', [{ widget: 'tickets' }]],
    ['without Tickets', [{ widget: 'email' }, { widget: 'calendar' }]],
    ['with Email hidden', [{ widget: 'email', hidden: true }, { widget: 'tickets' }]],
    ['with Tickets hidden', [{ widget: 'email' }, { widget: 'tickets', hidden: true }]],
    ['empty', []],
  ])('refuses a layout %s: 400 MANDATORY_WIDGET', async (_what, widgets) => {
    const res = await saveOwn({}, 0, widgets);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('MANDATORY_WIDGET');
    const team = await save(`/pages/email-detail/teams/${teamA}/layout`, 1, widgets, admin);
    expect(team.json().code).toBe('MANDATORY_WIDGET');
    expect((await save('/pages/email-detail/default-layout', 1, widgets, admin)).json().code).toBe('MANDATORY_WIDGET');
  });

  it('refuses duplicates and never-published widgets', async () => {
    const dup = await saveOwn({}, 0, [...both, { widget: 'calendar' }, { widget: 'calendar', hidden: true }]);
    expect(dup.statusCode).toBe(400);
    expect(dup.json().code).toBe('DUPLICATE_WIDGET');
    const unknown = await saveOwn({}, 0, [...both, { widget: 'nobody' }]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('UNKNOWN_WIDGET');
    const badPage = await ctx.inject({ method: 'PUT', url: '/pages/inbox/layout', body: { version: 0, widgets: both }, headers: await ctx.auth() });
    expect(badPage.statusCode).toBe(400);
    expect(badPage.json().code).toBe('VALIDATION_FAILED');
  });

  it('resets to the team layout, then the default', async () => {
    const sub = randomUUID();
    await saveOwn({ sub, teams: [teamA] }, 0, both);
    const reset = await ctx.inject({ method: 'DELETE', url: '/pages/email-detail/layout', headers: await ctx.auth({ sub, teams: [teamA] }) });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ layoutSource: 'team', layoutVersion: 0 });
    expect(shown(reset.json())).toEqual(['tickets', 'calendar', 'email']);
    // Saving again starts from version 0.
    expect((await saveOwn({ sub, teams: [teamA] }, 0, both)).statusCode).toBe(200);

    const teamGone = await ctx.inject({ method: 'DELETE', url: `/pages/email-detail/teams/${teamA}/layout`, headers: admin });
    expect(teamGone.json()).toMatchObject({ layoutSource: 'default', layoutVersion: 0 });
  });
});

describe('access to layouts', () => {
  it('keeps team and default layouts to admins', async () => {
    const agent = await ctx.auth();
    for (const url of [`/pages/email-detail/teams/${teamA}/layout`, '/pages/email-detail/default-layout']) {
      expect((await ctx.inject({ url, headers: agent })).statusCode).toBe(403);
      expect((await save(url, 1, both, agent)).statusCode).toBe(403);
    }
    expect((await ctx.inject({ method: 'DELETE', url: `/pages/email-detail/teams/${teamA}/layout`, headers: agent })).statusCode).toBe(403);
  });

  it('has no page for a service token', async () => {
    const service = await ctx.auth({ sub: 'service:mail', role: 'service' });
    const res = await ctx.inject({ url: '/pages/email-detail', headers: service });
    expect(res.statusCode).toBe(403);
    expect((await save('/pages/email-detail/layout', 0, both, service)).statusCode).toBe(403);
  });
});
