import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DEMO, type WidgetManifest } from '@switchboard/contracts';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../infra/src/paths';
import { launchBrowser, login, type TestBrowser } from './support/browser';
import { buildWidget, runCommand, switchboard } from './support/commands';
import { eventually } from './support/eventually';
import { DEMO_EMAIL_ID, frameOrder, openEmailPage, sandboxFrame, widgetRegion } from './support/email-page';
import { E2E_TIMEOUT_MS, startTestPlatform, type TestPlatform } from './support/platform';
import { tempExampleDir } from './support/widget-builds';

const NAME = 'e2e-scaffold';
/** The scaffolded package, inside the repository so the SDK and the contracts resolve. */
const dir = tempExampleDir(NAME);
const dist = join(dir, 'dist');
const devDist = join(dir, 'dev-dist');

let env: TestPlatform;
let browser: TestBrowser;
let page: Page;
let manifest: WidgetManifest;
/** Where the widget CDN serves the scaffold's build (it is never published). */
let overrideUrl: string;

const asAdmin = (args: string[]) => switchboard(['widget', ...args], { url: env.platform.shellUrl, email: 'admin@demo.test' });

const overrides = () => page.evaluate(() => localStorage.getItem('sb:widget-overrides'));

beforeAll(async () => {
  const created = await switchboard(['widget', 'new', NAME, '--dir', relative(REPO_ROOT, dir)]);
  if (created.code !== 0) throw new Error(`widget new exited with ${created.code}: ${created.stderr}`);
  // The CDN serves the folder the build fills, so the build and the platform start together.
  await mkdir(dist, { recursive: true });
  const [platform, build] = await Promise.allSettled([startTestPlatform({ extraWidgets: { [NAME]: dist } }), buildWidget(dir)]);
  if (platform.status === 'fulfilled') env = platform.value;
  if (platform.status === 'rejected') throw platform.reason;
  if (build.status === 'rejected') throw build.reason;
  manifest = JSON.parse(await readFile(join(dist, 'widget.json'), 'utf8')) as WidgetManifest;
  overrideUrl = `${env.platform.widgetOrigin}/${NAME}/widget.json`;
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await login(page, env.platform.shellUrl, 'agent@demo.test', 'demo');
}, 2 * E2E_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await env?.teardown();
  await rm(dir, { recursive: true, force: true });
});

describe('a widget made with `switchboard widget new`', () => {
  it('is a package that builds into a valid widget', () => {
    for (const file of ['package.json', 'webpack.config.js', 'tsconfig.json', 'jest.config.js', 'scripts/dev.cjs', 'src/widget.ts', 'src/messages.ts']) {
      expect(existsSync(join(dir, file))).toBe(true);
    }
    expect(manifest).toMatchObject({ name: NAME, version: '0.1.0', federationName: 'switchboard_e2e_scaffold', untrusted: true, mandatory: false });
    for (const file of ['remoteEntry.js', 'mf-manifest.json']) expect(existsSync(join(dist, file))).toBe(true);
  });

  it('passes its own tests from the repository root', async () => {
    const run = await runCommand(process.execPath, [join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), relative(REPO_ROOT, dir), '--selectProjects', 'dom'], {
      env: { NODE_OPTIONS: '' },
    });
    expect(run.stderr).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(run.code).toBe(0);
  }, E2E_TIMEOUT_MS);

  /** The agent's layout (Email and Tickets first, then the demo's optional widgets), with the overridden widget at the end or absent. */
  const expectFrames = async (withOverride: boolean) => {
    const title = manifest.title.en;
    // The last frame is below the fold: it mounts, and an override learns its title, once shown.
    await page.getByRole('main').locator('sb-widget-frame').last().scrollIntoViewIfNeeded({ timeout: 30_000 });
    await eventually(async () => {
      const order = await frameOrder(page);
      expect(order.slice(0, 2)).toEqual(['Email', 'Tickets']);
      expect(order.filter((frame) => frame === title)).toEqual(withOverride ? [title] : []);
      if (withOverride) expect(order.at(-1)).toBe(title);
    });
  };

  it('shows in the running shell through the dev override, marked "Override"', async () => {
    await page.goto(`${env.platform.shellUrl}/?override=${NAME}=${encodeURIComponent(overrideUrl)}`);
    await page.getByRole('heading', { name: /^Hello/ }).waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).search).toBe('');
    expect(JSON.parse((await overrides()) ?? '{}')).toEqual({ [NAME]: overrideUrl });

    const title = manifest.title.en;
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    // Not in the agent's layout: the override adds it at the end.
    await expectFrames(true);
    const region = widgetRegion(page, title);
    await region.getByText('Override', { exact: true }).waitFor();
    await region.getByRole('button', { name: `Clear override for ${title}` }).waitFor();
    const frame = await sandboxFrame(page, title);
    await frame.getByText(DEMO_EMAIL_ID).waitFor({ timeout: 30_000 });
    await frame.getByRole('button', { name: 'Insert into reply' }).waitFor();
  });

  it('goes away when the override is cleared, with its button or with the address', async () => {
    const title = manifest.title.en;
    await widgetRegion(page, title).getByRole('button', { name: `Clear override for ${title}` }).click();
    await widgetRegion(page, title).waitFor({ state: 'detached' });
    await expectFrames(false);
    expect(await overrides()).toBeNull();
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    await expectFrames(false);

    await page.goto(`${env.platform.shellUrl}/?override=${NAME}=${encodeURIComponent(overrideUrl)}`);
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    await expectFrames(true);
    await page.goto(`${env.platform.shellUrl}/?override=${NAME}=`);
    await page.getByRole('heading', { name: /^Hello/ }).waitFor({ timeout: 15_000 });
    expect(await overrides()).toBeNull();
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    await expectFrames(false);
  });

  it('builds into dev-dist/ with npm run dev, leaving dist/ alone, and that development build cannot be published', async () => {
    const release = await readFile(join(dist, 'widget.json'), 'utf8');
    // The dev server of the scaffold, as `npm run dev` starts it; PORT 0 takes any free port.
    const dev = spawn(process.execPath, ['scripts/dev.cjs'], { cwd: dir, env: { ...process.env, PORT: '0' }, stdio: 'ignore' });
    try {
      await eventually(async () => expect(JSON.parse(await readFile(join(devDist, 'widget.json'), 'utf8'))).toMatchObject({ name: NAME, development: true }), 90_000);
    } finally {
      dev.kill('SIGTERM');
    }
    expect(await readFile(join(dist, 'widget.json'), 'utf8')).toBe(release);
    expect(JSON.parse(release)).not.toHaveProperty('development');

    const refused = await asAdmin(['publish', relative(REPO_ROOT, devDist)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is a development build .*Run "npm run build"/);
    const listed = await asAdmin(['list', '--json']);
    expect((JSON.parse(listed.stdout) as { items: Array<{ name: string }> }).items.map((widget) => widget.name)).not.toContain(NAME);
  }, E2E_TIMEOUT_MS);

  it('is on the agent\'s page once published, activated and placed for their team, and leaves it when unplaced', async () => {
    const title = manifest.title.en;
    const published = await asAdmin(['publish', relative(REPO_ROOT, dist)]);
    expect(published.stderr).toBe('');
    const activated = await asAdmin(['activate', `${NAME}@0.1.0`]);
    expect(activated.stdout).toContain(`It is on no agent's page until placed: switchboard widget place ${NAME} --default`);
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    await expectFrames(false);

    const placed = await asAdmin(['place', NAME, '--team', DEMO.teams.support.id, '--after', 'tickets']);
    expect(placed.stdout).toMatch(new RegExp(`^Placed ${NAME} on the layout of team ${DEMO.teams.support.id}: email, tickets, ${NAME}, `));
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    expect((await frameOrder(page)).slice(0, 3)).toEqual(['Email', 'Tickets', title]);
    const frame = await sandboxFrame(page, title);
    await frame.getByText(DEMO_EMAIL_ID).waitFor({ timeout: 30_000 });
    expect(await widgetRegion(page, title).getByText('Override', { exact: true }).count()).toBe(0);

    const unplaced = await asAdmin(['unplace', NAME, '--team', DEMO.teams.support.id]);
    expect(unplaced.stdout).toBe(`Took ${NAME} off the layout of team ${DEMO.teams.support.id}\n`);
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    await expectFrames(false);
  }, E2E_TIMEOUT_MS);
});
