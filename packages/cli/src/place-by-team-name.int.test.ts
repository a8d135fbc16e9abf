import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, type Jwks, type PageComposition, SESSION_COOKIE } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import { createTestDatabase, injectFetch, type TestDatabase } from '@switchboard/service-kit/testing';
import { createLocalJWKSet } from 'jose';
import { buildApp as buildIdentity } from '../../../services/identity/src/app';
import { buildApp as buildRegistry } from '../../../services/registry/src/app';
import { TEST_ASSET_BASE } from '../../../services/registry/src/testing/registry-test-context';
import { multipartBody, widgetBuild } from '../../../services/registry/src/testing/widget-build';
import { main } from './main';

/**
 * `widget place --team <name>` against the real identity and registry, reached as the gateway
 * routes them: the CLI logs in, resolves the name with identity's admin list of teams, and
 * places the widget with the registry token identity issued.
 */

// Every login runs scrypt.
jest.setTimeout(60_000);

const GATEWAY = 'http://gateway.test';
const { admin, agent, billing } = DEMO.users;
let identityDb: TestDatabase;
let registryDb: TestDatabase;
let dataDir: string;
let identity: ServiceApp;
let registry: ServiceApp;

/** The gateway: `/api/<service>` goes to that service's app with the prefix stripped. */
const toIdentity = () => injectFetch(identity);
const toRegistry = () => injectFetch(registry);
const gateway: typeof fetch = (input, init) => {
  const url = String(input);
  if (url.startsWith(`${GATEWAY}/api/identity/`)) return toIdentity()(url.replace(`${GATEWAY}/api/identity`, 'http://identity.test'), init);
  if (url.startsWith(`${GATEWAY}/api/registry/`)) return toRegistry()(url.replace(`${GATEWAY}/api/registry`, 'http://registry.test'), init);
  return Promise.reject(new TypeError(`fetch failed: no route to ${url}`));
};

/** Runs the CLI with the given credentials. */
async function run(env: NodeJS.ProcessEnv, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['widget', ...argv], {
    env: { SWITCHBOARD_URL: GATEWAY, ...env },
    fetch: gateway,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}
const as = (email: string) => ({ SWITCHBOARD_EMAIL: email, SWITCHBOARD_PASSWORD: DEMO.password });

/** A registry token of a demo user, issued by identity. */
async function registryAuth(email: string): Promise<Record<string, string>> {
  const login = await identity.inject({ method: 'POST', url: '/login', body: { email, password: DEMO.password } });
  const session = login.cookies.find((cookie) => cookie.name === SESSION_COOKIE)?.value;
  const issued = await identity.inject({ method: 'POST', url: '/token', body: { audience: 'registry' }, headers: { authorization: `Bearer ${session}` } });
  return { authorization: `Bearer ${issued.json<{ token: string }>().token}` };
}

/** The visible widgets of the email page as the user gets it. */
async function visibleFor(email: string): Promise<string[]> {
  const res = await registry.inject({ url: '/pages/email-detail', headers: await registryAuth(email) });
  return res.json<PageComposition>().widgets.filter((w) => !w.hidden).map((w) => w.widget);
}

beforeAll(async () => {
  identityDb = await createTestDatabase();
  identity = await buildIdentity({ databaseUrl: identityDb.url, poolSize: 2, logger: false, seedDemo: true });
  await identity.ready();
  const jwks = (await identity.inject({ url: '/.well-known/jwks.json' })).json<Jwks>();
  registryDb = await createTestDatabase('sb_registry');
  dataDir = await mkdtemp(join(tmpdir(), 'sb-registry-'));
  registry = await buildRegistry({ databaseUrl: registryDb.url, logger: false, getKey: createLocalJWKSet(jwks), poolSize: 2, dataDir, assetBaseUrl: TEST_ASSET_BASE });
  await registry.ready();
  const headers = await registryAuth(admin.email);
  for (const name of ['email', 'tickets', 'parcel-tracker']) {
    const { payload, headers: multipart } = multipartBody(widgetBuild({ name, version: '1.0.0' }).files);
    expect((await registry.inject({ method: 'PUT', url: `/widgets/${name}/versions/1.0.0`, payload, headers: { ...multipart, ...headers } })).statusCode).toBe(201);
    expect((await registry.inject({ method: 'POST', url: `/widgets/${name}/activate`, body: { version: '1.0.0' }, headers })).statusCode).toBe(200);
  }
  const body = { version: 0, widgets: [{ widget: 'email' }, { widget: 'tickets' }] };
  expect((await registry.inject({ method: 'PUT', url: '/pages/email-detail/default-layout', body, headers })).statusCode).toBe(200);
});

afterAll(async () => {
  await registry?.close();
  await identity?.close();
  await registryDb?.drop();
  await identityDb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('switchboard widget place --team <name> (identity and registry)', () => {
  it("places a widget on the team a name names, in any case, for that team's agents only", async () => {
    const { support } = DEMO.teams;
    const placed = await run(as(admin.email), 'place', 'parcel-tracker', '--team', 'support');
    expect(placed).toEqual({
      code: 0,
      stdout:
        `Placed parcel-tracker on the layout of team Support (${support.id}): email, tickets, parcel-tracker\n` +
        "Agents see it on their next page load; an agent's own edited layout still wins over these\n",
      stderr: '',
    });
    expect(await visibleFor(agent.email)).toEqual(['email', 'tickets', 'parcel-tracker']);
    expect(await visibleFor(billing.email)).toEqual(['email', 'tickets']);

    expect((await run(as(admin.email), 'unplace', 'parcel-tracker', '--team', 'Support')).stdout).toBe(
      `Took parcel-tracker off the layout of team Support (${support.id})\n`,
    );
    expect(await visibleFor(agent.email)).toEqual(['email', 'tickets']);
  });

  it('names the teams there are when none has the name', async () => {
    const result = await run(as(admin.email), 'place', 'parcel-tracker', '--team', 'Sales');
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'error: No team is named "Sales"; the teams are: Billing, Support\n' });
  });

  it("refuses an agent (identity's list of teams is an admin's), and a registry token, which cannot ask identity", async () => {
    const agentRun = await run(as(agent.email), 'place', 'parcel-tracker', '--team', 'Support');
    expect(agentRun.code).toBe(1);
    expect(agentRun.stderr).toMatch(/\(FORBIDDEN, HTTP 403\)/);
    const tokenRun = await run({ SWITCHBOARD_TOKEN: (await registryAuth(admin.email)).authorization.slice('Bearer '.length) }, 'place', 'parcel-tracker', '--team', 'Support');
    expect(tokenRun.code).toBe(2);
    expect(tokenRun.stderr).toMatch(/^error: --team "Support" \(a team by name\) needs a login: set SWITCHBOARD_EMAIL and SWITCHBOARD_PASSWORD/);
    expect(await visibleFor(agent.email)).toEqual(['email', 'tickets']);
  });
});
