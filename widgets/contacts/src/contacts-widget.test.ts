import type { Activity, PlatformEvents, WidgetContext } from '@switchboard/contracts';
import { createMemoryHost, type MemoryHost } from '@switchboard/widget-sdk';
import { getButton, getByLabel, press, queryDeep, textOf, typeInto, waitFor } from '@switchboard/widget-sdk/testing';
import type { ContactsWidget } from './contacts-widget';
import { MemoryContactsApi, testContact, testId } from './testing/memory-contacts-api';
import './contacts-widget';

const EMAIL_ID = '11111111-1111-4111-8111-111111111111';
const TICKET = { id: '44444444-4444-4444-8444-444444444444', number: 1042, title: 'Refund' };
const OFFICE = 'office@acme.example';

const jana = testContact();
const petr = testContact({ name: 'Petr Svoboda', emails: [{ address: OFFICE, primary: true }], title: null });
const eva = testContact({ name: 'Eva Dvořáková', emails: [{ address: 'Office@Acme.example ', primary: true }] });

const baseContext: WidgetContext = {
  user: { id: '00000000-0000-4000-8000-000000000001', name: 'Alex Agent', locale: 'en' },
  page: 'email-detail',
  emailId: EMAIL_ID,
};

let host: MemoryHost;
let api: MemoryContactsApi;

function mount(context: Partial<WidgetContext> = {}): ContactsWidget {
  host = createMemoryHost({ context: { ...baseContext, ...context }, serviceUrl: '/api/crm' });
  api = new MemoryContactsApi([jana, petr, eva]);
  const element = document.createElement('sb-contacts-widget');
  element.host = host;
  element.api = api;
  document.body.append(element);
  return element;
}

/** The Email widget's answer: the customer's address on the page's email. */
const tellCustomer = (customer: PlatformEvents['email.participants']['customer']) =>
  host.emit('email.participants', { emailId: EMAIL_ID, customer });

const emitted = <K extends keyof PlatformEvents>(type: K) =>
  host.emitted.filter((event) => event.type === type).map((event) => event.payload as PlatformEvents[K]);

const heading = (element: Element) => textOf(queryDeep(element, 'h3')[0] ?? document.createElement('i'));
const selectedTab = (element: Element) => textOf(queryDeep(element, '[role="tab"][aria-selected="true"]')[0]!);

afterEach(() => {
  document.body.replaceChildren();
});

describe('<sb-contacts-widget>', () => {
  it("shows the ticket's contact (C1) and asks the Email widget for the customer's address", async () => {
    const element = mount({ ticket: TICKET, contactId: jana.id });

    await waitFor(() => heading(element) === 'Jana Nováková');
    expect(emitted('email.participantsRequested')).toEqual([{ emailId: EMAIL_ID }]);
    expect(textOf(element)).toContain('Acme s.r.o.');
    expect(textOf(element)).toContain('+420601234567');
    expect(textOf(element)).toContain('Paired with ticket #1042');
    expect(selectedTab(element)).toBe('Contact');
  });

  it('opens the contact, its journey (N4) and its company in the CRM module (C2) and the Home button opens the CRM (C5)', async () => {
    const element = mount({ ticket: TICKET, contactId: jana.id });
    await waitFor(() => heading(element) === 'Jana Nováková');

    getButton(element, 'Open in CRM').click();
    getButton(element, 'Customer journey').click();
    getButton(element, 'Acme s.r.o.').click();
    getButton(element, 'Open the CRM in a background tab').click();

    expect(host.openedTabs).toEqual([
      { path: `/contacts/${jana.id}`, title: 'Jana Nováková' },
      { path: `/contacts/${jana.id}/journey`, title: 'Journey: Jana Nováková' },
      { path: '/companies/33333333-3333-4333-8333-333333333333', title: 'Acme s.r.o.' },
      { path: '/crm', title: 'CRM', background: true },
    ]);
  });

  it('asks the Email widget to write to an address, for this contact (N2)', async () => {
    const element = mount({ ticket: TICKET, contactId: jana.id });
    await waitFor(() => heading(element) === 'Jana Nováková');

    getButton(element, 'Write an email to jana.novakova@customer.example').click();

    expect(emitted('email.composeRequested')).toEqual([
      { to: [{ address: 'jana.novakova@customer.example', name: 'Jana Nováková' }], contactId: jana.id },
    ]);
  });

  it('without a ticket contact, shows the first match of the address and lists the others with a chain button (C1, C6)', async () => {
    const element = mount();
    await waitFor(() => textOf(element).includes('Looking for the customer'));

    tellCustomer({ address: OFFICE, name: 'Acme office' });

    await waitFor(() => heading(element) === 'Eva Dvořáková');
    expect(api.calls).toContain(`match ${OFFICE}`);
    const matches = queryDeep(element, '.matches')[0]!;
    expect(textOf(matches)).toContain('Petr Svoboda');
    expect(textOf(matches)).not.toContain('Eva');
    expect(textOf(element)).toContain('Assign the email to a ticket to pair a contact');

    getButton(element, 'Show Petr Svoboda').click();

    await waitFor(() => heading(element) === 'Petr Svoboda');
    expect(textOf(queryDeep(element, '.matches')[0]!)).toContain('Eva Dvořáková');
  });

  it('ignores the addresses of another email', async () => {
    const element = mount();
    host.emit('email.participants', { emailId: testId(), customer: { address: OFFICE } });
    tellCustomer({ address: jana.emails[0]!.address });
    await waitFor(() => heading(element) === 'Jana Nováková');
    expect(api.calls.filter((call) => call.startsWith('match'))).toEqual([`match ${jana.emails[0]!.address}`]);
  });

  it('unpairs and pairs another contact through the Tickets widget, and follows contact.paired (C4)', async () => {
    const element = mount({ ticket: TICKET, contactId: jana.id });
    tellCustomer({ address: jana.emails[0]!.address });
    await waitFor(() => heading(element) === 'Jana Nováková');

    getButton(element, 'Unpair from ticket').click();
    expect(emitted('contact.pairRequested')).toEqual([{ emailId: EMAIL_ID, ticketId: TICKET.id, contact: null, company: null }]);
    await waitFor(() => textOf(element).includes('Pairing…'));

    getButton(element, 'Pair another contact').click();
    expect(emitted('contact.pairRequested')).toHaveLength(1);
    host.emit('contact.paired', { emailId: EMAIL_ID, ticketId: TICKET.id, contact: null, company: null });
    // Unpaired, the widget shows the contact of the customer's address again, as not the ticket's.
    await waitFor(() => textOf(element).includes('Not the ticket’s contact'));

    getButton(element, 'Pair another contact').click();
    const search = await waitFor(() => queryDeep<HTMLInputElement>(element, 'input[type="search"]')[0]);
    typeInto(search, 'petr');
    press(search, 'Enter');
    await waitFor(() => queryDeep(element, 'button[aria-label="Pair Petr Svoboda"]').length === 1);
    getButton(element, 'Pair Petr Svoboda').click();

    expect(emitted('contact.pairRequested')[1]).toEqual({
      emailId: EMAIL_ID,
      ticketId: TICKET.id,
      contact: { id: petr.id, name: 'Petr Svoboda' },
      company: { id: petr.company!.id, name: petr.company!.name },
    });
    host.emit('contact.paired', { emailId: EMAIL_ID, ticketId: TICKET.id, contact: { id: petr.id, name: petr.name }, company: null });
    await waitFor(() => heading(element) === 'Petr Svoboda' && textOf(element).includes('Paired with ticket #1042'));
  });

  it('stops waiting and tells why when the Tickets widget could not pair', async () => {
    const element = mount({ ticket: TICKET, contactId: jana.id });
    await waitFor(() => heading(element) === 'Jana Nováková');
    getButton(element, 'Unpair from ticket').click();
    await waitFor(() => textOf(element).includes('Pairing…'));

    host.emit('contact.pairFailed', { ticketId: TICKET.id, message: 'No ticket' });

    await waitFor(() => textOf(element).includes('Could not change the ticket’s contact: No ticket'));
    expect(textOf(element)).not.toContain('Pairing…');
    getButton(element, 'Unpair from ticket').click();
    expect(emitted('contact.pairRequested')).toHaveLength(2);
  });

  it('pairs a shown match with the ticket', async () => {
    const element = mount({ ticket: TICKET });
    tellCustomer({ address: OFFICE });
    await waitFor(() => heading(element) === 'Eva Dvořáková');
    expect(textOf(element)).toContain('Not the ticket’s contact');

    getButton(element, 'Pair with ticket #1042').click();

    expect(emitted('contact.pairRequested')).toEqual([
      { emailId: EMAIL_ID, ticketId: TICKET.id, contact: { id: eva.id, name: eva.name }, company: eva.company },
    ]);
  });

  it('edits the contact inline (C3), showing the service code beside the field', async () => {
    const element = mount({ ticket: TICKET, contactId: jana.id });
    await waitFor(() => heading(element) === 'Jana Nováková');
    getButton(element, 'Edit').click();

    const name = await waitFor(() => getByLabel(element, 'Name'));
    typeInto(name, 'Jana Nová');
    const emails = getByLabel<HTMLTextAreaElement>(element, 'Email addresses');
    emails.value = 'jana@customer.example\nnot-an-address';
    emails.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    getButton(element, 'Save').click();

    await waitFor(() => emails.getAttribute('aria-invalid') === 'true');
    expect(textOf(element)).toContain('Not a valid email address: not-an-address');

    emails.value = 'jana@customer.example\n';
    emails.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    getButton(element, 'Save').click();

    await waitFor(() => heading(element) === 'Jana Nová');
    expect(textOf(element)).toContain('jana@customer.example');
    expect(api.contacts.get(jana.id)).toMatchObject({ name: 'Jana Nová', version: 2 });
    expect(emitted('contact.changed')).toEqual([{ contact: { id: jana.id, name: 'Jana Nová' }, company: jana.company }]);
  });

  it('on a stale save offers their version or mine (409 CRM_VERSION_CONFLICT)', async () => {
    const element = mount({ ticket: TICKET, contactId: jana.id });
    await waitFor(() => heading(element) === 'Jana Nováková');
    getButton(element, 'Edit').click();
    const title = await waitFor(() => getByLabel(element, 'Title'));
    // Someone else saves first.
    api.contacts.set(jana.id, { ...api.contacts.get(jana.id)!, title: 'Head buyer', version: 2 });

    typeInto(title, 'Chief buyer');
    getButton(element, 'Save').click();
    await waitFor(() => textOf(element).includes('Someone else changed this contact'));

    getButton(element, 'Reload their version').click();
    await waitFor(() => getByLabel(element, 'Title').value === 'Head buyer');

    typeInto(getByLabel(element, 'Title'), 'Chief buyer');
    api.contacts.set(jana.id, { ...api.contacts.get(jana.id)!, version: 3 });
    getButton(element, 'Save').click();
    await waitFor(() => textOf(element).includes('Someone else changed this contact'));
    getButton(element, 'Keep mine').click();

    await waitFor(() => textOf(element).includes('Chief buyer') && queryDeep(element, 'sb-contact-form').length === 0);
    expect(api.calls.filter((call) => call.startsWith('update'))).toEqual([`update ${jana.id} v1`, `update ${jana.id} v2`, `update ${jana.id} v3`]);
    expect(api.contacts.get(jana.id)).toMatchObject({ title: 'Chief buyer', version: 4 });
  });

  it('opens an unknown sender on Activities and adds the contact, prefilled, then pairs it (C9)', async () => {
    const element = mount({ ticket: TICKET });
    tellCustomer({ address: 'nora.newcomer@newcomer.example', name: 'Nora Newcomer' });

    await waitFor(() => textOf(element).includes('nora.newcomer@newcomer.example is not in the CRM'));
    expect(selectedTab(element)).toBe('Activities');

    getButton(element, 'Add new contact').click();
    const name = await waitFor(() => getByLabel(element, 'Name'));
    expect(name.value).toBe('Nora Newcomer');
    expect(getByLabel<HTMLTextAreaElement>(element, 'Email addresses').value).toBe('nora.newcomer@newcomer.example');
    getButton(element, 'Save').click();

    await waitFor(() => heading(element) === 'Nora Newcomer');
    expect(selectedTab(element)).toBe('Contact');
    const [request] = emitted('contact.pairRequested');
    expect(request).toMatchObject({ ticketId: TICKET.id, contact: { name: 'Nora Newcomer' }, company: null });
    expect(api.contacts.get(request!.contact!.id)?.emails).toEqual([{ address: 'nora.newcomer@newcomer.example', primary: true }]);
  });

  it('says so when the email has no customer address (a draft without recipients)', async () => {
    const element = mount({ ticket: TICKET });
    tellCustomer(null);
    await waitFor(() => textOf(element).includes('There is no customer address on this page'));
    expect(selectedTab(element)).toBe('Contact');
    expect(() => getButton(element, 'Add new contact')).toThrow(/0 buttons/);
  });

  it('lists activities newest first, loads more, and opens an email activity (C8)', async () => {
    const element = mount({ ticket: TICKET, contactId: jana.id });
    const activity = (title: string, link: string | null): Activity => ({
      id: testId(), contactId: jana.id, kind: 'email', direction: 'in', occurredAt: '2026-02-01T10:00:00.000Z', ticketId: null,
      title, body: null, link, private: false, authorId: null, externalKey: null, createdAt: '2026-02-01T10:00:00.000Z',
    });
    const emailId = testId();
    api.activities.set(jana.id, [activity('Newest', `/emails/${emailId}`), activity('Middle', null), activity('Oldest', 'https://crm.example/a')]);
    await waitFor(() => heading(element) === 'Jana Nováková');

    getButton(element, 'Activities').click();
    const list = await waitFor(() => queryDeep(element, 'ul[aria-label]').find((ul) => textOf(ul).includes('Newest')));
    expect(list.getAttribute('aria-label')).toBe('Activities of Jana Nováková');
    expect(queryDeep(element, 'li').map((li) => textOf(li).split(' Email')[0])).toEqual(['Newest', 'Middle']);

    getButton(element, 'Load more').click();
    await waitFor(() => textOf(element).includes('Oldest'));
    expect(queryDeep(element, 'button').some((b) => textOf(b) === 'Load more')).toBe(false);
    expect(queryDeep<HTMLAnchorElement>(element, 'a[target="_blank"]')[0]?.href).toBe('https://crm.example/a');

    getButton(element, 'Open Newest').click();
    expect(host.openedTabs).toEqual([{ path: `/emails/${emailId}`, title: 'Newest' }]);
  });

  it('moves between the tabs with the arrow keys', async () => {
    const element = mount({ ticket: TICKET, contactId: jana.id });
    await waitFor(() => heading(element) === 'Jana Nováková');
    const tabs = queryDeep(element, '[role="tablist"]')[0]!;

    press(tabs, 'ArrowRight');
    await waitFor(() => selectedTab(element) === 'Activities');
    press(tabs, 'Home');
    await waitFor(() => selectedTab(element) === 'Contact');
  });

  it('speaks Czech', async () => {
    const element = mount({ ticket: TICKET, contactId: jana.id, user: { ...baseContext.user, locale: 'cs' } });
    await waitFor(() => heading(element) === 'Jana Nováková');
    expect(textOf(element)).toContain('Spárováno s tiketem #1042');
    getButton(element, 'Otevřít v CRM');
    getButton(element, 'Cesta zákazníka').click();
    expect(host.openedTabs).toEqual([{ path: `/contacts/${jana.id}/journey`, title: 'Cesta: Jana Nováková' }]);
    getButton(element, 'Napsat e-mail na jana.novakova@customer.example');
  });
});
