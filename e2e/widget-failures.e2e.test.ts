import { randomUUID } from 'node:crypto';
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WidgetList } from '@switchboard/contracts';
import type { Page } from 'playwright-core';
import { launchBrowser, login, type TestBrowser } from './support/browser';
import { switchboard } from './support/commands';
import { frameOrder, openEmailPage, waitForWidgets, widgetRegion } from './support/email-page';
import { eventually } from './support/eventually';
import { startTestPlatform, THROWING_WIDGET_DIR, type TestPlatform } from './support/platform';
import { RegistryApi } from './support/registry';

let env: TestPlatform;
let browser: TestBrowser;
let page: Page;
let admin: RegistryApi;
let agent: RegistryApi;
/** A copy of the throwing widget's build, served by the widget CDN as `tampered`. */
let tamperedDir: string;

/** What the tampered entry would do if it ever ran. */
const TAMPER_MARK = '__sbTamperedEntryRan';

/** Copies the throwing widget's build and names the copy `tampered@1.0.0` ("Tampered widget"). */
async function makeTamperedCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sb-e2e-tampered-'));
  await cp(THROWING_WIDGET_DIR, dir, { recursive: true });
  const manifestPath = join(dir, 'widget.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  await writeFile(
    manifestPath,
    JSON.stringify({ ...manifest, name: 'tampered', version: '1.0.0', title: { en: 'Tampered widget', cs: 'Podvržený widget' } }),
  );
  return dir;
}

/** The failure stats the registry keeps for one version. */
function failuresOf(list: WidgetList, name: string, version: string) {
  const found = list.items.find((w) => w.name === name)?.versions.find((v) => v.version === version);
  if (!found) throw new Error(`${name}@${version} is not in the registry`);
  return found.failures;
}

beforeAll(async () => {
  tamperedDir = await makeTamperedCopy();
  env = await startTestPlatform({ extraWidgets: { tampered: tamperedDir } });
  const { shellUrl } = env.platform;
  [admin, agent] = await Promise.all([RegistryApi.as(shellUrl, 'admin@demo.test'), RegistryApi.as(shellUrl, 'agent@demo.test')]);
  const published = await admin.publishDist(THROWING_WIDGET_DIR);
  await admin.activate(published.name, published.version);
  await agent.saveLayout([{ widget: 'email' }, { widget: 'throwing' }, { widget: 'tickets' }]);
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await login(page, shellUrl, 'agent@demo.test', 'demo');
});

afterAll(async () => {
  await browser?.close();
  await env?.teardown();
  if (tamperedDir) await rm(tamperedDir, { recursive: true, force: true });
});

it('renders Email and Tickets when a published widget throws on mount, with Retry for that one only', async () => {
  // A new email: Email shows its composer, Tickets its searchable list.
  await page.goto(`${env.platform.shellUrl}/emails/new`);
  await page.waitForURL(/\/emails\/[0-9a-f-]{36}$/);
  await waitForWidgets(page);
  expect(await frameOrder(page)).toEqual(['Email', 'Throwing widget', 'Tickets']);

  const throwing = widgetRegion(page, 'Throwing widget').getByRole('alert');
  await throwing.getByText('Throwing widget could not be loaded').waitFor();
  await throwing.getByText('throwing widget failed on purpose').waitFor();
  await throwing.getByRole('button', { name: 'Retry' }).waitFor();

  const tickets = widgetRegion(page, 'Tickets');
  const ticketRows = tickets.getByRole('list', { name: 'Tickets' }).getByRole('listitem');
  await ticketRows.first().waitFor();
  const email = widgetRegion(page, 'Email');
  const subject = email.getByRole('textbox', { name: 'Subject' });
  await subject.waitFor();
  expect(await email.getByRole('alert').count()).toBe(0);
  expect(await tickets.getByRole('alert').count()).toBe(0);

  // What the agent typed in Email and Tickets survives a Retry of the other widget.
  const search = tickets.getByRole('searchbox', { name: 'Search tickets' });
  await search.fill('refund');
  await subject.fill('Kept across a retry');
  await throwing.getByRole('button', { name: 'Retry' }).click();
  await widgetRegion(page, 'Throwing widget').getByRole('alert').getByText('throwing widget failed on purpose').waitFor();
  await expect(search.inputValue()).resolves.toBe('refund');
  await expect(subject.inputValue()).resolves.toBe('Kept across a retry');
  await ticketRows.first().waitFor();
  expect(await frameOrder(page)).toEqual(['Email', 'Throwing widget', 'Tickets']);

  await eventually(async () => {
    const failures = failuresOf(await admin.widgets(), 'throwing', '0.1.0');
    expect(failures.count).toBeGreaterThanOrEqual(2);
    expect(failures.lastReason).toBe('mount: throwing widget failed on purpose');
  });
});

it('never runs a remote entry whose bytes differ from the registered ones, and reports it', async () => {
  const { shellUrl, widgetOrigin } = env.platform;
  const registered = await admin.register('tampered', '1.0.0', `${widgetOrigin}/tampered/widget.json`);
  expect(registered.entryUrl).toBe(`${widgetOrigin}/tampered/remoteEntry.js`);
  await admin.activate('tampered', '1.0.0');
  await agent.saveLayout([{ widget: 'email' }, { widget: 'tickets' }, { widget: 'tampered' }]);
  // After registration: the registry recorded the integrity of the original bytes.
  await appendFile(join(tamperedDir, 'remoteEntry.js'), `\n;globalThis.${TAMPER_MARK} = true;\n`);

  await openEmailPage(page, shellUrl, randomUUID());
  expect(await frameOrder(page)).toEqual(['Email', 'Tickets', 'Tampered widget']);
  const tile = widgetRegion(page, 'Tampered widget').getByRole('alert');
  await tile.getByText('Tampered widget could not be loaded').waitFor();
  await tile.getByText(/integrity check/).waitFor();
  await tile.getByRole('button', { name: 'Retry' }).waitFor();
  const globals = await page.evaluate((mark) => {
    const w = window as unknown as Record<string, unknown>;
    return { mark: w[mark], container: w.switchboard_throwing };
  }, TAMPER_MARK);
  expect(globals).toEqual({ mark: undefined, container: undefined });
  await widgetRegion(page, 'Tickets').getByRole('list', { name: 'Tickets' }).getByRole('listitem').first().waitFor();

  await eventually(async () => {
    const failures = failuresOf(await admin.widgets(), 'tampered', '1.0.0');
    expect(failures.count).toBeGreaterThanOrEqual(1);
    expect(failures.lastReason).toMatch(/^integrity: /);
  });
  const listed = await switchboard(['widget', 'list', '--json'], { url: shellUrl, email: 'admin@demo.test' });
  expect(listed.code).toBe(0);
  expect(failuresOf(JSON.parse(listed.stdout) as WidgetList, 'tampered', '1.0.0').count).toBeGreaterThanOrEqual(1);
});
