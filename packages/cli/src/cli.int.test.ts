import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatWidgetList } from './format';
import { main } from './main';
import { startFakePlatform, parseMultipart, type FakeAnswer, type FakePlatform, type RecordedRequest } from './testing/fake-platform';
import { composition, publishedVersion, SAMPLE_LIST } from './testing/widget-list';

const TOKEN = 'registry-token-s3cret';
const PASSWORD = 'pa55-word-s3cret';
const SESSION = 'session-token-s3cret';
const TEAM = '00000000-0000-4000-8000-000000000101';
const DEFAULT_LAYOUT = '/api/registry/pages/email-detail/default-layout';
const TEAM_LAYOUT = `/api/registry/pages/email-detail/teams/${TEAM}/layout`;
const notFound = (r: RecordedRequest): FakeAnswer => ({ status: 404, body: { code: 'NOT_FOUND', message: `No route ${r.method} ${r.path}` } });

let platform: FakePlatform;
let cwd: string;

/** Runs the CLI against the fake with the given environment; returns its exit code and output. */
async function run(argv: string[], env: NodeJS.ProcessEnv = { SWITCHBOARD_TOKEN: TOKEN, SWITCHBOARD_URL: platform.url }) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { env, cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  for (const secret of [TOKEN, PASSWORD, SESSION]) expect(stdout + stderr).not.toContain(secret);
  return { code, stdout, stderr };
}

async function serve(route: (request: RecordedRequest) => FakeAnswer | undefined): Promise<void> {
  platform = await startFakePlatform((request) => route(request) ?? notFound(request));
}

const json = (request: RecordedRequest) => JSON.parse(request.body.toString('utf8')) as unknown;
const summary = (patch: object) => ({ ...SAMPLE_LIST.items[1], ...patch });

/** A built widget folder: widget.json, remoteEntry.js and a binary chunk in a subfolder. */
function writeDist(): { dir: string; files: Record<string, Buffer> } {
  const dir = join(cwd, 'dist');
  const files: Record<string, Buffer> = {
    'widget.json': Buffer.from(JSON.stringify({ name: 'order-lookup', version: '1.2.0', entry: 'mf-manifest.json' })),
    'remoteEntry.js': Buffer.from('var switchboard_order_lookup;'),
    'chunks/81.a1b2c3d4.js': Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  };
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  return { dir, files };
}

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'sb-cli-'));
});

afterEach(async () => {
  await platform?.close();
  rmSync(cwd, { recursive: true, force: true });
});

describe('switchboard widget (against a fake registry)', () => {
  it('publish uploads every file of dist/ as one multipart part each, named by its path', async () => {
    await serve((r) => (r.method === 'PUT' ? { status: 201, body: publishedVersion('order-lookup', '1.2.0') } : undefined));
    const { files } = writeDist();

    const result = await run(['widget', 'publish', 'dist']);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Published order-lookup@1\.2\.0 \(3 files, 0\.3 KiB\)\n/);
    expect(platform.requests).toHaveLength(1);
    const [request] = platform.requests;
    expect(request.method).toBe('PUT');
    expect(request.path).toBe('/api/registry/widgets/order-lookup/versions/1.2.0');
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const parts = parseMultipart(request.body, request.headers['content-type']);
    expect(parts.map((part) => [part.filename, part.contentType])).toEqual([
      ['chunks/81.a1b2c3d4.js', 'text/javascript'],
      ['remoteEntry.js', 'text/javascript'],
      ['widget.json', 'application/json'],
    ]);
    for (const part of parts) {
      expect(part.disposition).toBe(`form-data; name="file"; filename="${part.filename}"`);
      expect(part.body.equals(files[part.filename as string])).toBe(true);
    }
  });

  it('logs in with email and password, keeps the session cookie, and asks for a registry token', async () => {
    await serve((r) => {
      if (r.path === '/api/identity/login') {
        return { status: 200, body: { id: 'u1' }, headers: { 'set-cookie': [`other=1; Path=/`, `sb_session=${SESSION}; Path=/; HttpOnly; SameSite=Strict`] } };
      }
      if (r.path === '/api/identity/token') return { status: 200, body: { token: TOKEN, expiresAt: 2_000_000_000 } };
      if (r.path === '/api/registry/widgets/order-lookup?environment=staging') return { status: 200, body: summary({}) };
      if (r.path === '/api/registry/widgets/order-lookup/activate') return { status: 200, body: summary({ active: '1.2.0' }) };
      if (r.path === DEFAULT_LAYOUT) return { status: 200, body: composition([['email', false], ['tickets', false], ['order-lookup', true]]) };
      return undefined;
    });

    const result = await run(['widget', 'activate', 'order-lookup@1.2.0', '--env', 'staging'], {
      SWITCHBOARD_URL: platform.url,
      SWITCHBOARD_EMAIL: 'admin@demo.test',
      SWITCHBOARD_PASSWORD: PASSWORD,
    });

    expect(result).toEqual({
      code: 0,
      stdout:
        'Activated order-lookup@1.2.0 in staging\n' +
        "It is on no agent's page until placed: switchboard widget place order-lookup --default (every agent without a team layout)\n" +
        '  or switchboard widget place order-lookup --team <team name or id>\n',
      stderr: '',
    });
    const [login, token, read, activate, layout] = platform.requests;
    expect(platform.requests).toHaveLength(5);
    expect([read.method, read.headers.authorization]).toEqual(['GET', `Bearer ${TOKEN}`]);
    expect([layout.method, layout.path, layout.headers.authorization]).toEqual(['GET', DEFAULT_LAYOUT, `Bearer ${TOKEN}`]);
    expect([login.method, login.path, login.headers['content-type'], json(login)]).toEqual([
      'POST',
      '/api/identity/login',
      'application/json',
      { email: 'admin@demo.test', password: PASSWORD },
    ]);
    expect(login.headers.cookie).toBeUndefined();
    expect([token.method, token.path, token.headers.cookie, json(token)]).toEqual([
      'POST',
      '/api/identity/token',
      `sb_session=${SESSION}`,
      { audience: 'registry' },
    ]);
    expect(token.headers.authorization).toBeUndefined();
    expect([activate.method, activate.path, activate.headers.authorization, json(activate)]).toEqual([
      'POST',
      '/api/registry/widgets/order-lookup/activate',
      `Bearer ${TOKEN}`,
      { version: '1.2.0', environment: 'staging' },
    ]);
    expect(activate.headers.cookie).toBeUndefined();
  });

  it('registers a build by the URL of its widget.json, read for its name and version', async () => {
    await serve((r) => {
      if (r.method === 'GET' && r.path === '/cdn/order-lookup/widget.json') return { status: 200, body: { name: 'order-lookup', version: '2.0.0' } };
      if (r.method === 'PUT') return { status: 201, body: publishedVersion('order-lookup', '2.0.0') };
      return undefined;
    });
    const manifestUrl = `${platform.url}/cdn/order-lookup/widget.json`;

    const result = await run(['widget', 'publish', '--manifest-url', manifestUrl]);

    expect(result).toEqual({ code: 0, stdout: `Registered order-lookup@2.0.0 from ${manifestUrl}\n`, stderr: '' });
    const [fetchManifest, register] = platform.requests;
    expect(fetchManifest.headers.authorization).toBeUndefined();
    expect([register.method, register.path, register.headers['content-type'], register.headers.authorization, json(register)]).toEqual([
      'PUT',
      '/api/registry/widgets/order-lookup/versions/2.0.0',
      'application/json',
      `Bearer ${TOKEN}`,
      { manifestUrl },
    ]);
  });

  it('takes name and version from a local dist/ when registering by URL with one', async () => {
    await serve((r) => (r.method === 'PUT' ? { status: 201, body: publishedVersion('order-lookup', '1.2.0') } : undefined));
    writeDist();

    const result = await run(['widget', 'publish', 'dist', '--manifest-url', 'https://cdn.example/order-lookup/1.2.0/widget.json']);

    expect(result.code).toBe(0);
    expect(platform.requests.map((r) => [r.method, r.path])).toEqual([['PUT', '/api/registry/widgets/order-lookup/versions/1.2.0']]);
    expect(json(platform.requests[0])).toEqual({ manifestUrl: 'https://cdn.example/order-lookup/1.2.0/widget.json' });
  });

  it('starts and ends a canary, and rolls back, in the given environment', async () => {
    await serve((r) => {
      if (r.path.startsWith('/api/registry/widgets/tickets/canary')) return { status: 200, body: summary({ name: 'tickets' }) };
      if (r.path === '/api/registry/widgets/tickets/rollback') return { status: 200, body: summary({ name: 'tickets', active: '1.1.0' }) };
      return undefined;
    });

    const canary = await run(['widget', 'canary', 'tickets@1.3.0', '--percent', '10', '--teams', TEAM, '--env', 'production']);
    const off = await run(['widget', 'canary', 'tickets', '--off', '--env', 'production']);
    const rollback = await run(['widget', 'rollback', 'tickets']);

    expect(canary).toEqual({ code: 0, stdout: `Canary tickets@1.3.0 in production for 10% of agents and teams ${TEAM}\n`, stderr: '' });
    expect(off).toEqual({ code: 0, stdout: 'Ended the canary of tickets in production\n', stderr: '' });
    expect(rollback).toEqual({ code: 0, stdout: 'Rolled back tickets: tickets@1.1.0 is active\n', stderr: '' });
    expect(platform.requests.map((r) => [r.method, r.path, r.headers.authorization, r.body.length ? json(r) : null])).toEqual([
      ['PUT', '/api/registry/widgets/tickets/canary', `Bearer ${TOKEN}`, { version: '1.3.0', percent: 10, teams: [TEAM], environment: 'production' }],
      ['DELETE', '/api/registry/widgets/tickets/canary?environment=production', `Bearer ${TOKEN}`, null],
      ['POST', '/api/registry/widgets/tickets/rollback', `Bearer ${TOKEN}`, {}],
    ]);
  });

  it('lists widgets as a table, or as the registry JSON with --json', async () => {
    await serve((r) => (r.method === 'GET' && r.path.startsWith('/api/registry/widgets') ? { status: 200, body: SAMPLE_LIST } : undefined));

    const table = await run(['widget', 'list', '--env', 'production']);
    const raw = await run(['widget', 'list', '--json']);

    expect(table).toEqual({ code: 0, stdout: formatWidgetList(SAMPLE_LIST), stderr: '' });
    expect(table.stdout).toContain('tickets@1.3.0  2 failures');
    expect(JSON.parse(raw.stdout)).toEqual(SAMPLE_LIST);
    expect(platform.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', '/api/registry/widgets?environment=production', `Bearer ${TOKEN}`],
      ['GET', '/api/registry/widgets', `Bearer ${TOKEN}`],
    ]);
  });

  it("prints the server's code and message and exits with 1", async () => {
    await serve(() => ({ status: 409, body: { code: 'VERSION_EXISTS', message: 'order-lookup 1.2.0 is already published' } }));
    writeDist();

    const result = await run(['widget', 'publish', 'dist']);

    expect(result).toEqual({ code: 1, stdout: '', stderr: 'error: order-lookup 1.2.0 is already published (VERSION_EXISTS, HTTP 409)\n' });
  });

  it('stops at a refused login without asking for a token', async () => {
    await serve((r) =>
      r.path === '/api/identity/login' ? { status: 401, body: { code: 'INVALID_CREDENTIALS', message: 'Wrong email or password' } } : undefined,
    );

    const result = await run(['widget', 'list'], { SWITCHBOARD_URL: platform.url, SWITCHBOARD_EMAIL: 'admin@demo.test', SWITCHBOARD_PASSWORD: PASSWORD });

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: Login as admin@demo.test failed: Wrong email or password (INVALID_CREDENTIALS, HTTP 401)\n',
    });
    expect(platform.requests.map((r) => r.path)).toEqual(['/api/identity/login']);
  });

  it('names a gateway it cannot reach', async () => {
    await serve(() => undefined);
    const closed = await startFakePlatform(notFound);
    const url = closed.url;
    await closed.close();

    const result = await run(['widget', 'list', '--url', url]);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: Cannot reach ${url} (ECONNREFUSED)\n`);
  });

  it('exits with 2 on wrong usage or missing credentials, sending nothing', async () => {
    await serve(() => undefined);

    const usage = await run(['widget', 'activate', 'order-lookup']);
    const noCredentials = await run(['widget', 'list'], { SWITCHBOARD_URL: platform.url });

    expect(usage).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: Expected <name>@<version>, got "order-lookup"\nRun "switchboard --help" for usage.\n',
    });
    expect(noCredentials.code).toBe(2);
    expect(noCredentials.stderr).toMatch(/^error: No credentials: pass --token or set SWITCHBOARD_TOKEN/);
    expect(platform.requests).toEqual([]);
  });

  it('fails with 1 on a folder that is not a built widget', async () => {
    await serve(() => undefined);
    mkdirSync(join(cwd, 'src'));

    const result = await run(['widget', 'publish', 'src']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: ${join(cwd, 'src', 'widget.json')} not found: is ${join(cwd, 'src')} the dist folder of a built widget?\n`);
    expect(platform.requests).toEqual([]);
  });

  it('scaffolds a widget relative to the working folder without any server', async () => {
    await serve(() => undefined);

    const result = await run(['widget', 'new', 'parcel-tracker'], {});

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Created the parcel-tracker widget in ${join(cwd, 'parcel-tracker')}:\n  .gitignore\n  README.md\n`);
    expect(platform.requests).toEqual([]);
  });

  it("places a widget on a team's layout after another, saving the version it read", async () => {
    await serve((r) => {
      if (r.method === 'GET' && r.path === TEAM_LAYOUT) return { status: 200, body: composition([['email', false], ['tickets', false], ['calendar', false], ['order-lookup', true]], 0) };
      if (r.method === 'PUT' && r.path === TEAM_LAYOUT) return { status: 200, body: composition([['email', false], ['order-lookup', false], ['tickets', false], ['calendar', false]], 1) };
      return undefined;
    });

    const result = await run(['widget', 'place', 'order-lookup', '--team', TEAM, '--after', 'email']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Placed order-lookup on the layout of team ${TEAM}: email, order-lookup, tickets, calendar\n`));
    expect(platform.requests.map((r) => [r.method, r.path])).toEqual([['GET', TEAM_LAYOUT], ['PUT', TEAM_LAYOUT]]);
    expect(json(platform.requests[1])).toEqual({
      version: 0,
      widgets: [{ widget: 'email' }, { widget: 'order-lookup' }, { widget: 'tickets' }, { widget: 'calendar' }],
    });
  });

  it('reads the layout again when another edit came in between (409), and unplaces', async () => {
    let reads = 0;
    const saved = composition([['email', false], ['calendar', true], ['order-lookup', true]], 3);
    await serve((r) => {
      if (r.method === 'GET' && r.path === DEFAULT_LAYOUT) {
        reads++;
        return { status: 200, body: reads > 2 ? saved : composition([['email', false], ['order-lookup', false], ['calendar', reads > 1]], reads) };
      }
      if (r.method === 'PUT' && reads === 1) return { status: 409, body: { code: 'LAYOUT_VERSION_CONFLICT', message: 'The layout changed' } };
      if (r.method === 'PUT') return { status: 200, body: saved };
      return undefined;
    });

    const result = await run(['widget', 'unplace', 'order-lookup', '--default']);

    expect(result).toEqual({ code: 0, stdout: 'Took order-lookup off the default layout\n', stderr: '' });
    const puts = platform.requests.filter((r) => r.method === 'PUT').map(json);
    expect(puts).toEqual([
      { version: 1, widgets: [{ widget: 'email' }, { widget: 'calendar' }] },
      { version: 2, widgets: [{ widget: 'email' }, { widget: 'calendar', hidden: true }] },
    ]);
    const again = await run(['widget', 'unplace', 'order-lookup', '--default']);
    expect(again.stdout).toBe('order-lookup was not on the default layout: nothing to do\n');
  });

  it('activates a version that calls origins besides the platform only with --approve-connect, which it records', async () => {
    const calling = publishedVersion('order-lookup', '1.2.0', {}, { connect: ['https://orders.example'] });
    let approved: string[] = [];
    await serve((r) => {
      const version = { ...calling, approvedConnect: approved };
      if (r.method === 'GET' && r.path === '/api/registry/widgets/order-lookup') return { status: 200, body: summary({ versions: [version] }) };
      if (r.method === 'PUT' && r.path === '/api/registry/widgets/order-lookup/versions/1.2.0/connect') {
        approved = (json(r) as { origins: string[] }).origins;
        return { status: 200, body: { ...calling, approvedConnect: approved } };
      }
      if (r.method === 'POST') return { status: 200, body: summary({ active: '1.2.0', versions: [version] }) };
      if (r.path === DEFAULT_LAYOUT) return { status: 200, body: composition([['email', false], ['order-lookup', false]]) };
      return undefined;
    });

    const refused = await run(['widget', 'activate', 'order-lookup@1.2.0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      "error: order-lookup@1.2.0 calls https://orders.example from agents' browsers (connect in its widget.json). " +
        'If you approve these origins, activate it again with --approve-connect\n',
    );
    expect(platform.requests.map((r) => r.method)).toEqual(['GET']);

    const activated = await run(['widget', 'activate', 'order-lookup@1.2.0', '--approve-connect']);
    expect(activated).toEqual({
      code: 0,
      stdout: 'Approved for order-lookup@1.2.0: https://orders.example\nActivated order-lookup@1.2.0\norder-lookup is on the default layout\n',
      stderr: '',
    });
    expect(approved).toEqual(['https://orders.example']);

    // Approved once, activating that version again needs no flag.
    const again = await run(['widget', 'activate', 'order-lookup@1.2.0']);
    expect(again.stdout).toBe('Activated order-lookup@1.2.0\norder-lookup is on the default layout\n');
  });

  it('refuses to publish a development build, sending nothing', async () => {
    await serve(() => undefined);
    const { dir } = writeDist();
    writeFileSync(join(dir, 'widget.json'), JSON.stringify({ name: 'order-lookup', version: '1.2.0', development: true }));

    const result = await run(['widget', 'publish', 'dist']);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is a development build \(webpack --mode development, as npm run dev makes\).*Run "npm run build"/);
    expect(platform.requests).toEqual([]);
  });
});
