import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDemoPrng, DEMO_SEED, demoInboundEmails, generateDemoPeople, type EmailTicket, type PageComposition } from '@switchboard/contracts';
import type { Page } from 'playwright-core';
import { serviceCall } from './support/api';
import { axeViolations, launchBrowser, login, type TestBrowser } from './support/browser';
import { DEMO_EMAIL_ID, openEmailPage, widgetRegion } from './support/email-page';
import { eventually } from './support/eventually';
import { startTestPlatform, type TestPlatform } from './support/platform';

// Issue 11: the Articles widget (A1 search, A2 reading, inserting into the reply), the Knowledge
// base page, and the Page-in-page widget (P1) showing a local test site the platform allows, and
// refusing one it does not.

let env: TestPlatform;
let site: Server;
let siteOrigin = '';
let browser: TestBrowser;
let page: Page;

/** GETs a service's route through the gateway with a token of its audience, as the signed-in agent. */
const api = <T>(audience: string, path: string) => serviceCall<T>(page, env.platform.shellUrl, audience, path);

const articles = () => widgetRegion(page, 'Articles');
const search = (q: string) => articles().getByRole('searchbox', { name: 'Search articles' }).fill(q, { timeout: 30_000 });
const emailIdOfPage = () => /\/emails\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';

/** A local test site of two pages: a long first one with a link to the second. */
function startSite(): Promise<Server> {
  const pages: Record<string, string> = {
    '/': `<!doctype html><html lang="en"><title>Orders</title><h1>Order system</h1><a href="/order">Order 7781</a>${'<p>Line of the order history.</p>'.repeat(200)}<p id="end">End of history</p>`,
    '/order': '<!doctype html><html lang="en"><title>Order 7781</title><h1>Order 7781: shipped</h1>',
  };
  const server = createServer((request, response) => {
    const body = pages[new URL(request.url ?? '/', 'http://site').pathname];
    response.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(body ?? 'Not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  site = await startSite();
  siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  env = await startTestPlatform({ frameOrigins: [siteOrigin] });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await login(page, env.platform.shellUrl, 'agent@demo.test', 'demo');
});

afterAll(async () => {
  await browser?.close();
  await env?.teardown();
  await new Promise((resolve) => site?.close(resolve));
});

describe('the Articles widget', () => {
  it('suggests articles for the open email, with the words they share (A1)', async () => {
    const screen = demoInboundEmails(generateDemoPeople(createDemoPrng(DEMO_SEED))).find((e) => e.topic.subject === 'Broken screen after update')!;
    await openEmailPage(page, env.platform.shellUrl, screen.id);
    const suggested = articles().getByRole('list', { name: 'Suggested for this email' });
    await suggested.getByRole('button').first().waitFor({ timeout: 30_000 });
    await expect(suggested.getByText(/^Shared words: /).first().textContent()).resolves.toMatch(/update|screen/);
  });

  it('finds "Reklamace zboží" without diacritics, and the laptop article despite a typo', async () => {
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    await search('reklamace zbozi');
    await articles().getByRole('button', { name: 'Reklamace zboží' }).waitFor();
    await search('laptpo');
    await articles().getByRole('button', { name: 'Laptop stopped working after update' }).waitFor();
    await articles().getByText('Showing results for "laptop"').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('reads an article inside the widget and goes back to the list', async () => {
    await articles().getByRole('button', { name: 'Laptop stopped working after update' }).click();
    await articles().getByRole('heading', { name: 'Laptop stopped working after update' }).waitFor();
    await articles().getByText('hold the power button for 15 seconds', { exact: false }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await articles().getByRole('button', { name: 'Back to the list' }).click();
    const listed = articles().getByRole('button', { name: 'Laptop stopped working after update' });
    await listed.waitFor();
    await eventually(async () => expect(await listed.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true));
  });

  it('opens the article in the Knowledge base page, and goes back to the email', async () => {
    await articles().getByRole('button', { name: 'Laptop stopped working after update' }).click();
    await articles().getByRole('button', { name: 'Open in Knowledge base' }).click();
    await eventually(() => expect(page.url()).toMatch(/\/kb\/articles\/[0-9a-f-]{36}$/));
    await page.getByRole('main').getByRole('heading', { level: 1, name: 'Laptop stopped working after update' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('main').getByRole('link', { name: 'Back to email' }).click();
    await eventually(() => expect(page.url()).toBe(`${env.platform.shellUrl}/emails/${DEMO_EMAIL_ID}`));
  });

  it('inserts the link and a selected excerpt into the reply', async () => {
    const { ticket } = await api<EmailTicket>('tickets', `/emails/${DEMO_EMAIL_ID}/ticket`);
    await page.goto(`${env.platform.shellUrl}/tickets/${ticket.id}`);
    await page.getByRole('main').getByRole('button', { name: 'New email' }).click();
    await eventually(() => expect(emailIdOfPage()).not.toBe(''));
    await search('reklamace zbozi');
    await articles().getByRole('button', { name: 'Reklamace zboží' }).click();
    await articles().getByRole('heading', { name: 'Reklamace zboží' }).waitFor();

    await articles().getByRole('button', { name: 'Insert link' }).click();
    const editor = page.getByRole('region', { name: 'Email' }).getByRole('textbox', { name: 'Message body' });
    await eventually(async () => expect((await editor.textContent()) ?? '').toMatch(/\/kb\/articles\/[0-9a-f-]{36}/));

    await articles().getByRole('document').getByText('Reklamaci vyřídíme nejpozději do 30 dnů.', { exact: false }).selectText();
    await articles().getByRole('button', { name: 'Insert excerpt' }).click();
    await eventually(async () => expect((await editor.textContent()) ?? '').toContain('Reklamaci vyřídíme nejpozději do 30 dnů.'));
  });

  it('has no serious or critical violations in Czech either', async () => {
    await page.getByLabel('Language').selectOption('cs');
    const region = widgetRegion(page, 'Články');
    await region.getByRole('button', { name: 'Zpět na seznam' }).click({ timeout: 30_000 });
    await region.getByRole('searchbox', { name: 'Hledat články' }).fill('poskozena zasilka', { timeout: 30_000 });
    await region.getByRole('button', { name: 'Poškozená zásilka' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Jazyk').selectOption('en');
  });
});

describe('the Page-in-page widget', () => {
  const pip = () => widgetRegion(page, 'Page in page');
  const framed = () => page.frameLocator(`iframe[title="Page 127.0.0.1:${new URL(siteOrigin).port}"]`);

  it('shows an allowed site the agent typed, usable as usual: scrolling, a link inside; the address survives a reload', async () => {
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    // A frame below the fold mounts its widget once scrolled near.
    await pip().scrollIntoViewIfNeeded({ timeout: 30_000 });
    await pip().getByRole('textbox', { name: 'Page address' }).fill(`${siteOrigin}/`);
    await pip().getByRole('button', { name: 'Show' }).click();
    await framed().getByRole('heading', { name: 'Order system' }).waitFor();
    await framed().locator('html').evaluate(() => document.getElementById('end')?.scrollIntoView());
    await eventually(async () => expect(await framed().locator('html').evaluate(() => window.scrollY)).toBeGreaterThan(0));
    await framed().getByRole('link', { name: 'Order 7781' }).click();
    await framed().getByRole('heading', { name: 'Order 7781: shipped' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.reload();
    await pip().scrollIntoViewIfNeeded({ timeout: 30_000 });
    await framed().getByRole('heading', { name: 'Order system' }).waitFor({ timeout: 30_000 });
    expect(await pip().getByRole('textbox', { name: 'Page address' }).inputValue()).toBe(`${siteOrigin}/`);
  });

  it('shows the address the agent set for their item in the layout editor, also after a reload', async () => {
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    const main = page.getByRole('main');
    await main.getByRole('button', { name: 'Edit layout', exact: true }).click({ timeout: 30_000 });
    await main.getByRole('textbox', { name: 'Address in this layout' }).fill(`${siteOrigin}/order`);
    await main.getByRole('button', { name: 'Save settings' }).click();
    await main.getByText('The settings of Page in page are saved').waitFor();
    await eventually(async () => {
      const composition = await api<PageComposition>('registry', '/pages/email-detail');
      expect(composition.widgets.find((w) => w.widget === 'page-in-page')?.settings).toEqual({ url: `${siteOrigin}/order` });
    });
    expect(await axeViolations(page)).toEqual([]);
    // Without a reload: the widget shows the saved address, and so does the field when the bar opens again.
    await pip().scrollIntoViewIfNeeded();
    await framed().getByRole('heading', { name: 'Order 7781: shipped' }).waitFor({ timeout: 30_000 });
    const editLayout = main.getByRole('button', { name: 'Edit layout', exact: true });
    await editLayout.click();
    await editLayout.click();
    expect(await main.getByRole('textbox', { name: 'Address in this layout' }).inputValue()).toBe(`${siteOrigin}/order`);

    await page.reload();
    await pip().scrollIntoViewIfNeeded({ timeout: 30_000 });
    await framed().getByRole('heading', { name: 'Order 7781: shipped' }).waitFor({ timeout: 30_000 });
    expect(await pip().getByRole('textbox', { name: 'Page address' }).inputValue()).toBe(`${siteOrigin}/order`);
  });

  it("shows a message, not a blank box, for a site the shell's policy does not allow", async () => {
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    const pip = widgetRegion(page, 'Page in page');
    await pip.scrollIntoViewIfNeeded({ timeout: 30_000 });
    await pip.getByRole('textbox', { name: 'Page address' }).fill('https://not-allowed.example/');
    await pip.getByRole('button', { name: 'Show' }).click();
    await pip.getByRole('alert').getByText('The site not-allowed.example is not allowed to be shown here.', { exact: false }).waitFor();
    await pip.getByRole('link', { name: 'Open in new window' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('editing in the Knowledge base page', () => {
  const TITLE = 'Descaling the Zephyr kettle';
  let admin: TestBrowser;
  let editorPage: Page;
  const main = () => editorPage.getByRole('main');

  beforeAll(async () => {
    admin = await launchBrowser();
    editorPage = await admin.context.newPage();
    await login(editorPage, env.platform.shellUrl, 'admin@demo.test', 'demo');
  });
  afterAll(() => admin?.close());

  it('the KB editor writes a new article and publishes it; the editor is axe-clean in English and Czech', async () => {
    await editorPage.goto(`${env.platform.shellUrl}/kb`);
    await main().getByRole('button', { name: 'New article' }).click({ timeout: 30_000 });
    await main().getByRole('textbox', { name: 'Title' }).fill(TITLE);
    await main().getByRole('combobox', { name: 'Language' }).selectOption('en');
    await main().getByRole('textbox', { name: 'Article text' }).click();
    await editorPage.keyboard.type('Descale the Zephyr kettle every month with citric acid.');
    expect(await axeViolations(editorPage)).toEqual([]);
    await main().getByRole('button', { name: 'Save' }).click();
    await main().getByRole('status').getByText('Saved.').waitFor();
    await main().getByRole('button', { name: 'Publish' }).click();
    await main().getByRole('button', { name: 'Unpublish' }).waitFor();
    await main().getByRole('link', { name: TITLE }).waitFor();

    await editorPage.getByRole('banner').getByLabel('Language').selectOption('cs');
    await main().getByRole('textbox', { name: 'Text článku' }).waitFor();
    expect(await axeViolations(editorPage)).toEqual([]);
    await editorPage.getByRole('banner').getByLabel('Jazyk').selectOption('en');
  });

  it('the agent finds the published article in the Articles widget', async () => {
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    await search('zephyr kettle');
    await articles().getByRole('button', { name: TITLE }).waitFor();
  });

  it("an administrator allows an https site in the top panel's Framed sites, and the next page load may frame it (P1)", async () => {
    const frameSrc = async () => (await page.request.get(`${env.platform.shellUrl}/`)).headers()['content-security-policy'] ?? '';
    expect(await frameSrc()).not.toContain('https://orders.example');
    await editorPage.getByRole('banner').getByRole('link', { name: 'Framed sites' }).click();
    await main().getByRole('textbox', { name: 'Site address' }).fill('http://orders.example');
    await main().getByRole('button', { name: 'Allow site' }).click();
    await main().getByRole('alert').getByText('only https origins may be framed', { exact: false }).waitFor();
    await main().getByRole('textbox', { name: 'Site address' }).fill('https://orders.example');
    await main().getByRole('button', { name: 'Allow site' }).click();
    await main().getByRole('button', { name: 'Stop allowing https://orders.example' }).waitFor();
    expect(await axeViolations(editorPage)).toEqual([]);
    expect(await frameSrc()).toMatch(/frame-src [^;]*https:\/\/orders\.example/);

    await main().getByRole('button', { name: 'Stop allowing https://orders.example' }).click();
    await main().getByText('No site is allowed yet.').waitFor();
    expect(await frameSrc()).not.toContain('https://orders.example');
  });
});
