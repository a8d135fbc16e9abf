// The email page laid out for work (issue 15): at 1366-1920 px Email takes the wide main column
// and the other widgets the side column, with no empty third of the screen; below 1100 px one
// column, nothing cut off. The page header and the tab name the email by its subject, not an id,
// and the Email widget is headed once.
import type { Email } from '@switchboard/contracts';
import type { Page } from 'playwright-core';
import { launchBrowser, login, type TestBrowser } from './support/browser';
import { DEMO_EMAIL_ID, openEmailPage, widgetRegion } from './support/email-page';
import { eventually } from './support/eventually';
import { startTestPlatform, type TestPlatform } from './support/platform';

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
});

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
});
