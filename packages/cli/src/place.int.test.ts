import type { PageComposition } from '@switchboard/contracts';
import { injectFetch } from '@switchboard/service-kit/testing';
import { createRegistryTestContext, type RegistryTestContext } from '../../../services/registry/src/testing/registry-test-context';
import { widgetBuild } from '../../../services/registry/src/testing/widget-build';
import { main } from './main';

/** `widget place` and `unplace` against the real registry (its app, reached as the gateway would route it). */
const GATEWAY = 'http://gateway.test';
const TEAM = '00000000-0000-4000-8000-000000000101';
let ctx: RegistryTestContext;
let token: string;

/** Runs the CLI as an admin; the gateway's `/api/registry` prefix is stripped as the gateway does. */
async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const toRegistry = injectFetch(ctx.app);
  const code = await main(['widget', ...argv], {
    env: { SWITCHBOARD_URL: GATEWAY, SWITCHBOARD_TOKEN: token },
    fetch: (input, init) => toRegistry(String(input).replace(`${GATEWAY}/api/registry`, 'http://registry.test'), init),
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

/** The visible widgets of a layout as an agent of `teams` gets it. */
async function visibleFor(teams: string[]): Promise<string[]> {
  const res = await ctx.inject({ url: '/pages/email-detail', headers: await ctx.auth({ teams }) });
  return (res.json() as PageComposition).widgets.filter((w) => !w.hidden).map((w) => w.widget);
}

beforeAll(async () => {
  ctx = await createRegistryTestContext();
  token = (await ctx.admin()).authorization.slice('Bearer '.length);
  for (const name of ['email', 'tickets', 'calendar', 'parcel-tracker']) {
    expect((await ctx.publish(widgetBuild({ name, version: '1.0.0' }))).statusCode).toBe(201);
    await ctx.activate(name, '1.0.0');
  }
  const body = { version: 0, widgets: [{ widget: 'email' }, { widget: 'tickets' }, { widget: 'calendar' }] };
  expect((await ctx.inject({ method: 'PUT', url: '/pages/email-detail/default-layout', body, headers: await ctx.admin() })).statusCode).toBe(200);
});
afterAll(() => ctx.close());

describe('switchboard widget place / unplace (against the registry)', () => {
  it('activate says a new widget is on no page until placed; place on a team shows it to that team only', async () => {
    const activated = await run('activate', 'parcel-tracker@1.0.0');
    expect(activated.stdout).toContain("It is on no agent's page until placed: switchboard widget place parcel-tracker --default");

    const placed = await run('place', 'parcel-tracker', '--team', TEAM, '--after', 'tickets');
    expect(placed).toMatchObject({ code: 0, stderr: '' });
    expect(placed.stdout).toMatch(new RegExp(`^Placed parcel-tracker on the layout of team ${TEAM}: email, tickets, parcel-tracker, calendar\\n`));
    expect(await visibleFor([TEAM])).toEqual(['email', 'tickets', 'parcel-tracker', 'calendar']);
    expect(await visibleFor([])).toEqual(['email', 'tickets', 'calendar']);
  });

  it('place --default shows it to every agent without a team layout; list and activate say where it is', async () => {
    expect((await run('place', 'parcel-tracker', '--default')).code).toBe(0);
    expect(await visibleFor([])).toEqual(['email', 'tickets', 'calendar', 'parcel-tracker']);
    expect((await run('list')).stdout).toMatch(/parcel-tracker\s+1\.0\.0\s+default, 1 team\s/);
    expect((await run('activate', 'parcel-tracker@1.0.0')).stdout).toContain('parcel-tracker is on the default layout\n');
  });

  it('unplace takes it off again, and refusals come back as the registry says', async () => {
    expect((await run('unplace', 'parcel-tracker', '--default')).stdout).toBe('Took parcel-tracker off the default layout\n');
    expect((await run('unplace', 'parcel-tracker', '--team', TEAM)).code).toBe(0);
    expect(await visibleFor([TEAM])).toEqual(['email', 'tickets', 'calendar']);
    expect((await run('list')).stdout).toMatch(/parcel-tracker\s+1\.0\.0\s+-\s/);

    const mandatory = await run('unplace', 'email', '--default');
    expect(mandatory.code).toBe(1);
    expect(mandatory.stderr).toMatch(/\(MANDATORY_WIDGET, HTTP 400\)/);
    const unknown = await run('place', 'never-published', '--default');
    expect(unknown.stderr).toMatch(/\(UNKNOWN_WIDGET, HTTP 400\)/);
  });
});
