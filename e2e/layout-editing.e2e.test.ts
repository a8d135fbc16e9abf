import type { PageComposition } from '@switchboard/contracts';
import type { Page } from 'playwright-core';
import { axeViolations, launchBrowser, login, type TestBrowser } from './support/browser';
import { DEMO_EMAIL_ID, frameOrder, openEmailPage, ORDER_LOOKUP_DIST, switchUser, waitForWidgets, widgetRegion } from './support/email-page';
import { eventually } from './support/eventually';
import { startTestPlatform, type TestPlatform } from './support/platform';
import { RegistryApi, shownWidgets } from './support/registry';

let env: TestPlatform;
let browser: TestBrowser;
let page: Page;
let agent: RegistryApi;

const main = () => page.getByRole('main');
const button = (name: string) => main().getByRole('button', { name, exact: true });
const editLayout = () => button('Edit layout');
/** The agent's composition as the registry stores it now. */
const saved = () => agent.page();

/** The titles of the widgets in one column of the page, in order. */
const column = (region: 'main' | 'side') =>
  main()
    .locator(`[data-region=${region}] > sb-widget-frame`)
    .evaluateAll((frames) => frames.map((frame) => frame.shadowRoot?.querySelector('[role=region]')?.getAttribute('aria-label') ?? ''));

/** Waits until the page shows these columns. */
async function expectColumns(mainTitles: string[], sideTitles: string[]): Promise<void> {
  await eventually(async () => expect([await column('main'), await column('side')]).toEqual([mainTitles, sideTitles]));
}

/** Turns layout editing on (the toggle is off after every page load). */
async function startEditing(): Promise<void> {
  if ((await editLayout().getAttribute('aria-pressed')) !== 'true') await editLayout().click();
  await button('Reset to team layout').waitFor();
}

/** Waits until the page shows the widgets in `titles` order and the registry stored `names`. */
async function expectLayout(titles: string[], names: string[]): Promise<void> {
  await eventually(async () => expect(await frameOrder(page)).toEqual(titles));
  await eventually(async () => expect(shownWidgets(await saved())).toEqual(names));
}

beforeAll(async () => {
  env = await startTestPlatform();
  const { shellUrl } = env.platform;
  const admin = await RegistryApi.as(shellUrl, 'admin@demo.test');
  const orders = await admin.publishDist(ORDER_LOOKUP_DIST);
  await admin.activate(orders.name, orders.version);
  // The page default (what "Reset to team layout" returns to for an agent whose team has none).
  await admin.saveDefaultLayout([{ widget: 'email' }, { widget: 'tickets' }, { widget: 'order-lookup' }]);
  agent = await RegistryApi.as(shellUrl, 'agent@demo.test');
  browser = await launchBrowser();
  page = await browser.context.newPage();
  // Order lookup's drag handle and Email's heading both in view: a drag whose target Playwright has
  // to scroll to after pressing the mouse never starts in Chromium (the page scrolls under the press).
  await page.setViewportSize({ width: 1440, height: 900 });
  await login(page, shellUrl, 'agent@demo.test', 'demo');
  // The platform may take over two minutes to start on a loaded machine.
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await env?.teardown();
});

describe('editing the layout of the email detail page', () => {
  it('starts from the default layout with three widgets: Email in the main column, the others in the side column', async () => {
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    expect(await frameOrder(page)).toEqual(['Email', 'Tickets', 'Order lookup']);
    await expectColumns(['Email'], ['Tickets', 'Order lookup']);
    await widgetRegion(page, 'Order lookup').locator('iframe[title="Order lookup"]').waitFor();
    expect((await saved()).layoutSource).toBe('default');
    expect(await editLayout().getAttribute('aria-pressed')).toBe('false');
    expect(await main().locator('[draggable="true"]').count()).toBe(0);
  });

  it('moves a widget into the other column by dragging its handle onto a widget there', async () => {
    await startEditing();
    expect(await editLayout().getAttribute('aria-pressed')).toBe('true');
    const handle = widgetRegion(page, 'Order lookup').locator('[draggable="true"]');
    const emailHeading = widgetRegion(page, 'Email').getByRole('heading', { name: 'Email', level: 2 });
    await handle.dragTo(emailHeading);
    await main().getByText('Order lookup moved to position 1 of 2 in the main column').waitFor();
    await expectLayout(['Order lookup', 'Email', 'Tickets'], ['order-lookup', 'email', 'tickets']);
    await expectColumns(['Order lookup', 'Email'], ['Tickets']);
    // The sandboxed widget was moved, not reloaded into an error.
    expect(await widgetRegion(page, 'Order lookup').getByRole('alert').count()).toBe(0);
  });

  it('moves widgets between and within the columns with the Move buttons and Alt+Arrow keys, keeping focus on the control', async () => {
    expect(await main().getByRole('button', { name: 'Move Tickets up' }).getAttribute('aria-disabled')).toBe('true');
    await button('Move Tickets to the main column').focus();
    await page.keyboard.press('Enter');
    await main().getByText('Tickets moved to position 3 of 3 in the main column').waitFor();
    await expectLayout(['Order lookup', 'Email', 'Tickets'], ['order-lookup', 'email', 'tickets']);
    await expectColumns(['Order lookup', 'Email', 'Tickets'], []);
    // The empty side column stays as a drop zone while editing, labelled (CSS content) by its name.
    const sideColumn = main().locator('[data-region=side]');
    await sideColumn.waitFor({ state: 'visible' });
    expect(await sideColumn.getAttribute('data-label')).toBe('Side column');

    await page.keyboard.press('Alt+ArrowUp');
    await main().getByText('Tickets moved to position 2 of 3 in the main column').waitFor();
    await page.keyboard.press('Alt+ArrowUp');
    await main().getByText('Tickets moved to position 1 of 3 in the main column').waitFor();
    await expectLayout(['Tickets', 'Order lookup', 'Email'], ['tickets', 'order-lookup', 'email']);
    // The focused control is the same button, now offering the way back.
    const toSide = button('Move Tickets to the side column');
    expect(await toSide.evaluate((el) => el.matches(':focus'))).toBe(true);
    expect(await button('Move Tickets up').getAttribute('aria-disabled')).toBe('true');
    expect(await button('Move Email down').getAttribute('aria-disabled')).toBe('true');

    await button('Move Email up').click();
    await expectLayout(['Tickets', 'Email', 'Order lookup'], ['tickets', 'email', 'order-lookup']);
    await widgetRegion(page, 'Order lookup').getByRole('button', { name: 'Move Order lookup up' }).focus();
    await page.keyboard.press('Alt+ArrowRight');
    await main().getByText('Order lookup moved to position 1 of 1 in the side column').waitFor();
    await expectColumns(['Tickets', 'Email'], ['Order lookup']);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('keeps the order and the columns after a reload and after signing out and in again', async () => {
    await page.reload();
    await waitForWidgets(page);
    expect(await frameOrder(page)).toEqual(['Tickets', 'Email', 'Order lookup']);
    await expectColumns(['Tickets', 'Email'], ['Order lookup']);
    expect((await saved()).widgets.map((w) => `${w.widget}:${w.region}`)).toEqual(
      expect.arrayContaining(['tickets:main', 'email:main', 'order-lookup:side']),
    );

    await switchUser(page, env.platform.shellUrl, 'agent@demo.test');
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    expect(await frameOrder(page)).toEqual(['Tickets', 'Email', 'Order lookup']);
    expect((await saved()).layoutSource).toBe('user');
  });

  it('offers no way to hide Email or Tickets, and the registry refuses a layout without them', async () => {
    await startEditing();
    await button('Hide Order lookup').waitFor();
    expect(await main().getByRole('button', { name: 'Hide Email' }).count()).toBe(0);
    expect(await main().getByRole('button', { name: 'Hide Tickets' }).count()).toBe(0);
    await widgetRegion(page, 'Email').getByText('Required on this page').waitFor();
    await widgetRegion(page, 'Tickets').getByText('Required on this page').waitFor();

    const { layoutVersion } = await saved();
    const put = (widgets: Array<{ widget: string; hidden?: boolean }>) =>
      agent.request<{ code: string }>('PUT', '/pages/email-detail/layout', { version: layoutVersion, widgets });
    const emailHidden = await put([{ widget: 'tickets' }, { widget: 'email', hidden: true }, { widget: 'order-lookup' }]);
    expect(emailHidden).toMatchObject({ status: 400, body: { code: 'MANDATORY_WIDGET' } });
    const ticketsMissing = await put([{ widget: 'email' }, { widget: 'order-lookup' }]);
    expect(ticketsMissing).toMatchObject({ status: 400, body: { code: 'MANDATORY_WIDGET' } });
    const emailMissing = await put([{ widget: 'tickets' }, { widget: 'order-lookup' }]);
    expect(emailMissing).toMatchObject({ status: 400, body: { code: 'MANDATORY_WIDGET' } });
    const after = await saved();
    expect(after.layoutVersion).toBe(layoutVersion);
    expect(shownWidgets(after)).toEqual(['tickets', 'email', 'order-lookup']);
  });

  it('hides an optional widget and shows it again in its place', async () => {
    await button('Hide Order lookup').click();
    await main().getByText('Order lookup hidden').waitFor();
    await expectLayout(['Tickets', 'Email'], ['tickets', 'email']);
    const hiddenList = main().getByRole('region', { name: 'Hidden widgets' });
    await hiddenList.getByRole('button', { name: 'Show Order lookup' }).waitFor();
    expect((await saved()).widgets.find((w) => w.widget === 'order-lookup')?.hidden).toBe(true);

    await page.reload();
    await waitForWidgets(page);
    expect(await frameOrder(page)).toEqual(['Tickets', 'Email']);

    await startEditing();
    await hiddenList.getByRole('button', { name: 'Show Order lookup' }).click();
    await main().getByText('Order lookup shown').waitFor();
    await expectLayout(['Tickets', 'Email', 'Order lookup'], ['tickets', 'email', 'order-lookup']);
    // The other optional widgets the registry has (Contacts, Calendar, …) stay in the list; Order lookup left it.
    await eventually(async () => expect(await hiddenList.getByRole('button', { name: 'Show Order lookup' }).count()).toBe(0));
    await widgetRegion(page, 'Order lookup').locator('iframe[title="Order lookup"]').waitFor();
  });

  it('resets to the team layout', async () => {
    await button('Reset to team layout').click();
    await main().getByText('Your layout was reset to the team layout.').waitFor();
    await expectLayout(['Email', 'Tickets', 'Order lookup'], ['email', 'tickets', 'order-lookup']);
    const after = await saved();
    expect(after).toMatchObject({ layoutSource: 'default', layoutVersion: 0 });

    await page.reload();
    await waitForWidgets(page);
    expect(await frameOrder(page)).toEqual(['Email', 'Tickets', 'Order lookup']);
  });

  it('refuses a save based on a stale layout version, and the page adopts the newer layout', async () => {
    const first = await agent.request<PageComposition>('PUT', '/pages/email-detail/layout', {
      version: 0,
      widgets: [{ widget: 'tickets' }, { widget: 'email' }, { widget: 'order-lookup' }],
    });
    expect(first.status).toBe(200);
    const stale = await agent.request<{ code: string; details: { current: PageComposition } }>('PUT', '/pages/email-detail/layout', {
      version: 0,
      widgets: [{ widget: 'email' }, { widget: 'order-lookup' }, { widget: 'tickets' }],
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('LAYOUT_VERSION_CONFLICT');
    expect(shownWidgets(stale.body.details.current)).toEqual(['tickets', 'email', 'order-lookup']);

    // This page still holds version 0: its next save meets the conflict and shows the stored layout.
    await startEditing();
    await button('Move Order lookup up').click();
    await main().getByText(/Your layout was changed elsewhere/).waitFor();
    await expectLayout(['Tickets', 'Email', 'Order lookup'], ['tickets', 'email', 'order-lookup']);
  });

  it('speaks Czech when the agent switches the language', async () => {
    await page.getByLabel('Language').selectOption('cs');
    const czechButton = (name: string) => main().getByRole('button', { name, exact: true });
    await czechButton('Upravit rozvržení').waitFor({ timeout: 30_000 });
    if ((await czechButton('Upravit rozvržení').getAttribute('aria-pressed')) !== 'true') await czechButton('Upravit rozvržení').click();
    await main().getByText('Na této stránce povinný').first().waitFor();
    await main().getByText('Skryté widgety').first().waitFor();
    await czechButton('Obnovit rozvržení týmu').click();
    await main().getByText('Vaše rozvržení bylo obnoveno na rozvržení týmu.').waitFor();
    await czechButton('Přesunout Tikety do hlavního sloupce').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Jazyk').selectOption('en');
    await editLayout().waitFor({ timeout: 30_000 });
  });
});
