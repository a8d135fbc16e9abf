import { randomUUID } from 'node:crypto';
import type { TicketList } from '@switchboard/contracts';
import type { Locator, Page, Response } from 'playwright-core';
import { eventually } from './support/eventually';
import { launchBrowser, login, runAxe, type TestBrowser } from './support/browser';
import { startTestPlatform, type TestPlatform } from './support/platform';

let env: TestPlatform;
let browser: TestBrowser;
let page: Page;
const scriptResponses: Response[] = [];
const ticketQueries: string[] = [];

/** A tickets token of the page's session, for asking the tickets service directly through the gateway. */
async function ticketsAuth(): Promise<{ authorization: string }> {
  const token = await page.request.post(`${env.platform.shellUrl}/api/identity/token`, { data: { audience: 'tickets' } });
  expect(token.ok()).toBe(true);
  const { token: bearer } = (await token.json()) as { token: string };
  return { authorization: `Bearer ${bearer}` };
}

/** Asks the tickets service directly (through the gateway, with the page's session) what a query should return. */
async function ticketsFromApi(query: string): Promise<TicketList> {
  const res = await page.request.get(`${env.platform.shellUrl}/api/tickets/tickets?${query}`, { headers: await ticketsAuth() });
  expect(res.ok()).toBe(true);
  return (await res.json()) as TicketList;
}

const ticketsRegion = () => page.getByRole('region', { name: 'Tickets' });
const rows = () => ticketsRegion().getByRole('list', { name: 'Tickets' }).getByRole('listitem');

beforeAll(async () => {
  env = await startTestPlatform();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scriptResponses.push(r);
    if (r.url().includes('/api/tickets/tickets?')) ticketQueries.push(new URL(r.url()).search);
  });
  await login(page, env.platform.shellUrl, 'agent@demo.test', 'demo');
});

afterAll(async () => {
  await browser?.close();
  await env?.teardown();
});

describe('the Tickets widget on the email detail page', () => {
  const emailId = randomUUID();

  it('loads from the widget origin and lists tickets from the service', async () => {
    await page.goto(`${env.platform.shellUrl}/emails/${emailId}`);
    await rows().first().waitFor({ state: 'visible', timeout: 30_000 });
    const fromWidgetOrigin = scriptResponses.filter((r) => r.url().startsWith(`${env.platform.widgetOrigin}/registry/assets/tickets/`));
    expect(fromWidgetOrigin.length).toBeGreaterThan(0);
    const expected = await ticketsFromApi('limit=25');
    expect(await rows().count()).toBe(expected.items.length);
    await showsText(rows().first(), `#${expected.items[0].number}`);
  });

  it('loads lit-html, lit-element and reactive-element exactly once', async () => {
    const versions = await page.evaluate(() => {
      const w = window as unknown as Record<string, string[] | undefined>;
      return [w.litHtmlVersions?.length, w.litElementVersions?.length, w.reactiveElementVersions?.length];
    });
    expect(versions).toEqual([1, 1, 1]);
  });

  it('narrows the list by search', async () => {
    const before = await ticketsFromApi('limit=25');
    await ticketsRegion().getByRole('searchbox', { name: 'Search tickets' }).fill('refund');
    const expected = await ticketsFromApi('q=refund&limit=25');
    expect(expected.total).toBeLessThan(before.total);
    await waitForRowCount(expected.items.length, `#${expected.items[0].number}`);
    for (const ticket of expected.items) expect(ticket.title.toLowerCase()).toContain('refund');
    await ticketsRegion().getByRole('searchbox', { name: 'Search tickets' }).fill('');
  });

  it('combines two filters', async () => {
    await ticketsRegion().getByRole('button', { name: 'Mine' }).click();
    await ticketsRegion().getByRole('button', { name: 'My favourites' }).click();
    await eventually(async () => expect(await ticketsRegion().getByRole('button', { name: 'Mine' }).getAttribute('aria-pressed')).toBe('true'));
    const both = await ticketsFromApi('mine=true&favourites=true&limit=25');
    const mineOnly = await ticketsFromApi('mine=true&limit=25');
    expect(both.items.length).toBeGreaterThan(0);
    expect(both.total).toBeLessThan(mineOnly.total);
    await waitForRowCount(both.items.length, `#${both.items[0].number}`);
    expect(ticketQueries.some((q) => q.includes('mine=true') && q.includes('favourites=true'))).toBe(true);
    for (const ticket of both.items) {
      await eventually(async () => expect(await ticketsRegion().getByRole('button', { name: `Favourite #${ticket.number}` }).getAttribute('aria-pressed')).toBe('true'));
    }
    await ticketsRegion().getByRole('button', { name: 'Mine' }).click();
    await ticketsRegion().getByRole('button', { name: 'My favourites' }).click();
  });

  it('loads the next page of a search with Load more, and moves focus to the first ticket it brought', async () => {
    const word = `paging${Date.now()}`;
    const headers = await ticketsAuth();
    for (let i = 1; i <= 26; i++) {
      const res = await page.request.post(`${env.platform.shellUrl}/api/tickets/tickets`, { headers, data: { title: `Toner ${word} ${i}` } });
      expect(res.status()).toBe(201);
    }
    const search = ticketsRegion().getByRole('searchbox', { name: 'Search tickets' });
    await search.fill(word);
    const first = await ticketsFromApi(`q=${word}&limit=25`);
    expect(first.items).toHaveLength(25);
    await waitForRowCount(25, `#${first.items[0].number}`);

    await ticketsRegion().getByRole('button', { name: 'Load more' }).click();
    const second = await ticketsFromApi(`q=${word}&limit=25&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    await waitForRowCount(26, `#${first.items[0].number}`);
    await showsText(rows().nth(25), `#${second.items[0].number}`);
    // The last page took the button away; keyboard focus is on the ticket it brought.
    expect(await ticketsRegion().getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await eventually(async () => expect(await rows().nth(25).locator('button').first().evaluate((button) => button.matches(':focus'))).toBe(true));
    await search.fill('');
  });

  it('creates a ticket and assigns the email to it; the Email header follows', async () => {
    const title = `Printer on fire ${Date.now()}`;
    await ticketsRegion().getByRole('button', { name: 'New ticket' }).click();
    await ticketsRegion().getByRole('textbox', { name: 'Title' }).fill(title);
    await ticketsRegion().getByRole('button', { name: 'Create ticket' }).click();
    const created = (await ticketsFromApi(`q=${encodeURIComponent(title)}&limit=5`)).items[0];
    await page.getByRole('listitem').filter({ hasText: title }).waitFor({ state: 'visible', timeout: 30_000 });
    expect(created.title).toBe(title);

    await ticketsRegion().getByRole('button', { name: `Assign #${created.number}` }).click();
    const card = ticketsRegion().getByRole('region', { name: 'Assigned ticket' });
    await showsText(card, `#${created.number}`);
    await showsText(page.getByRole('region', { name: 'Email' }), `#${created.number}`);

    // The link is stored: after a reload the widget still shows the assigned ticket.
    await page.reload();
    await showsText(ticketsRegion().getByRole('region', { name: 'Assigned ticket' }), title);
  });

  it('opens the assigned ticket in the Tickets module and returns to the email', async () => {
    const emailUrl = page.url();
    await ticketsRegion().getByRole('button', { name: 'Open in Tickets' }).click();
    await page.getByRole('heading', { name: /^Ticket #\d+/ }).waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).pathname).toMatch(/^\/tickets\//);
    await page.getByRole('link', { name: 'Back to email' }).click();
    await page.waitForURL(emailUrl);
    await ticketsRegion().getByRole('region', { name: 'Assigned ticket' }).waitFor({ timeout: 15_000 });
  });

  it('has no serious or critical accessibility violations', async () => {
    const violations = await runAxe(page);
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('switches the whole page to Czech', async () => {
    await page.getByLabel('Language').selectOption('cs');
    await page.getByRole('region', { name: 'Tikety' }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.getByRole('button', { name: 'Změnit tiket' }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.reload();
    await page.getByLabel('Jazyk').waitFor({ state: 'visible', timeout: 30_000 });
    await page.getByLabel('Jazyk').selectOption('en');
    await page.getByRole('region', { name: 'Tickets' }).waitFor({ state: 'visible', timeout: 30_000 });
  });
});

async function waitForRowCount(count: number, firstText: string): Promise<void> {
  await eventually(async () => {
    expect(await rows().count()).toBe(count);
    expect(await rows().first().getByText(firstText).count()).toBeGreaterThan(0);
  });
}

/** Waits until the text shows somewhere inside the locator (shadow roots included). */
async function showsText(locator: Locator, text: string): Promise<void> {
  await locator.getByText(text).first().waitFor({ state: 'visible', timeout: 15_000 });
}
