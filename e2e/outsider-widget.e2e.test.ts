import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO, TOKEN_ISSUER, widgetAudience, type WidgetManifest, type WidgetTokenClaims } from '@switchboard/contracts';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../infra/src/paths';
import { launchBrowser, login, type TestBrowser } from './support/browser';
import { runOrThrow, type CommandResult } from './support/commands';
import { clickInSandbox, DEMO_EMAIL_ID, frameOrder, openEmailPage, sandboxFrame } from './support/email-page';
import { eventually } from './support/eventually';
import { startNpmRegistry, type NpmRegistry } from './support/npm-registry';
import { startTestPlatform, type TestPlatform } from './support/platform';
import { selfSignedCertificate, startTlsBackend, type TlsBackend } from './support/tls-backend';

/**
 * An integrator at another company, following docs/integrators.md: the three packages are
 * published to the company's npm registry (verdaccio on loopback); in an empty folder outside
 * this repository, the CLI comes from that registry, the widget's .npmrc maps only
 * `@switchboard:registry` to it (the rest comes from the npm registry), and the integrator
 * installs, tests, builds, publishes, activates and places it, and an agent of that team sees it.
 * Each step's time is printed: the issue's "time to the first widget on a page".
 */

const NAME = 'parcel-tracker';
/** Installing the widget's tools from npm is the slow step on a loaded machine. */
const STEP_TIMEOUT_MS = 600_000;
jest.setTimeout(STEP_TIMEOUT_MS);

let env: TestPlatform;
let browser: TestBrowser;
let page: Page;
/** The packed tarballs, which the platform's registry serves, and their staged folders (<packsDir>/stage/<name>). */
let packsDir: string;
/** The integrator company's npm registry, holding the published @switchboard/* packages. */
let npmRegistry: NpmRegistry;
/** The integrator's empty folder, outside the repository. */
let workDir: string;
let widgetDir: string;
let gateway: string;
const timings: Array<[string, number]> = [];
/** The integrator's own backend (https on loopback), which the widget calls with its token. */
let backend: Server;
let backendOrigin: string;
/** An https origin no admin approved (the widget does not declare it): the sandbox must never reach it. */
let unapproved: TlsBackend;
/** What the backend made of each call: the verified claims, or why it refused. */
const backendCalls: Array<{ status: number; sub?: string; ticket?: WidgetTokenClaims['ticket']; refused?: string }> = [];

/**
 * The integrator's backend as docs/integrators.md has it: verifies the bearer token with jose
 * against identity's JWKS, for audience `widget:<name>`, and answers only about the ticket the
 * token names. CORS lets the sandbox (an opaque origin) send the Authorization header.
 */
async function startIntegratorBackend(): Promise<void> {
  const jwks = createRemoteJWKSet(new URL(`${gateway}/api/identity/.well-known/jwks.json`));
  const answer = async (url: URL, authorization = ''): Promise<[number, object]> => {
    try {
      const verified = await jwtVerify<WidgetTokenClaims>(authorization.replace(/^Bearer /, ''), jwks, { audience: widgetAudience(NAME), issuer: TOKEN_ISSUER });
      const { sub, ticket } = verified.payload;
      if (!ticket || ticket.id !== url.searchParams.get('ticket')) {
        backendCalls.push({ status: 403, sub, ticket, refused: 'another ticket' });
        return [403, { error: 'The token is about another ticket' }];
      }
      backendCalls.push({ status: 200, sub, ticket });
      return [200, { parcel: `Ticket #${ticket.number}: parcel in transit` }];
    } catch (error) {
      backendCalls.push({ status: 401, refused: (error as { code?: string }).code ?? String(error) });
      return [401, { error: 'Invalid token' }];
    }
  };
  backend = createServer(selfSignedCertificate(), (req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization' };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    void answer(new URL(req.url ?? '/', 'https://backend'), req.headers.authorization).then(([status, body]) => {
      res.writeHead(status, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  backendOrigin = `https://127.0.0.1:${(backend.address() as AddressInfo).port}`;
}

/** Runs a step in the widget folder as the integrator's shell would, timing it; fails with its output. */
async function step(label: string, command: string, args: string[], cwd: string): Promise<CommandResult> {
  const started = Date.now();
  // NODE_OPTIONS of the test runner (vm modules) must not reach the integrator's tools.
  const result = await runOrThrow(command, args, {
    cwd,
    env: { NODE_OPTIONS: '', SWITCHBOARD_URL: gateway, SWITCHBOARD_EMAIL: 'admin@demo.test', SWITCHBOARD_PASSWORD: 'demo', SWITCHBOARD_TOKEN: '' },
  });
  timings.push([label, Date.now() - started]);
  return result;
}

/**
 * `npx --@switchboard:registry=<registry> @switchboard/cli widget ...`, as the docs say. npx keeps
 * its install by package name alone, so it gets a cache of this run's: never an earlier run's CLI.
 */
const cli = (label: string, args: string[], cwd = widgetDir) =>
  step(label, 'npx', ['--yes', '--cache', join(workDir, 'npx-cache'), `--@switchboard:registry=${npmRegistry.url}`, '@switchboard/cli', 'widget', ...args], cwd);

beforeAll(async () => {
  packsDir = await mkdtemp(join(tmpdir(), 'sb-sdk-packs-'));
  workDir = await mkdtemp(join(tmpdir(), 'sb-integrator-'));
  widgetDir = join(workDir, NAME);
  // One after the other: the platform's start-up has a deadline per service on a busy machine.
  let started = Date.now();
  await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'packages/cli/scripts/pack-packages.cjs'), packsDir], { env: { ...process.env, NODE_OPTIONS: '' } });
  timings.push(["platform: npm pack of the three packages (not the integrator's)", Date.now() - started]);
  started = Date.now();
  npmRegistry = await startNpmRegistry();
  for (const name of ['switchboard-contracts', 'switchboard-widget-sdk', 'switchboard-cli']) await npmRegistry.publish(join(packsDir, 'stage', name));
  timings.push(["platform: npm publish to the company's registry (not the integrator's)", Date.now() - started]);
  started = Date.now();
  env = await startTestPlatform({ sdkPackagesDir: packsDir });
  gateway = env.platform.shellUrl;
  timings.push(["platform: start (not the integrator's)", Date.now() - started]);
  await startIntegratorBackend();
  unapproved = await startTlsBackend('not approved');
  // The backend's certificate is self-signed, made for this run.
  browser = await launchBrowser({ ignoreHTTPSErrors: true });
  page = await browser.context.newPage();
}, STEP_TIMEOUT_MS);

afterAll(async () => {
  // The figure of the closing note: every step, and the integrator's total.
  const own = timings.filter(([label]) => !label.startsWith('platform'));
  const total = own.reduce((sum, [, ms]) => sum + ms, 0);
  const lines = [...timings, ['integrator total', total] as [string, number]].map(([label, ms]) => `${label.padEnd(52)} ${(ms / 1000).toFixed(1)} s`);
  process.stderr.write(`\nTime to the first widget on a page:\n${lines.join('\n')}\n`);
  await browser?.close();
  await new Promise((resolve) => (backend ? backend.close(resolve) : resolve(undefined)));
  await unapproved?.close();
  await env?.teardown();
  await npmRegistry?.close();
  await rm(packsDir, { recursive: true, force: true });
  await rm(workDir, { recursive: true, force: true });
});

describe('an integrator outside the repository', () => {
  it('scaffolds a widget with the CLI from the npm registry, and maps only @switchboard/* to that registry', async () => {
    expect(workDir.startsWith(REPO_ROOT)).toBe(false);
    await cli('npx cli widget new', ['new', NAME], workDir);
    const pkg = JSON.parse(await readFile(join(widgetDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['@switchboard/widget-sdk']).toBe('0.1.0');
    expect(existsSync(join(widgetDir, 'tsconfig.json'))).toBe(true);
    await writeFile(join(widgetDir, '.npmrc'), `@switchboard:registry=${npmRegistry.url}\n`);
  });

  it('the platform serves the same CLI tarball too, for installs without an npm registry', async () => {
    const served = await fetch(`${gateway}/api/registry/sdk/switchboard-cli-0.1.0.tgz`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(readFileSync(join(packsDir, 'switchboard-cli-0.1.0.tgz')))).toBe(true);
  });

  it('installs, with @switchboard/* from the npm registry as built JS with declarations', async () => {
    await step('npm install', 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], widgetDir);
    const sdk = JSON.parse(await readFile(join(widgetDir, 'node_modules/@switchboard/widget-sdk/package.json'), 'utf8'));
    expect(sdk).toMatchObject({ version: '0.1.0', types: './dist/types/index.d.ts', exports: { '.': { default: './dist/cjs/index.js' } } });
    expect(sdk).not.toHaveProperty('private');
    const lock = JSON.parse(await readFile(join(widgetDir, 'package-lock.json'), 'utf8'));
    // npm writes no `resolved` for a scope's registry; the integrity is that of the published tarball.
    const published = (await (await fetch(`${npmRegistry.url}@switchboard%2fcontracts`)).json()) as { versions: Record<string, { dist: { integrity: string } }> };
    expect(lock.packages['node_modules/@switchboard/contracts'].integrity).toBe(published.versions['0.1.0'].dist.integrity);
  });

  it("is given a call to the integrator's own backend, as the docs show (connect, backendFetch)", async () => {
    const edit = async (file: string, edits: Array<[string, string]>) => {
      let text = await readFile(join(widgetDir, file), 'utf8');
      for (const [from, to] of edits) {
        expect(text).toContain(from);
        text = text.replace(from, to);
      }
      await writeFile(join(widgetDir, file), text);
    };
    await edit('webpack.config.js', [['connect: [],', `connect: ['${backendOrigin}'],`]]);
    await edit('src/messages.ts', [
      ["insert: 'Insert into reply',", "insert: 'Insert into reply',\n    checkParcel: 'Check parcel',"],
      ["insert: 'Vložit do odpovědi',", "insert: 'Vložit do odpovědi',\n    checkParcel: 'Zkontrolovat zásilku',"],
    ]);
    await edit(`src/${NAME}-widget.ts`, [
      ["import { HostController, theme, widgetStyles } from '@switchboard/widget-sdk';", "import { backendFetch, HostController, theme, widgetStyles } from '@switchboard/widget-sdk';"],
      ["import { customElement, property } from 'lit/decorators.js';", "import { customElement, property, state } from 'lit/decorators.js';"],
      [
        'private readonly hostCtl = new HostController(this, messages);',
        'private readonly hostCtl = new HostController(this, messages);\n\n' +
          "  @state() private parcel = '';\n\n" +
          '  private async _checkParcel(): Promise<void> {\n' +
          '    const { context, host } = this.hostCtl;\n' +
          `    const response = await backendFetch(host, '${NAME}')(\`${backendOrigin}/parcels?ticket=\${context.ticket?.id ?? ''}\`);\n` +
          '    this.parcel = ((await response.json()) as { parcel?: string }).parcel ?? `HTTP ${response.status}`;\n' +
          '  }',
      ],
      ["@click=${this._insert}>${t('insert')}</button>`;", "@click=${this._insert}>${t('insert')}</button>\n      <button type=\"button\" @click=${this._checkParcel}>${t('checkParcel')}</button><output>${this.parcel}</output>`;"],
    ]);
  });

  it('passes its own tests and typecheck, and builds a release', async () => {
    const tested = await step('npm test', 'npm', ['test'], widgetDir);
    expect(tested.stderr).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    await step('npm run typecheck', 'npm', ['run', 'typecheck'], widgetDir);
    await step('npm run build', 'npm', ['run', 'build'], widgetDir);
    const manifest = JSON.parse(await readFile(join(widgetDir, 'dist/widget.json'), 'utf8')) as WidgetManifest;
    expect(manifest).toMatchObject({ name: NAME, version: '0.1.0', untrusted: true });
    expect(manifest).not.toHaveProperty('development');
  });

  it('runs in the dev harness of npm run dev: a mock host with an editable context, reloaded on a saved change; dist/ stays the release', async () => {
    const release = await readFile(join(widgetDir, 'dist/widget.json'), 'utf8');
    const messagesFile = join(widgetDir, 'src/messages.ts');
    const messages = await readFile(messagesFile, 'utf8');
    // `npm run dev` runs this script; PORT 0 takes any free port.
    const dev = spawn(process.execPath, ['scripts/dev.cjs'], { cwd: widgetDir, env: { ...process.env, NODE_OPTIONS: '', PORT: '0' }, stdio: ['ignore', 'pipe', 'ignore'] });
    let printed = '';
    dev.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const harness = await browser.context.newPage();
    try {
      await eventually(() => expect(printed).toMatch(/Dev harness .*: http:\/\/127\.0\.0\.1:\d+\/\n/), 30_000);
      const harnessUrl = /Dev harness .*: (\S+)\n/.exec(printed)![1];
      await eventually(async () => expect(JSON.parse(await readFile(join(widgetDir, 'dev-dist/widget.json'), 'utf8'))).toMatchObject({ development: true }), 120_000);
      await harness.goto(harnessUrl);
      await harness.getByText('#1042 Parcel never arrived').waitFor({ timeout: 30_000 });

      await harness.getByLabel('Ticket title').fill('Damaged on arrival');
      await harness.getByRole('button', { name: 'Apply to the widget' }).click();
      await harness.getByRole('button', { name: 'Insert into reply' }).click();
      await harness.getByText('composer.insertText {"text":"Regarding your ticket #1042: Damaged on arrival"}').waitFor();

      // A saved change rebuilds dev-dist/, and the page reloads with the context it had.
      await writeFile(messagesFile, messages.replace("insert: 'Insert into reply'", "insert: 'Add to the reply'"));
      await harness.getByRole('button', { name: 'Add to the reply' }).waitFor({ timeout: 120_000 });
      await harness.getByText('#1042 Damaged on arrival').waitFor();

      await harness.getByLabel('Language').selectOption('cs');
      await harness.getByRole('button', { name: 'Apply to the widget' }).click();
      await harness.getByRole('button', { name: 'Vložit do odpovědi' }).waitFor();
      expect(await harness.getByLabel('Název tiketu').inputValue()).toBe('Damaged on arrival');
    } finally {
      dev.kill('SIGTERM');
      await harness.close();
      await writeFile(messagesFile, messages);
    }
    expect(await readFile(join(widgetDir, 'dist/widget.json'), 'utf8')).toBe(release);
  });

  it("publishes, activates and places it for the agent's team, and the agent sees it on the email page; a call to an origin not approved is blocked", async () => {
    const published = await cli('widget publish', ['publish', 'dist']);
    expect(published.stdout).toMatch(new RegExp(`^Published ${NAME}@0\\.1\\.0`));
    const activated = await cli('widget activate', ['activate', `${NAME}@0.1.0`, '--approve-connect']);
    expect(activated.stdout).toContain(`Approved for ${NAME}@0.1.0: ${backendOrigin}`);
    expect(activated.stdout).toContain("It is on no agent's page until placed");
    const placed = await cli('widget place --team', ['place', NAME, '--team', DEMO.teams.support.name]);
    expect(placed.stdout).toMatch(new RegExp(`^Placed ${NAME} on the layout of team Support \\(${DEMO.teams.support.id}\\): `));

    const started = Date.now();
    await login(page, gateway, 'agent@demo.test', 'demo');
    await openEmailPage(page, gateway, DEMO_EMAIL_ID);
    expect(await frameOrder(page)).toContain('Parcel tracker');
    const frame = await sandboxFrame(page, 'Parcel tracker');
    await frame.getByRole('button', { name: 'Insert into reply' }).waitFor({ timeout: 30_000 });
    timings.push(['agent signs in and sees it', Date.now() - started]);

    // Its backend call carries a token identity signed for widget:<name> about the page's ticket.
    await clickInSandbox(page, 'Parcel tracker', frame, 'Check parcel');
    await frame.getByText(/^Ticket #\d+: parcel in transit$/).waitFor({ timeout: 30_000 });
    expect(backendCalls).toEqual([{ status: 200, sub: DEMO.users.agent.id, ticket: { id: expect.any(String), number: expect.any(Number) } }]);

    // The same call from the widget's sandbox to an origin no admin approved: the browser blocks it (connect-src).
    const elsewhere = await frame.evaluate(async (origin) => {
      try {
        return `answered ${(await fetch(`${origin}/parcels`, { credentials: 'omit' })).status}`;
      } catch (error) {
        return `threw ${(error as Error).name}`;
      }
    }, unapproved.origin);
    expect(elsewhere).toBe('threw TypeError');
    expect(unapproved.requests).toEqual([]);
  });
});
