// The email page laid out for work (issue 15): at 1366-1920 px Email takes the wide main column
// and the other widgets the side column, with no empty third of the screen; below 1100 px one
// column, nothing cut off. The page header and the tab name the email by its subject, not an id,
// and the Email widget is headed once.
import type { Email } from '@switchboard/contracts';
import type { Page } from 'playwright-core';
import { axeViolations, launchBrowser, login, type TestBrowser } from './support/browser';
import { DEMO_EMAIL_ID, openEmailPage, widgetRegion } from './support/email-page';
import { eventually } from './support/eventually';
import { startTestPlatform, type TestPlatform } from './support/platform';
import { RegistryApi } from './support/registry';

let env: TestPlatform;
let browser: TestBrowser;
let page: Page;

/** The subject of the first demo email, as mail has it. */
let subject: string;

/** Reads the demo email through the gateway with a mail token of the signed-in agent. */
async function demoEmail(): Promise<Email> {
  const base = env.platform.shellUrl;
  const tokenRes = await page.request.post(`${base}/api/identity/token`, { data: { audience: 'mail' } });
  const { token } = (await tokenRes.json()) as { token: string };
  const res = await page.request.get(`${base}/api/mail/emails/${DEMO_EMAIL_ID}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok()) throw new Error(`GET the demo email: ${res.status()} ${await res.text()}`);
  return (await res.json()) as Email;
}

/** Left, right and width (px) of a widget's frame. */
async function box(title: string): Promise<{ left: number; right: number; top: number; width: number }> {
  return widgetRegion(page, title).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, width: r.width };
  });
}

beforeAll(async () => {
  env = await startTestPlatform();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await login(page, env.platform.shellUrl, 'agent@demo.test', 'demo');
  subject = (await demoEmail()).subject;
  expect(subject).not.toBe('');
  // The platform may take over two minutes to start on a loaded machine.
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await env?.teardown();
});

describe('the email page, laid out for work', () => {
  it.each([
    [1440, 900],
    [1366, 768],
    [1920, 1080],
  ])('at %i x %i puts Email in a wide main column and Tickets beside it, using the width of the window', async (width, height) => {
    await page.setViewportSize({ width, height });
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    const email = await box('Email');
    const tickets = await box('Tickets');
    expect(tickets.left).toBeGreaterThan(email.right);
    expect(Math.abs(tickets.top - email.top)).toBeLessThan(2);
    expect(email.width).toBeGreaterThan(1.6 * tickets.width);
    expect(email.width).toBeGreaterThan(0.55 * width);
    // Nothing left empty on the right but the page's padding.
    expect(width - tickets.right).toBeLessThan(40);
  });

  it('stacks the widgets in one column in a narrow window, each as wide as the page', async () => {
    await page.setViewportSize({ width: 800, height: 900 });
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    const email = await box('Email');
    const tickets = await box('Tickets');
    expect(tickets.top).toBeGreaterThan(email.top);
    expect(Math.abs(tickets.left - email.left)).toBeLessThan(2);
    expect(email.width).toBeGreaterThan(700);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
  });

  it('names the email by its subject in the page header and the tab, and heads the Email widget once', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    const main = page.getByRole('main');
    await main.getByRole('heading', { level: 1, name: subject }).waitFor({ timeout: 15_000 });
    await eventually(async () => expect(await page.title()).toContain(subject));
    const tab = page.getByRole('tab', { name: subject });
    await tab.first().waitFor({ timeout: 15_000 });
    expect(await page.title()).not.toContain(DEMO_EMAIL_ID.slice(0, 8));
    expect(await main.getByRole('heading', { level: 1 }).textContent()).not.toContain(DEMO_EMAIL_ID.slice(0, 8));
    expect(await widgetRegion(page, 'Email').getByRole('heading', { name: 'Email', exact: true }).count()).toBe(1);
  });

  it("remembers a collapsed widget, and fetches a collapsed widget's remote only once it is expanded", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    await widgetRegion(page, 'Tickets').getByRole('button', { name: 'Collapse Tickets' }).click();
    const expand = widgetRegion(page, 'Tickets').getByRole('button', { name: 'Expand Tickets' });
    expect(await expand.getAttribute('aria-expanded')).toBe('false');
    const agent = await RegistryApi.as(env.platform.shellUrl, 'agent@demo.test');
    await eventually(async () => expect((await agent.page()).widgets.find((w) => w.widget === 'tickets')?.collapsed).toBe(true));

    // A fresh page of the same agent: the layout the registry stored keeps Tickets collapsed.
    const fresh = await browser.context.newPage();
    const ticketsRequests: string[] = [];
    fresh.on('request', (request) => {
      if (request.url().includes('/assets/tickets/')) ticketsRequests.push(request.url());
    });
    try {
      await fresh.setViewportSize({ width: 1440, height: 900 });
      await openEmailPage(fresh, env.platform.shellUrl, DEMO_EMAIL_ID);
      const freshExpand = widgetRegion(fresh, 'Tickets').getByRole('button', { name: 'Expand Tickets' });
      expect(await freshExpand.getAttribute('aria-expanded')).toBe('false');
      expect(await fresh.evaluate(() => performance.getEntriesByName('sb:widget-ready:email').length)).toBe(1);
      expect(ticketsRequests).toEqual([]);
      // The shell preloaded the entries of each column's top expanded widget: Email, and Articles under the collapsed Tickets.
      const preloaded = await fresh.evaluate(() => [...document.head.querySelectorAll('link[rel="preload"]')].map((link) => new URL((link as HTMLLinkElement).href).pathname));
      expect(preloaded.filter((path) => path.endsWith('/remoteEntry.js')).map((path) => path.split('/').at(-3))).toEqual(['email', 'articles']);
      expect(await axeViolations(fresh)).toEqual([]);

      await freshExpand.click();
      await fresh.waitForFunction(() => performance.getEntriesByName('sb:widget-ready:tickets').length > 0, undefined, { timeout: 30_000 });
      expect(ticketsRequests.some((url) => url.endsWith('remoteEntry.js') || url.endsWith('mf-manifest.json'))).toBe(true);
      expect(await widgetRegion(fresh, 'Tickets').getByRole('button', { name: 'Collapse Tickets' }).getAttribute('aria-expanded')).toBe('true');
    } finally {
      await fresh.close();
    }
  });
});
