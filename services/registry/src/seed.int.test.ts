import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PageComposition, WidgetList } from '@switchboard/contracts';
import { createRegistryTestContext, type RegistryTestContext } from './testing/registry-test-context';
import { widgetBuild, writeBuild, type WidgetBuild } from './testing/widget-build';

let ctx: RegistryTestContext;
let fixtures: string;
const builds: Record<string, WidgetBuild> = {};
const dirOf = (key: string) => path.join(fixtures, key, 'dist');

beforeAll(async () => {
  fixtures = await mkdtemp(path.join(tmpdir(), 'sb-registry-seed-'));
  for (const [key, name, version, federationDir] of [
    ['email', 'email', '1.0.0', ''],
    ['tickets', 'tickets', '1.0.0', ''],
    ['calendar', 'calendar', '0.3.0', 'mf'],
    ['tickets-next', 'tickets', '2.0.0', ''],
  ]) {
    builds[key] = widgetBuild({ name, version, federationDir });
    await writeBuild(dirOf(key), builds[key]);
  }
  ctx = await createRegistryTestContext({ seedWidgets: ['email', 'tickets', 'calendar'].map(dirOf), seedLayouts: true });
});

afterAll(async () => {
  expect(ctx.serverErrors()).toEqual([]);
  await ctx?.close();
  await rm(fixtures, { recursive: true, force: true });
});

const list = async (app = ctx.app) => (await app.inject({ url: '/widgets', headers: await ctx.admin() })).json<WidgetList>();

describe('seeding at start-up', () => {
  it('publishes and activates each built widget and creates the default layout', async () => {
    const { items } = await list();
    expect(items.map((w) => [w.name, w.active, w.versions.map((v) => [v.version, v.publishedBy, v.source])])).toEqual([
      ['calendar', '0.3.0', [['0.3.0', 'seed', 'upload']]],
      ['email', '1.0.0', [['1.0.0', 'seed', 'upload']]],
      ['tickets', '1.0.0', [['1.0.0', 'seed', 'upload']]],
    ]);
    expect(items.find((w) => w.name === 'calendar')!.versions[0].integrity).toBe(builds.calendar.integrity);

    const page = await ctx.inject({ url: '/pages/email-detail', headers: await ctx.auth() });
    const composition = page.json<PageComposition>();
    expect(composition).toMatchObject({ layoutSource: 'default', layoutVersion: 0 });
    expect(composition.widgets.map((w) => [w.widget, w.hidden, w.version])).toEqual([
      ['email', false, '1.0.0'],
      ['tickets', false, '1.0.0'],
      ['calendar', false, '0.3.0'],
    ]);
    const entry = await ctx.inject({ url: '/assets/calendar/0.3.0/mf/remoteEntry.js' });
    expect(entry.rawPayload.equals(builds.calendar.files.find((f) => f.path === 'mf/remoteEntry.js')!.content)).toBe(true);
  });

  it('changes nothing when started again, and two replicas starting at once agree', async () => {
    const before = await list();
    const [a, b] = await Promise.all([ctx.replica(), ctx.replica()]);
    await Promise.all([a.ready(), b.ready()]);
    expect(await list(a)).toEqual(before);
    const defaults = await a.inject({ url: '/pages/email-detail/default-layout', headers: await ctx.admin() });
    expect(defaults.json().layoutVersion).toBe(1);
  });

  it('publishes a new build of a widget without replacing its active version', async () => {
    const replica = await ctx.replica({ seedWidgets: [dirOf('tickets-next')] });
    await replica.ready();
    const tickets = (await list(replica)).items.find((w) => w.name === 'tickets')!;
    expect(tickets.active).toBe('1.0.0');
    expect(tickets.versions.map((v) => v.version)).toEqual(['2.0.0', '1.0.0']);
  });

  it('refuses to start with a broken build', async () => {
    const broken = path.join(fixtures, 'broken');
    await writeBuild(broken, widgetBuild({ name: 'kb', version: '1.0.0', omit: ['mf-manifest.json'] }));
    const replica = await ctx.replica({ seedWidgets: [broken] });
    await expect(replica.ready()).rejects.toMatchObject({ code: 'INVALID_BUILD' });
    expect((await list()).items.map((w) => w.name)).not.toContain('kb');
  });
});
