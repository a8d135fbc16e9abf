import type { Contact, EmailTicket, User } from '@switchboard/contracts';
import type { ReactiveControllerHost } from 'lit';
import type { ShellServices } from '../shell-services';
import { PageSession, type PageSessionInputs } from './page-session';
import { ticketsManifest } from './tickets-manifest.fixture';

const USER: User = { id: 'u1', email: 'agent@demo.test', name: 'Alice Agent', role: 'agent', locale: 'en', teams: [], queues: [] };
const EMAIL_ID = '3b0f6c1e-8d2a-4f57-9c1e-2a4b6d8f0a1c';
const LINK = {
  ticket: { id: 't1', number: 1042, title: 'Refund', contactId: 'c1', companyId: null },
} as unknown as EmailTicket;
const CONTACT = { id: 'c1', name: 'Jana Nováková', emails: [{ address: 'jana@example.cz', primary: true }, { address: 'jana@home.cz', primary: false }] };

/** The services a session uses, recording what it asked of them. */
function fakeServices(ticket: () => Promise<EmailTicket | null>, contact: (id: string) => Promise<Partial<Contact>> = async () => CONTACT) {
  const calls = { refreshes: 0, opened: [] as unknown[], retargeted: [] as unknown[], reports: [] as unknown[], read: [] as string[], contacts: [] as string[] };
  const services = {
    tickets: { emailTicket: ticket, markEmailRead: async (emailId: string) => (calls.read.push(emailId), { unread: false }) },
    crm: { contact: async (id: string) => (calls.contacts.push(id), contact(id)) },
    postponed: { refresh: async () => void (calls.refreshes += 1) },
    tabs: { open: (tab: unknown) => calls.opened.push(tab), retarget: (from: string, to: string) => calls.retargeted.push([from, to]) },
    tokens: { getToken: async () => 'token' },
    registry: { reportFailure: async (...args: unknown[]) => void calls.reports.push(args) },
    widgets: { resolve: jest.fn(), loadParcel: jest.fn(), forget: jest.fn() },
  } as unknown as ShellServices;
  return { services, calls };
}

function session(inputs: PageSessionInputs) {
  const host = { addController: jest.fn(), removeController: jest.fn(), requestUpdate: jest.fn(), updateComplete: Promise.resolve(true) };
  const navigations: string[] = [];
  const current = { ...inputs };
  const controller = new PageSession(host as unknown as ReactiveControllerHost, {
    page: 'email-detail',
    inputs: () => current,
    navigate: (path) => navigations.push(path),
  });
  return { host, controller, current, navigations };
}

describe('PageSession', () => {
  it('starts once the page knows the email, the agent and the services, and completes the context with the ticket', async () => {
    const { services } = fakeServices(async () => LINK);
    const { host, controller, current } = session({ emailId: EMAIL_ID });
    expect(host.addController).toHaveBeenCalledWith(controller);
    controller.hostUpdate();
    expect(controller.runtime).toBeUndefined();

    Object.assign(current, { user: USER, services });
    controller.hostUpdate();
    const runtime = controller.runtime;
    expect(runtime).toBeDefined();
    await runtime?.ready;
    expect(controller.ticket).toEqual({ id: 't1', number: 1042, title: 'Refund' });
    expect(host.requestUpdate).toHaveBeenCalled();
    const widget = runtime?.createHost(ticketsManifest).host;
    expect(widget?.context()).toMatchObject({ emailId: EMAIL_ID, page: 'email-detail', contactId: 'c1', ticket: { number: 1042 } });

    controller.hostUpdate();
    expect(controller.runtime).toBe(runtime);
  });

  it("marks a customer's email read when its ticket's assignee opens it, and only then (issue 13)", async () => {
    const assigned = { ticket: { ...LINK.ticket, assigneeId: USER.id } } as unknown as EmailTicket;
    const mine = fakeServices(async () => assigned);
    const opened = session({ emailId: EMAIL_ID, user: USER, services: mine.services });
    opened.controller.hostUpdate();
    await opened.controller.runtime?.ready;
    expect(mine.calls.read).toEqual([EMAIL_ID]);

    const colleagues = fakeServices(async () => ({ ticket: { ...LINK.ticket, assigneeId: 'u2' } }) as unknown as EmailTicket);
    const seen = session({ emailId: EMAIL_ID, user: USER, services: colleagues.services });
    seen.controller.hostUpdate();
    await seen.controller.runtime?.ready;
    expect(colleagues.calls.read).toEqual([]);
  });

  it("greets with the contact's name and primary email from CRM once the ticket names the contact, and follows a new contact", async () => {
    const { services, calls } = fakeServices(async () => LINK, async (id) => (id === 'c1' ? CONTACT : { id, name: 'Petr Novák', emails: [] }));
    const { controller } = session({ emailId: EMAIL_ID, user: USER, services });
    controller.hostUpdate();
    const widget = controller.runtime?.createHost({ ...ticketsManifest, emits: ['ticket.assigned'] }).host;
    const greeted = new Promise((resolve) => widget?.on('context.changed', (context) => context.contact && resolve(context.contact)));
    await controller.runtime?.ready;
    expect(await greeted).toEqual({ name: 'Jana Nováková', email: 'jana@example.cz' });
    expect(widget?.context()).toMatchObject({ contactId: 'c1', contact: { name: 'Jana Nováková' } });

    const regreeted = new Promise((resolve) => widget?.on('context.changed', (context) => context.contact?.name === 'Petr Novák' && resolve(context)));
    widget?.emit('ticket.assigned', { emailId: EMAIL_ID, ticket: { id: 't2', number: 7, title: 'Other' }, contactId: 'c2' });
    expect(await regreeted).toMatchObject({ contactId: 'c2', contact: { name: 'Petr Novák' } });
    expect(calls.contacts).toEqual(['c1', 'c2']);
  });

  it('goes on without the contact when CRM does not answer', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { services, calls } = fakeServices(async () => LINK, async () => Promise.reject(new Error('CRM down')));
    const { controller } = session({ emailId: EMAIL_ID, user: USER, services });
    controller.hostUpdate();
    await controller.runtime?.ready;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls.contacts).toEqual(['c1']);
    expect(controller.runtime?.createHost(ticketsManifest).host.context()).toMatchObject({ contactId: 'c1', ticket: { number: 1042 } });
    expect(controller.runtime?.createHost(ticketsManifest).host.context().contact).toBeUndefined();
    expect(warn).toHaveBeenCalledWith('The contact of the ticket could not be loaded', expect.any(Error));
    warn.mockRestore();
  });

  it('goes on without a ticket that fails to load, and says so', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { services } = fakeServices(() => Promise.reject(new Error('tickets down')));
    const { controller } = session({ emailId: EMAIL_ID, user: USER, services });
    controller.hostUpdate();
    await controller.runtime?.ready;
    expect(controller.ticketFailed).toBe(true);
    expect(controller.ticket).toBeUndefined();
    jest.restoreAllMocks();
  });

  it("gives widgets tabs opened from this email and navigation of this email's tab, and reports failures", async () => {
    const { services, calls } = fakeServices(async () => null);
    const { controller, navigations } = session({ emailId: EMAIL_ID, user: USER, services });
    controller.hostUpdate();
    const widget = controller.runtime!.createHost(ticketsManifest).host;
    widget.openTab({ path: '/tickets/t1', title: '#1042' });
    // C5: a tab opened in the background is added, and the page stays where it is.
    widget.openTab({ path: '/crm', title: 'CRM', background: true });
    widget.navigate('/');
    expect(calls.opened).toEqual([
      { path: '/tickets/t1', title: '#1042', opener: `/emails/${EMAIL_ID}` },
      { path: '/crm', title: 'CRM', opener: `/emails/${EMAIL_ID}` },
    ]);
    expect(calls.retargeted).toEqual([[`/emails/${EMAIL_ID}`, '/']]);
    expect(navigations).toEqual(['/tickets/t1', '/']);
    controller.runtime!.report('tickets', '1.0.0', { kind: 'mount', reason: 'x' });
    expect(calls.reports).toEqual([['tickets', '1.0.0', { kind: 'mount', reason: 'x' }]]);
  });

  it("follows the agent's language and refreshes postponed emails when one changes, until the page goes", async () => {
    const { services, calls } = fakeServices(async () => null);
    const { controller, current } = session({ emailId: EMAIL_ID, user: USER, services });
    controller.hostUpdate();
    const widget = controller.runtime!.createHost({ ...ticketsManifest, emits: ['email.changed'], listens: ['locale.changed'] }).host;
    const locales: string[] = [];
    widget.on('locale.changed', ({ locale }) => locales.push(locale));
    current.user = { ...USER, locale: 'cs' };
    controller.hostUpdate();
    expect(locales).toEqual(['cs']);
    expect(widget.context().user.locale).toBe('cs');

    widget.emit('email.changed', { emailId: EMAIL_ID, status: 'draft', postponed: true });
    expect(calls.refreshes).toBe(1);
    controller.hostDisconnected();
    widget.emit('email.changed', { emailId: EMAIL_ID, status: 'draft', postponed: false });
    expect(calls.refreshes).toBe(1);
  });
});
