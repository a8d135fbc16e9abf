import { DEMO, type PageComposition } from '@switchboard/contracts';
import type { Page } from 'playwright-core';
import { launchBrowser, login, type TestBrowser } from './support/browser';
import { switchboard, type CommandResult } from './support/commands';
import { DEMO_EMAIL_ID, openEmailPage, ORDER_LOOKUP_DIR, ORDER_LOOKUP_DIST, sandboxFrame, switchUser } from './support/email-page';
import { E2E_TIMEOUT_MS, startTestPlatform, type TestPlatform } from './support/platform';
import { RegistryApi } from './support/registry';
import { buildVariant, type TempWidgetBuild } from './support/widget-builds';

let env: TestPlatform;
let browser: TestBrowser;
let page: Page;
/** Order lookup 1.1.0: the example built again with another version and heading. */
let v2: TempWidgetBuild | undefined;
/** Scripts the page requested since the last `load()`; `shell`: by the shell's document, not a widget's iframe. */
let scripts: Array<{ url: string; shell: boolean }> = [];

const V1 = '0.1.0';
const V2 = '1.1.0';
/** The heading each version shows: 1.1.0 is built with another one, so the page visibly differs. */
const HEADING: Record<typeof V1 | typeof V2, string> = { [V1]: 'Orders of this contact', [V2]: 'Orders of this contact (v1.1)' };

/** `switchboard widget <args>` against this platform as the admin; fails the test with the output on a non-zero exit. */
async function widget(...args: string[]): Promise<CommandResult> {
  const result = await switchboard(['widget', ...args], { url: env.platform.shellUrl, email: 'admin@demo.test' });
  if (result.code !== 0) throw new Error(`widget ${args.join(' ')} exited with ${result.code}: ${result.stderr}`);
  return result;
}

/** What one load of the email page ran. */
interface Load {
  /** Order lookup's remote entry requests. */
  orderLookupEntries: string[];
  /**
   * Scripts the shell's document loaded from its origin and of the Email and Tickets widgets: the
   * same files on every load of the same versions, since no widget brings a copy of a module the
   * shell provides (Lit's directives, say) that could run instead of another's.
   */
  others: string[];
}

/** Loads the demo email's page afresh, waits for Order lookup `version`'s heading and reports the scripts it ran. */
async function load(version: keyof typeof HEADING): Promise<Load> {
  scripts = [];
  await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
  const frame = await sandboxFrame(page, 'Order lookup');
  await frame.getByRole('heading', { name: HEADING[version], exact: true }).waitFor({ timeout: 30_000 });
  const { shellUrl, widgetOrigin } = env.platform;
  const others = scripts
    .filter(({ shell }) => shell)
    .map(({ url }) => url)
    .filter((url) => [`${shellUrl}/`, `${widgetOrigin}/registry/assets/email/`, `${widgetOrigin}/registry/assets/tickets/`].some((prefix) => url.startsWith(prefix)));
  return {
    orderLookupEntries: scripts.map(({ url }) => url).filter((url) => url.includes('/registry/assets/order-lookup/') && url.endsWith('/remoteEntry.js')),
    others: [...new Set(others)].sort(),
  };
}

/** The version of Order lookup the registry gives a user, and why. */
async function orderLookupFor(email: string): Promise<Pick<PageComposition['widgets'][number], 'version' | 'channel'>> {
  const composition = await (await RegistryApi.as(env.platform.shellUrl, email)).page();
  const item = composition.widgets.find((w) => w.widget === 'order-lookup');
  if (!item) throw new Error(`${email} gets no order-lookup`);
  return { version: item.version, channel: item.channel };
}

beforeAll(async () => {
  const [platform, build] = await Promise.allSettled([
    startTestPlatform(),
    buildVariant(ORDER_LOOKUP_DIR, V2, [{ file: 'src/messages.ts', from: `heading: '${HEADING[V1]}'`, to: `heading: '${HEADING[V2]}'` }]),
  ]);
  if (platform.status === 'fulfilled') env = platform.value;
  if (build.status === 'fulfilled') v2 = build.value;
  if (platform.status === 'rejected') throw platform.reason;
  if (build.status === 'rejected') throw build.reason;
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push({ url: request.url(), shell: request.frame() === page.mainFrame() });
  });
  await login(page, env.platform.shellUrl, 'agent@demo.test', 'demo');
}, 2 * E2E_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await env?.teardown();
  await v2?.remove();
});

describe('publishing, activating and rolling back a widget with the CLI', () => {
  const loads: Load[] = [];

  it('publishes and activates 0.1.0; the page shows it', async () => {
    const published = await widget('publish', ORDER_LOOKUP_DIST);
    expect(published.stdout).toContain(`order-lookup@${V1}`);
    await widget('activate', `order-lookup@${V1}`);
    const admin = await RegistryApi.as(env.platform.shellUrl, 'admin@demo.test');
    await admin.saveDefaultLayout([{ widget: 'email' }, { widget: 'tickets' }, { widget: 'order-lookup' }]);

    const first = await load(V1);
    expect(first.orderLookupEntries).toEqual([expect.stringContaining(`/order-lookup/${V1}/remoteEntry.js`)]);
    expect(first.others.length).toBeGreaterThan(0);
    loads.push(first);
  });

  it('publishes and activates 1.1.0; after a reload the page shows it', async () => {
    const published = await widget('publish', v2!.dist);
    expect(published.stdout).toContain(`order-lookup@${V2}`);
    await widget('activate', `order-lookup@${V2}`);

    const second = await load(V2);
    expect(second.orderLookupEntries).toEqual([expect.stringContaining(`/order-lookup/${V2}/remoteEntry.js`)]);
    loads.push(second);
  });

  it('rolls back to 0.1.0; nothing else the page loads changed', async () => {
    await widget('rollback', 'order-lookup');
    const third = await load(V1);
    expect(third.orderLookupEntries).toEqual([expect.stringContaining(`/order-lookup/${V1}/remoteEntry.js`)]);
    loads.push(third);

    expect(loads.map((l) => l.others)).toEqual([loads[0].others, loads[0].others, loads[0].others]);
    expect(loads[0].others.some((url) => url.includes('/registry/assets/email/'))).toBe(true);
    expect(loads[0].others.some((url) => url.includes('/registry/assets/tickets/'))).toBe(true);
  });

  it('refuses to publish 1.1.0 again: a version is immutable', async () => {
    const again = await switchboard(['widget', 'publish', v2!.dist], { url: env.platform.shellUrl, email: 'admin@demo.test' });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('VERSION_EXISTS');
    expect(again.stderr).toContain('HTTP 409');
    const listed = await widget('list', '--json');
    const summary = (JSON.parse(listed.stdout) as { items: Array<{ name: string; active: string; versions: Array<{ version: string }> }> }).items.find(
      (w) => w.name === 'order-lookup',
    );
    expect(summary?.active).toBe(V1);
    expect(summary?.versions.map((v) => v.version)).toEqual([V2, V1]);
  });
});

describe('a canary for one team', () => {
  it('gives 1.1.0 to the Support team and keeps 0.1.0 for Billing', async () => {
    await widget('canary', `order-lookup@${V2}`, '--teams', DEMO.teams.support.id);
    await expect(orderLookupFor('agent@demo.test')).resolves.toEqual({ version: V2, channel: 'canary' });
    await expect(orderLookupFor('billing@demo.test')).resolves.toEqual({ version: V1, channel: 'active' });

    const support = await load(V2);
    expect(support.orderLookupEntries).toEqual([expect.stringContaining(`/order-lookup/${V2}/remoteEntry.js`)]);

    await switchUser(page, env.platform.shellUrl, 'billing@demo.test');
    const billing = await load(V1);
    expect(billing.orderLookupEntries).toEqual([expect.stringContaining(`/order-lookup/${V1}/remoteEntry.js`)]);
  });
});
