import { randomUUID } from 'node:crypto';
import type { WidgetList } from '@switchboard/contracts';
import { createRegistryTestContext, type RegistryTestContext } from './testing/registry-test-context';
import { widgetBuild } from './testing/widget-build';

const TEAM = randomUUID();
const page = '/pages/email-detail';
let ctx: RegistryTestContext;

beforeAll(async () => {
  ctx = await createRegistryTestContext();
  for (const name of ['email', 'tickets', 'parcel-tracker', 'calendar']) {
    expect((await ctx.publish(widgetBuild({ name, version: '1.0.0' }))).statusCode).toBe(201);
    await ctx.activate(name, '1.0.0');
  }
});
afterAll(() => ctx.close());

const save = async (url: string, widgets: object[], headers: Record<string, string>) => {
  const res = await ctx.inject({ method: 'PUT', url, body: { version: 0, widgets }, headers });
  expect(res.statusCode).toBe(200);
};

it('lists where each widget is placed: the default layout and the teams whose layout shows it, not agents\' own', async () => {
  const mandatory = [{ widget: 'email' }, { widget: 'tickets' }];
  await save(`${page}/default-layout`, [...mandatory, { widget: 'calendar' }, { widget: 'parcel-tracker', hidden: true }], await ctx.admin());
  await save(`${page}/teams/${TEAM}/layout`, [...mandatory, { widget: 'parcel-tracker' }], await ctx.admin());
  await save(`${page}/layout`, [...mandatory, { widget: 'parcel-tracker' }, { widget: 'calendar' }], await ctx.auth({ teams: [TEAM] }));

  const res = await ctx.inject({ url: '/widgets', headers: await ctx.admin() });
  expect(res.statusCode).toBe(200);
  const placed = Object.fromEntries((res.json() as WidgetList).items.map((widget) => [widget.name, widget.placedOn]));
  expect(placed).toEqual({
    calendar: { default: true, teams: [] },
    email: { default: true, teams: [TEAM] },
    'parcel-tracker': { default: false, teams: [TEAM] },
    tickets: { default: true, teams: [TEAM] },
  });
});
