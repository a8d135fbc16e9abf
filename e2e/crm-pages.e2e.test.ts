import { DEMO, type Activity, type CalendarEventList, type Company, type Contact, type Email, type EmailTicket, type Ticket } from '@switchboard/contracts';
import type { Locator, Page } from 'playwright-core';
import { serviceCall } from './support/api';
import { axeViolations, launchBrowser, login, type TestBrowser } from './support/browser';
import { DEMO_EMAIL_ID, openEmailPage, widgetRegion } from './support/email-page';
import { eventually } from './support/eventually';
import { startTestPlatform, type TestPlatform } from './support/platform';

let env: TestPlatform;
let browser: TestBrowser;
let page: Page;

/** Calls a service through the gateway with a token of its audience, as the signed-in agent. */
const api = <T>(audience: string, method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown) =>
  serviceCall<T>(page, env.platform.shellUrl, audience, path, { method, data });

const calendar = (title = 'Calendar') => widgetRegion(page, title);
const eventDays = (region: Locator) => region.locator('td.events').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-day')));
const selectedDay = (region: Locator) => region.locator('td[aria-selected="true"]').getAttribute('data-day');

/** Local `YYYY-MM-DD` of a moment, in the browser's time zone (the test runs in the same one). */
const dayOf = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

beforeAll(async () => {
  env = await startTestPlatform();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await login(page, env.platform.shellUrl, 'agent@demo.test', 'demo');
});

afterAll(async () => {
  await browser?.close();
  await env?.teardown();
});

describe('the Calendar widget and the CRM module pages', () => {
  let contactId: string;
  let contactName: string;

  it('marks the days of the agent’s events in the month grid', async () => {
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    await calendar().locator('td[aria-selected="true"]').waitFor({ timeout: 30_000 });
    const grid = await calendar().locator('td[data-day]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-day') as string));
    const from = new Date(`${grid[0]}T00:00`);
    const to = new Date(`${grid[grid.length - 1]}T00:00`);
    to.setDate(to.getDate() + 1);
    const events = await api<CalendarEventList>('crm', 'GET', `/calendar/events?from=${from.toISOString()}&to=${to.toISOString()}`);
    const expected = new Set<string>();
    for (const event of events.items) {
      for (const day of grid) {
        const start = new Date(`${day}T00:00`);
        const end = new Date(start);
        end.setDate(end.getDate() + 1);
        if (Date.parse(event.startsAt) < end.getTime() && Date.parse(event.endsAt) > start.getTime()) expected.add(day);
      }
    }
    expect(expected.size).toBeGreaterThan(0);
    await eventually(async () => expect(new Set(await eventDays(calendar()))).toEqual(expected));
  });

  it('moves to a free day by keyboard, creates an event there for this email’s contact and marks the day', async () => {
    const region = calendar();
    const marked = new Set(await eventDays(region));
    const today = (await selectedDay(region)) as string;
    const target = new Date(`${today}T00:00`);
    let presses = 0;
    do {
      target.setDate(target.getDate() + 1);
      presses += 1;
    } while (marked.has(dayOf(target)));
    await region.locator('td[aria-selected="true"]').focus();
    for (let i = 0; i < presses; i += 1) await page.keyboard.press('ArrowRight');
    await eventually(async () => expect(await selectedDay(region)).toBe(dayOf(target)));
    // Focus followed the selection: the next keys act on the grid, not the page.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await eventually(async () => expect(await selectedDay(region)).toBe(dayOf(target)));

    const title = `Call back ${Date.now()}`;
    await region.getByRole('button', { name: 'New event' }).click();
    await region.getByRole('textbox', { name: 'Title' }).fill(title);
    await region.getByLabel('Kind').selectOption('callback');
    await region.getByRole('button', { name: 'Save' }).click();
    await region.getByText(title).waitFor({ timeout: 15_000 });
    await eventually(async () => expect(await eventDays(region)).toContain(dayOf(target)));

    const from = new Date(`${dayOf(target)}T00:00`);
    const to = new Date(from);
    to.setDate(to.getDate() + 1);
    const saved = (await api<CalendarEventList>('crm', 'GET', `/calendar/events?from=${from.toISOString()}&to=${to.toISOString()}`)).items.find(
      (e) => e.title === title,
    );
    const link = await api<EmailTicket>('tickets', 'GET', `/emails/${DEMO_EMAIL_ID}/ticket`);
    expect(saved).toMatchObject({ kind: 'callback', ticketId: link.ticket.id });
    contactId = link.ticket.contactId as string;
    contactName = link.ticket.contactName as string;
    expect(contactId).toBeTruthy();
  });

  it('has no serious or critical accessibility violations on the email page with the calendar', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows a contact’s activities and tickets on the journey opened from the email, and leads back', async () => {
    const title = `E2E note ${Date.now()}`;
    await api<Activity>('crm', 'POST', `/contacts/${contactId}/activities`, { kind: 'note', title });
    const link = await api<EmailTicket>('tickets', 'GET', `/emails/${DEMO_EMAIL_ID}/ticket`);

    await widgetRegion(page, 'Tickets').getByRole('button', { name: 'Customer journey' }).click();
    await page.waitForURL(`**/contacts/${contactId}/journey`);
    await page.getByRole('heading', { name: `Customer journey: ${contactName}` }).waitFor({ timeout: 15_000 });
    await page.getByText(title).waitFor({ timeout: 15_000 });

    await page.getByLabel('Show').selectOption('ticket');
    await page.getByRole('link', { name: new RegExp(`^#${link.ticket.number} `) }).waitFor({ timeout: 15_000 });
    await expect(page.getByText(title).count()).resolves.toBe(0);
    await page.getByLabel('Show').selectOption('all');
    await page.getByText(title).waitFor({ timeout: 15_000 });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Back to email' }).click();
    await page.waitForURL(`**/emails/${DEMO_EMAIL_ID}`);
  });

  it('opens the contact page and its company, titled by name, each leading back', async () => {
    await page.goto(`${env.platform.shellUrl}/contacts/${contactId}/journey`);
    await page.getByRole('link', { name: 'Contact details' }).click();
    await page.waitForURL(`**/contacts/${contactId}`);
    await page.getByRole('heading', { name: contactName, level: 1 }).waitFor({ timeout: 15_000 });
    // The tab (and so the document) is titled with the contact's name.
    await eventually(async () => expect(await page.title()).toContain(contactName));
    expect(await axeViolations(page)).toEqual([]);

    const companyLink = page.getByRole('main').getByRole('definition').getByRole('link');
    const companyName = (await companyLink.textContent())?.trim() as string;
    await companyLink.click();
    await page.getByRole('heading', { name: companyName, level: 1 }).waitFor({ timeout: 15_000 });
    await page.getByRole('region', { name: 'Contacts' }).getByRole('link', { name: contactName }).waitFor({ timeout: 15_000 });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Back to contact' }).click();
    await page.waitForURL(`**/contacts/${contactId}`);
    await page.getByRole('link', { name: 'Back to customer journey' }).click();
    await page.waitForURL(`**/contacts/${contactId}/journey`);
  });

  it('has no serious or critical violations in Czech either', async () => {
    await page.getByLabel('Language').selectOption('cs');
    await page.getByRole('heading', { name: `Cesta zákazníka: ${contactName}` }).waitFor({ timeout: 15_000 });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Údaje kontaktu' }).click();
    await page.getByRole('link', { name: 'Cesta zákazníka' }).waitFor({ timeout: 15_000 });
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('main').getByRole('definition').getByRole('link').click();
    await page.getByRole('heading', { name: 'Kontakty' }).waitFor({ timeout: 15_000 });
    expect(await axeViolations(page)).toEqual([]);

    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    await calendar('Kalendář').getByRole('button', { name: 'Nová událost' }).waitFor({ timeout: 30_000 });
    await calendar('Kalendář').getByRole('button', { name: 'Nová událost' }).click();
    await calendar('Kalendář').getByRole('textbox', { name: 'Název' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Jazyk').selectOption('en');
    await calendar().waitFor({ timeout: 30_000 });
  });

  it('starts a new email to an address of the contact from the contact page (N2)', async () => {
    const contact = await api<Contact>('crm', 'GET', `/contacts/${contactId}`);
    const address = contact.emails[0].address;
    await page.goto(`${env.platform.shellUrl}/contacts/${contactId}`);
    await page.getByRole('button', { name: `New email to ${address}` }).click();
    await page.waitForURL(/\/emails\/[0-9a-f-]{36}$/);
    const to = widgetRegion(page, 'Email').getByRole('list', { name: 'To recipients' });
    await to.getByText(address).waitFor({ timeout: 30_000 });
    await to.getByText('Contact').waitFor({ timeout: 15_000 });
  });
  it('shows an email just sent to the contact on the journey, recorded by the CRM from mail’s event', async () => {
    const contact = await api<Contact>('crm', 'GET', `/contacts/${contactId}`);
    const subject = `Journey check ${Date.now()}`;
    const draft = await api<Email>('mail', 'POST', '/drafts', { to: [{ address: contact.emails[0].address, name: contact.name }], contactId });
    const saved = await api<Email>('mail', 'PATCH', `/emails/${draft.id}`, {
      version: draft.version,
      queueId: DEMO.queues.support.id,
      subject,
      html: '<p>Your parcel left our warehouse today.</p>',
    });
    await api<Email>('mail', 'POST', `/emails/${draft.id}/send`, { version: saved.version });
    // The worker sends, mail records email.sent, the CRM's consumer records the activity.
    await eventually(async () => {
      const activities = await api<{ items: Activity[] }>('crm', 'GET', `/contacts/${contactId}/activities?kind=email`);
      // Titled as sent: with the ticket's [#number] before the subject.
      expect(activities.items.find((a) => a.title.endsWith(subject))).toMatchObject({ direction: 'out', link: `/emails/${draft.id}` });
    }, 60_000);
    await page.goto(`${env.platform.shellUrl}/contacts/${contactId}/journey`);
    // The email, and the ticket its send opened, are both on the timeline; the email leads to its page.
    const email = page.getByRole('link', { name: new RegExp(`${subject}$`) }).and(page.locator(`[href="/emails/${draft.id}"]`));
    await email.waitFor({ timeout: 15_000 });
    await page.getByRole('link', { name: new RegExp(`^#\\d+ ${subject}$`) }).waitFor({ timeout: 15_000 });
  });

  it('renames the contact in the CRM: the Tickets widget and the ticket page show the new name after the event', async () => {
    const contact = await api<Contact>('crm', 'GET', `/contacts/${contactId}`);
    const renamed = `${contact.name} Nová`;
    await api<Contact>('crm', 'PATCH', `/contacts/${contactId}`, { version: contact.version, name: renamed });
    const { ticket } = await api<EmailTicket>('tickets', 'GET', `/emails/${DEMO_EMAIL_ID}/ticket`);
    await eventually(async () => expect((await api<Ticket>('tickets', 'GET', `/tickets/${ticket.id}`)).contactName).toBe(renamed), 30_000);

    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    await widgetRegion(page, 'Tickets').getByText(renamed).first().waitFor({ timeout: 30_000 });
    await page.goto(`${env.platform.shellUrl}/tickets/${ticket.id}`);
    await page.getByRole('main').getByText(renamed).first().waitFor({ timeout: 15_000 });
  });

  it('has no serious or critical violations on the CRM home and on an SLA plan, in English and Czech', async () => {
    const contact = await api<Contact>('crm', 'GET', `/contacts/${contactId}`);
    const company = await api<Company>('crm', 'GET', `/companies/${contact.company!.id}`);
    const sla = company.slaRef as string;
    expect(sla).toBeTruthy();
    /** The CRM home with both result lists shown (C5). */
    const crmHome = async (search: string, contacts: string, companies: string) => {
      await page.goto(`${env.platform.shellUrl}/crm`);
      await page.getByRole('searchbox', { name: search }).fill(company.name);
      await page.getByRole('region', { name: contacts }).getByRole('link', { name: contact.name }).first().waitFor({ timeout: 15_000 });
      await page.getByRole('region', { name: companies }).getByRole('link', { name: company.name }).first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
    };

    await crmHome('Search contacts and companies', 'Contacts', 'Companies');
    // The SLA plan as an agent reaches it (C7): the company's SLA reference on its page.
    await page.getByRole('region', { name: 'Companies' }).getByRole('link', { name: company.name }).first().click();
    await page.getByRole('heading', { name: company.name, level: 1 }).waitFor({ timeout: 15_000 });
    await page.getByRole('main').getByRole('link', { name: sla, exact: true }).click();
    await page.waitForURL(`**/slas/${sla}`);
    await page.getByRole('heading', { name: /^SLA plan: /, level: 1 }).waitFor({ timeout: 15_000 });
    await page.getByRole('link', { name: 'Back to company' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Language').selectOption('cs');
    await page.getByRole('heading', { name: /^SLA: /, level: 1 }).waitFor({ timeout: 15_000 });
    await page.getByRole('link', { name: 'Zpět na firmu' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await crmHome('Hledat kontakty a firmy', 'Kontakty', 'Firmy');

    await page.getByLabel('Jazyk').selectOption('en');
    await page.getByRole('searchbox', { name: 'Search contacts and companies' }).waitFor({ timeout: 15_000 });
  });
});
