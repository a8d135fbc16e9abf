import { demoEmailId, DEMO_SHARED_ADDRESS_EMAIL, DEMO_UNKNOWN_SENDER_EMAIL, type Contact, type ContactMatch, type Email, type EmailTicket } from '@switchboard/contracts';
import type { Locator, Page } from 'playwright-core';
import { serviceCall } from './support/api';
import { launchBrowser, login, runAxe, type TestBrowser } from './support/browser';
import { DEMO_EMAIL_ID, openEmailPage, widgetRegion } from './support/email-page';
import { eventually } from './support/eventually';
import { startTestPlatform, type TestPlatform } from './support/platform';

let env: TestPlatform;
let browser: TestBrowser;
let page: Page;

/** Calls a service through the gateway with a token of its audience, as the signed-in agent. */
const api = <T>(audience: string, path: string) => serviceCall<T>(page, env.platform.shellUrl, audience, path);

const ticketOf = (emailId: string) => api<EmailTicket>('tickets', `/emails/${emailId}/ticket`).then((link) => link.ticket);

/** Whether an axe node target (a path through shadow hosts) lies inside one of the CRM widgets. */
const inWidgets = (target: unknown) => /sb-(contacts|companies)-widget/.test(JSON.stringify(target));

/** The serious and critical axe violations inside the CRM widgets, as readable lines. */
async function crmWidgetViolations(): Promise<string[]> {
  return (await runAxe(page))
    .map((v) => ({ id: v.id, nodes: v.nodes.filter((n) => inWidgets(n.target)) }))
    .filter((v) => v.nodes.length > 0)
    .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

const contacts = (title = 'Contact') => widgetRegion(page, title);
const companies = (title = 'Company') => widgetRegion(page, title);
const heading = (region: Locator, name: string) => region.getByRole('heading', { name, exact: true, level: 3 });
const assignedCard = () => widgetRegion(page, 'Tickets').getByRole('region', { name: 'Assigned ticket' });

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

describe('the Contacts and Companies widgets on the email page', () => {
  let contact: Contact;

  it("shows the demo email's contact and company (C1)", async () => {
    const ticket = await ticketOf(DEMO_EMAIL_ID);
    expect(ticket.contactId).not.toBeNull();
    contact = await api<Contact>('crm', `/contacts/${ticket.contactId}`);
    const email = await api<Email>('mail', `/emails/${DEMO_EMAIL_ID}`);
    // The demo's sender is its ticket's contact.
    expect(contact.emails.map((e) => e.address)).toContain(email.from?.address);

    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    await heading(contacts(), contact.name).waitFor({ timeout: 30_000 });
    await heading(companies(), contact.company!.name).waitFor({ timeout: 30_000 });
    await contacts().getByText(`Paired with ticket #${ticket.number}`).waitFor();
  });

  it('opens the contact in the CRM and comes back to the intact email, by the back link and by the tab (C2)', async () => {
    const email = await api<Email>('mail', `/emails/${DEMO_EMAIL_ID}`);
    const ticket = await ticketOf(DEMO_EMAIL_ID);
    const contactPage = async () => {
      await page.waitForURL(`**/contacts/${contact.id}`);
      await page.getByRole('heading', { name: contact.name, level: 1 }).waitFor({ timeout: 15_000 });
      await page.getByRole('tab', { name: contact.name, exact: true, selected: true }).waitFor();
    };
    /** The email page as the agent left it: its subject, the Email widget's ticket, the contact card, the assigned ticket. */
    const emailPage = async () => {
      await page.waitForURL(`**/emails/${DEMO_EMAIL_ID}`);
      await page.getByRole('main').getByRole('heading', { name: email.subject, exact: true, level: 1 }).waitFor({ timeout: 15_000 });
      await widgetRegion(page, 'Email').getByText(ticket.title).first().waitFor({ timeout: 30_000 });
      await heading(contacts(), contact.name).waitFor({ timeout: 30_000 });
      await contacts().getByText(`Paired with ticket #${ticket.number}`).waitFor();
      await assignedCard().getByText(contact.name).waitFor({ timeout: 30_000 });
    };

    await contacts().getByRole('button', { name: 'Open in CRM' }).click();
    await contactPage();
    await page.getByRole('link', { name: 'Back to email' }).click();
    await emailPage();

    await page.getByRole('tab', { name: contact.name, exact: true }).click();
    await contactPage();
    // The email's tab, titled by its subject and ticket.
    await page.getByRole('tab', { name: `${email.subject} · #${ticket.number}`, exact: true }).click();
    await emailPage();
  });

  it("opens the contact's customer journey in one click from the Contacts widget and from a ticket row (N4)", async () => {
    const journey = async () => {
      await page.waitForURL(`**/contacts/${contact.id}/journey`);
      await page.getByRole('heading', { name: `Customer journey: ${contact.name}`, level: 1 }).waitFor({ timeout: 15_000 });
      await page.getByRole('link', { name: 'Back to email' }).click();
      await heading(contacts(), contact.name).waitFor({ timeout: 30_000 });
    };
    await contacts().getByRole('button', { name: 'Customer journey', exact: true }).click();
    await journey();

    const ticket = await ticketOf(DEMO_EMAIL_ID);
    const tickets = widgetRegion(page, 'Tickets');
    await assignedCard().getByRole('button', { name: 'Change ticket' }).click();
    await tickets.getByRole('searchbox', { name: 'Search tickets' }).fill(String(ticket.number));
    // The row is in a shadow root, which role locators pierce (hasText does not).
    const row = tickets.getByRole('listitem').filter({ has: page.getByRole('button', { name: `Favourite #${ticket.number}`, exact: true }) });
    await row.getByRole('button', { name: `Customer journey: ${contact.name}`, exact: true }).click();
    await journey();
  });

  it('opens a prefilled new email from the envelope beside an address (N2)', async () => {
    const address = contact.emails[0]!.address;
    await contacts().getByRole('button', { name: `Write an email to ${address}` }).click();
    await page.waitForURL((url) => /^\/emails\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(DEMO_EMAIL_ID), { timeout: 15_000 });
    const draftId = new URL(page.url()).pathname.split('/').pop()!;
    const draft = await api<Email>('mail', `/emails/${draftId}`);
    expect(draft).toMatchObject({ status: 'draft', contactId: contact.id });
    expect(draft.to.map((to) => to.address)).toEqual([address]);
    await widgetRegion(page, 'Email').getByText(address).first().waitFor({ timeout: 15_000 });
  });

  it('unpairs the contact and pairs another; the Tickets widget and the Email header follow (C4)', async () => {
    const other = await ticketOf(demoEmailId(3));
    const otherName = other.contactName!;
    // Demo names repeat; the address picks the one contact.
    const otherAddress = (await api<Email>('mail', `/emails/${demoEmailId(3)}`)).from!.address;
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    await assignedCard().getByText(contact.name).waitFor({ timeout: 30_000 });

    await contacts().getByRole('button', { name: 'Unpair from ticket' }).click();
    await contacts().getByText('Not the ticket’s contact').waitFor({ timeout: 15_000 });
    await eventually(async () => expect(await assignedCard().getByText(contact.name).count()).toBe(0));
    await widgetRegion(page, 'Email').getByText('No contact on the ticket').waitFor();
    await eventually(async () => expect((await ticketOf(DEMO_EMAIL_ID)).contactId).toBeNull());

    await contacts().getByRole('button', { name: 'Pair another contact' }).click();
    const search = contacts().getByRole('searchbox', { name: 'Search contacts' });
    await search.fill(otherAddress);
    await search.press('Enter');
    await contacts().getByRole('button', { name: `Pair ${otherName}` }).click();

    await assignedCard().getByText(otherName).waitFor({ timeout: 15_000 });
    await widgetRegion(page, 'Email').getByText(`Contact: ${otherName}`).waitFor();
    await heading(contacts(), otherName).waitFor();
    const paired = await ticketOf(DEMO_EMAIL_ID);
    expect(paired).toMatchObject({ contactId: other.contactId, contactName: otherName, companyId: other.companyId });
    await assignedCard().getByRole('button', { name: 'Customer journey' }).waitFor();
  });

  it("lists the contact's activities newest first and opens an email activity's page (C8)", async () => {
    // Demo email 1's ticket is now paired with the sender of demo email 3, whose email is an activity.
    const email3 = await api<Email>('mail', `/emails/${demoEmailId(3)}`);
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    await contacts().getByRole('tab', { name: 'Activities' }).click();
    const open = contacts().getByRole('button', { name: `Open ${email3.subject}` });
    await open.first().waitFor({ timeout: 15_000 });
    const times = await contacts().locator('time').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('datetime') ?? ''));
    expect(times.length).toBeGreaterThan(0);
    expect(times).toEqual([...times].sort().reverse());

    await open.first().click();
    await page.waitForURL(`**/emails/${demoEmailId(3)}`, { timeout: 15_000 });
  });

  it('lists both contacts of a shared address and switches with the chain button (C6)', async () => {
    const emailId = demoEmailId(DEMO_SHARED_ADDRESS_EMAIL);
    const email = await api<Email>('mail', `/emails/${emailId}`);
    const { items } = await api<ContactMatch>('crm', `/contacts/match?email=${encodeURIComponent(email.from!.address)}`);
    expect(items.length).toBeGreaterThanOrEqual(2);
    const ticket = await ticketOf(emailId);
    const [shown, other] = [items.find((c) => c.id === ticket.contactId)!, items.find((c) => c.id !== ticket.contactId)!];

    await openEmailPage(page, env.platform.shellUrl, emailId);
    await heading(contacts(), shown.name).waitFor({ timeout: 30_000 });
    await contacts().getByRole('heading', { name: 'Other contacts with this address' }).waitFor();
    await contacts().getByRole('button', { name: `Show ${other.name}` }).click();
    await heading(contacts(), other.name).waitFor({ timeout: 15_000 });
    await contacts().getByRole('button', { name: `Show ${shown.name}` }).waitFor();
  });

  it('opens an unknown sender on Activities and adds the contact, which pairs the ticket (C9)', async () => {
    const emailId = demoEmailId(DEMO_UNKNOWN_SENDER_EMAIL);
    const email = await api<Email>('mail', `/emails/${emailId}`);
    await openEmailPage(page, env.platform.shellUrl, emailId);
    await contacts().getByText(`${email.from!.address} is not in the CRM`).waitFor({ timeout: 30_000 });
    expect(await contacts().getByRole('tab', { name: 'Activities' }).getAttribute('aria-selected')).toBe('true');

    await contacts().getByRole('button', { name: 'Add new contact' }).click();
    await eventually(async () => expect(await contacts().getByRole('textbox', { name: 'Name' }).inputValue()).toBe(email.from!.name));
    await contacts().getByRole('button', { name: 'Save' }).click();

    await heading(contacts(), email.from!.name!).waitFor({ timeout: 15_000 });
    await assignedCard().getByText(email.from!.name!).waitFor({ timeout: 15_000 });
    expect((await ticketOf(emailId)).contactName).toBe(email.from!.name);
  });

  it('edits the contact inline: the Tickets widget shows the new name at once, the ticket page after the event (C3)', async () => {
    const renamed = 'Nora Newcomer-Nováková';
    await contacts().getByRole('button', { name: 'Edit' }).click();
    await contacts().getByRole('textbox', { name: 'Name' }).fill(renamed);
    await contacts().getByRole('textbox', { name: 'Email addresses' }).fill('not an address');
    await contacts().getByRole('button', { name: 'Save' }).click();
    await contacts().getByText('Not a valid email address: not an address').waitFor({ timeout: 15_000 });
    await contacts().getByRole('textbox', { name: 'Email addresses' }).fill('nora.newcomer@newcomer.example');
    await contacts().getByRole('button', { name: 'Save' }).click();

    await heading(contacts(), renamed).waitFor({ timeout: 15_000 });
    await assignedCard().getByText(renamed).waitFor({ timeout: 15_000 });

    // The ticket's own copy of the name follows through the CRM's event (decision 0002).
    const emailId = demoEmailId(DEMO_UNKNOWN_SENDER_EMAIL);
    const ticket = await ticketOf(emailId);
    await eventually(async () => expect((await ticketOf(emailId)).contactName).toBe(renamed), 30_000);
    await assignedCard().getByRole('button', { name: 'Open in Tickets' }).click();
    await page.waitForURL(`**/tickets/${ticket.id}`);
    await page.getByRole('main').getByRole('definition').getByText(renamed, { exact: true }).waitFor({ timeout: 15_000 });
    // Back on the email, a fresh Tickets widget reads the ticket's copy, not the page's contact.changed.
    await page.getByRole('link', { name: 'Back to email' }).click();
    await page.waitForURL(`**/emails/${emailId}`);
    await assignedCard().getByText(renamed).waitFor({ timeout: 30_000 });
  });

  it('has no serious or critical axe violations in either widget, in English and Czech', async () => {
    await openEmailPage(page, env.platform.shellUrl, demoEmailId(DEMO_SHARED_ADDRESS_EMAIL));
    await contacts().getByRole('heading', { name: 'Other contacts with this address' }).waitFor({ timeout: 30_000 });
    await companies().getByRole('button', { name: 'Open in CRM' }).waitFor({ timeout: 30_000 });
    expect(await crmWidgetViolations()).toEqual([]);
    // The filter is not vacuous: axe names the widgets' own buttons through their shadow hosts.
    const checked = await page.evaluate(async () => {
      const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<{ passes: { nodes: { target: unknown }[] }[] }> } };
      const results = await axe.run(document, { runOnly: ['button-name'] });
      return results.passes.flatMap((rule) => rule.nodes.map((node) => JSON.stringify(node.target)));
    });
    expect(checked.filter((target) => /sb-contacts-widget/.test(target)).length).toBeGreaterThan(3);
    expect(checked.some((target) => /sb-companies-widget/.test(target))).toBe(true);
    await contacts().getByRole('button', { name: 'Edit' }).click();
    await contacts().getByRole('textbox', { name: 'Name' }).waitFor();
    expect(await crmWidgetViolations()).toEqual([]);

    await page.getByLabel('Language').selectOption('cs');
    await contacts('Kontakt').getByRole('heading', { name: 'Upravit kontakt' }).waitFor({ timeout: 15_000 });
    expect(await crmWidgetViolations()).toEqual([]);
    await contacts('Kontakt').getByRole('button', { name: 'Zrušit' }).click();
    await contacts('Kontakt').getByRole('tab', { name: 'Aktivity' }).click();
    await companies('Společnost').getByRole('button', { name: 'Otevřít v CRM' }).waitFor({ timeout: 15_000 });
    expect(await crmWidgetViolations()).toEqual([]);
    await page.getByLabel('Jazyk').selectOption('en');
  });
});
