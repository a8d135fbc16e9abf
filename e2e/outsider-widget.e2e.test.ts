import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO, type WidgetManifest } from '@switchboard/contracts';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../infra/src/paths';
import { launchBrowser, login, type TestBrowser } from './support/browser';
import { runOrThrow, type CommandResult } from './support/commands';
import { DEMO_EMAIL_ID, frameOrder, openEmailPage, sandboxFrame } from './support/email-page';
import { startTestPlatform, type TestPlatform } from './support/platform';

/**
 * An integrator at another company, following docs/integrators.md: in an empty folder outside
 * this repository, the CLI comes from the platform's own tarball, the widget installs
 * @switchboard/* from the tarballs the platform serves (the rest from the npm registry), tests,
 * builds, publishes, activates and places it, and an agent of that team sees it. Each step's
 * time is printed: the issue's "time to the first widget on a page".
 */

const NAME = 'parcel-tracker';
/** Installing the widget's tools from npm is the slow step on a loaded machine. */
const STEP_TIMEOUT_MS = 600_000;
jest.setTimeout(STEP_TIMEOUT_MS);

let env: TestPlatform;
let browser: TestBrowser;
let page: Page;
/** The packed tarballs, which the platform's registry serves. */
let packsDir: string;
/** The integrator's empty folder, outside the repository. */
let workDir: string;
let widgetDir: string;
let gateway: string;
const timings: Array<[string, number]> = [];

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

/** `npx <the platform's CLI tarball> widget ...`, as the docs say. */
const cli = (label: string, args: string[], cwd = widgetDir) =>
  step(label, 'npx', ['--yes', `${gateway}/api/registry/sdk/switchboard-cli-0.1.0.tgz`, 'widget', ...args], cwd);

beforeAll(async () => {
  packsDir = await mkdtemp(join(tmpdir(), 'sb-sdk-packs-'));
  workDir = await mkdtemp(join(tmpdir(), 'sb-integrator-'));
  widgetDir = join(workDir, NAME);
  // One after the other: the platform's start-up has a deadline per service on a busy machine.
  let started = Date.now();
  await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'packages/cli/scripts/pack-packages.cjs'), packsDir], { env: { ...process.env, NODE_OPTIONS: '' } });
  timings.push(["platform: npm pack of the three packages (not the integrator's)", Date.now() - started]);
  started = Date.now();
  env = await startTestPlatform({ sdkPackagesDir: packsDir });
  gateway = env.platform.shellUrl;
  timings.push(["platform: start (not the integrator's)", Date.now() - started]);
  browser = await launchBrowser();
  page = await browser.context.newPage();
}, STEP_TIMEOUT_MS);

afterAll(async () => {
  // The figure of the closing note: every step, and the integrator's total.
  const own = timings.filter(([label]) => !label.startsWith('platform'));
  const total = own.reduce((sum, [, ms]) => sum + ms, 0);
  const lines = [...timings, ['integrator total', total] as [string, number]].map(([label, ms]) => `${label.padEnd(52)} ${(ms / 1000).toFixed(1)} s`);
  process.stderr.write(`\nTime to the first widget on a page:\n${lines.join('\n')}\n`);
  await browser?.close();
  await env?.teardown();
  await rm(packsDir, { recursive: true, force: true });
  await rm(workDir, { recursive: true, force: true });
  await removeNpxInstall();
});

/** Drops npx's install of this run's CLI tarball URL (a new port each run) from the npm cache. */
async function removeNpxInstall(): Promise<void> {
  if (!gateway) return;
  const npxDir = join((await promisify(execFile)('npm', ['config', 'get', 'cache'])).stdout.trim(), '_npx');
  for (const entry of existsSync(npxDir) ? await readdir(npxDir) : []) {
    const manifest = join(npxDir, entry, 'package.json');
    if (existsSync(manifest) && (await readFile(manifest, 'utf8')).includes(gateway)) await rm(join(npxDir, entry), { recursive: true, force: true });
  }
}

describe('an integrator outside the repository', () => {
  it('scaffolds a widget with the CLI from the platform, its packages pointing at the platform tarballs', async () => {
    expect(workDir.startsWith(REPO_ROOT)).toBe(false);
    await cli('npx cli widget new', ['new', NAME, '--packages-from', gateway], workDir);
    const pkg = JSON.parse(await readFile(join(widgetDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['@switchboard/widget-sdk']).toBe(`${gateway}/api/registry/sdk/switchboard-widget-sdk-0.1.0.tgz`);
    expect(existsSync(join(widgetDir, 'tsconfig.json'))).toBe(true);
  });

  it('installs, with @switchboard/* from the platform as built JS with declarations', async () => {
    await step('npm install', 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], widgetDir);
    const sdk = JSON.parse(await readFile(join(widgetDir, 'node_modules/@switchboard/widget-sdk/package.json'), 'utf8'));
    expect(sdk).toMatchObject({ version: '0.1.0', types: './dist/types/index.d.ts', exports: { '.': { default: './dist/cjs/index.js' } } });
    expect(sdk).not.toHaveProperty('private');
    const lock = JSON.parse(await readFile(join(widgetDir, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/@switchboard/contracts'].resolved).toBe(`${gateway}/api/registry/sdk/switchboard-contracts-0.1.0.tgz`);
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

  it("publishes, activates and places it for the agent's team, and the agent sees it on the email page", async () => {
    const published = await cli('widget publish', ['publish', 'dist']);
    expect(published.stdout).toMatch(new RegExp(`^Published ${NAME}@0\\.1\\.0`));
    const activated = await cli('widget activate', ['activate', `${NAME}@0.1.0`]);
    expect(activated.stdout).toContain("It is on no agent's page until placed");
    await cli('widget place --team', ['place', NAME, '--team', DEMO.teams.support.id]);

    const started = Date.now();
    await login(page, gateway, 'agent@demo.test', 'demo');
    await openEmailPage(page, gateway, DEMO_EMAIL_ID);
    expect(await frameOrder(page)).toContain('Parcel tracker');
    const frame = await sandboxFrame(page, 'Parcel tracker');
    await frame.getByRole('button', { name: 'Insert into reply' }).waitFor({ timeout: 30_000 });
    timings.push(['agent signs in and sees it', Date.now() - started]);
  });
});
