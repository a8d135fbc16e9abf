import type { WidgetContext } from '@switchboard/contracts';
import { createMemoryHost, type MemoryHost } from '@switchboard/widget-sdk';
import { textOf, waitFor } from '@switchboard/widget-sdk/testing';
import type { EmailWidget } from './email-widget';
import { CONTACT_ID, draft, EMAIL_ID, FakeMail, TICKET } from './testing/fake-mail';
import { baseContext } from './testing/mount';
import parcel from './widget';

let host: MemoryHost;
let domElement: HTMLElement;

/** Mounts the widget the way the shell does: through the parcel, with `fetch` answered by the fake. */
async function mount(mail: FakeMail, context: WidgetContext = baseContext): Promise<EmailWidget> {
  jest.spyOn(globalThis, 'fetch').mockImplementation(mail.fetch);
  host = createMemoryHost({ context, serviceUrl: '/api/mail', token: 'mail-token' });
  domElement = document.createElement('div');
  document.body.append(domElement);
  await parcel.mount({ domElement, host, settings: {} });
  const element = domElement.querySelector('sb-email-widget') as EmailWidget;
  await element.updateComplete;
  return element;
}

const ticketLine = (element: EmailWidget) => element.shadowRoot?.querySelector('[part="ticket"]');

afterEach(async () => {
  await parcel.unmount({ domElement });
  domElement.remove();
  sessionStorage.clear();
  jest.restoreAllMocks();
});

describe('<sb-email-widget> and the CRM widgets (C1, C4, N2)', () => {
  const customer = { address: 'jana.novakova@customer.example', name: 'Jana Nováková' };
  const participants = () => host.emitted.filter((e) => e.type === 'email.participants').map((e) => e.payload);

  it('tells the sender of a received email as the customer, on load and when asked', async () => {
    await mount(new FakeMail(draft({ status: 'received', direction: 'inbound', from: customer, to: [{ address: 'support@acme.test' }] })));
    await waitFor(() => participants().length === 1);
    expect(participants()).toEqual([{ emailId: EMAIL_ID, customer }]);

    host.emit('email.participantsRequested', { emailId: '00000000-0000-4000-8000-00000000dead' });
    host.emit('email.participantsRequested', { emailId: EMAIL_ID });
    expect(participants()).toHaveLength(2);
  });

  it('tells what the email is about, as plain text, on load and when asked (A1: the Articles widget suggests from it)', async () => {
    const topics = () => host.emitted.filter((e) => e.type === 'email.topic').map((e) => e.payload);
    const html = '<p>My laptop <strong>stopped</strong> working</p><p>after   the update.</p>';
    await mount(new FakeMail(draft({ status: 'received', direction: 'inbound', from: customer, subject: 'Laptop broken', html })));
    await waitFor(() => topics().length === 1);
    expect(topics()).toEqual([{ emailId: EMAIL_ID, subject: 'Laptop broken', text: 'My laptop stopped working after the update.' }]);
    host.emit('email.topicRequested', { emailId: EMAIL_ID });
    expect(topics()).toHaveLength(2);
  });

  it('tells the first To of an outgoing email', async () => {
    await mount(new FakeMail(draft({ from: { address: 'support@acme.test' }, to: [customer, { address: 'b@x.example' }] })));
    await waitFor(() => participants().length === 1);
    expect(participants()).toEqual([{ emailId: EMAIL_ID, customer }]);
  });

  it('starts a new email another widget asks for and opens it in a new tab (N2)', async () => {
    const mail = new FakeMail(draft());
    await mount(mail);
    host.emit('email.composeRequested', { to: [customer], contactId: CONTACT_ID });

    await waitFor(() => host.openedTabs.length === 1);
    const [post] = mail.calls('POST').filter((r) => r.url.pathname === '/api/mail/drafts');
    expect(post?.body).toEqual({ to: [customer], contactId: CONTACT_ID });
    expect(host.openedTabs[0]?.path).toMatch(/^\/emails\/[0-9a-f-]{36}$/);
    expect(host.openedTabs[0]?.title).toBe('New email');
  });

  it("shows the ticket's contact once a CRM widget re-pairs it (C4)", async () => {
    const element = await mount(new FakeMail(draft()), { ...baseContext, ticket: TICKET });
    await waitFor(() => ticketLine(element));
    const contactLine = () => element.shadowRoot?.querySelector('[part="contact"]');
    expect(contactLine()).toBeNull();

    host.emit('contact.paired', { ticketId: TICKET.id, contact: { id: CONTACT_ID, name: 'Petr Svoboda' }, company: null });
    await waitFor(() => contactLine());
    expect(textOf(contactLine()!)).toBe('Contact: Petr Svoboda');

    host.emit('contact.paired', { ticketId: TICKET.id, contact: null, company: null });
    await waitFor(() => textOf(contactLine()!) === 'No contact on the ticket');
  });
});

describe('<sb-email-widget> header (E1)', () => {
  it('shows "No ticket assigned yet", then the ticket from the context once assigned', async () => {
    const element = await mount(new FakeMail(draft()));
    expect(textOf(element.shadowRoot!.querySelector('header')!)).toBe('No ticket assigned yet');

    host.setContext({ ticket: TICKET });
    await waitFor(() => ticketLine(element));
    expect(textOf(ticketLine(element)!)).toBe('#1042 – Refund for order 7781');
  });

  it('follows ticket.assigned for its email and ignores other emails', async () => {
    const element = await mount(new FakeMail(draft()));
    host.emit('ticket.assigned', { emailId: '00000000-0000-4000-8000-00000000dead', ticket: { ...TICKET, number: 1 } });
    await element.updateComplete;
    expect(ticketLine(element)).toBeNull();

    host.emit('ticket.assigned', { emailId: EMAIL_ID, ticket: TICKET });
    await waitFor(() => ticketLine(element));
    expect(textOf(ticketLine(element)!)).toBe('#1042 – Refund for order 7781');
  });

  it('inserts text another widget sends with composer.insertText, and autosaves it', async () => {
    const mail = new FakeMail(draft());
    const element = await mount(mail);
    const composer = await waitFor(() => element.shadowRoot?.querySelector('sb-email-composer'));
    await waitFor(() => composer.shadowRoot?.querySelector('sb-rich-editor')?.shadowRoot?.querySelector('[role="textbox"]'));
    host.emit('composer.insertText', { text: 'Order 7781 shipped on 2 May.' });
    await waitFor(() => mail.calls('PATCH').length === 1, 5_000);
    expect(String((mail.calls('PATCH')[0].body as { html?: string }).html)).toContain('Order 7781 shipped on 2 May.');
  });

  it('inserts HTML another widget sends with composer.insertHtml, kept to the body schema, and autosaves it', async () => {
    const mail = new FakeMail(draft());
    const element = await mount(mail);
    const composer = await waitFor(() => element.shadowRoot?.querySelector('sb-email-composer'));
    await waitFor(() => composer.shadowRoot?.querySelector('sb-rich-editor')?.shadowRoot?.querySelector('[role="textbox"]'));
    host.emit('composer.insertHtml', { html: '<p>Hello <strong>Jana</strong>,</p><script>alert(1)</script>' });
    await waitFor(() => mail.calls('PATCH').length === 1, 5_000);
    const saved = String((mail.calls('PATCH')[0].body as { html?: string }).html);
    expect(saved).toContain('Hello <strong>Jana</strong>,');
    expect(saved).not.toContain('script');
  });

  it("uses the email's own ticket and follows the language", async () => {
    const mail = new FakeMail(draft({ ticket: { ...TICKET, number: 7, title: 'Hello' } }));
    const element = await mount(mail);
    await waitFor(() => ticketLine(element));
    expect(mail.requests[0].authorization).toBe('Bearer mail-token');
    expect(textOf(ticketLine(element)!)).toBe('#7 – Hello');

    host.setContext({ user: { ...baseContext.user, locale: 'cs' } });
    await element.updateComplete;
    await waitFor(() => textOf(element).includes('Předmět'));
    // The frame heads the widget (one heading per widget): no "Email" of its own above the composer.
    expect(element.shadowRoot?.querySelector('h1, h2, h3')).toBeNull();
  });
});
