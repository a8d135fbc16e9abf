import type { Email, EmailSummary, User } from '@switchboard/contracts';
import { waitFor } from '@switchboard/widget-sdk/testing';
import { start } from 'single-spa';
import { PostponedEmails } from '../mail/postponed-emails';
import { TabStore } from '../navigation/tab-store';
import type { ShellServices } from '../shell-services';
import { isolateElementTests } from './element-tests.fixture';
import './sb-app';
import type { SbApp } from './sb-app';

// As in bootstrap.ts: single-spa turns navigateToUrl() into popstate events, which sb-app follows.
start({ urlRerouteOnly: true });

const USER: User = { id: 'u1', email: 'agent@demo.test', name: 'Alice Agent', role: 'agent', locale: 'en', teams: [], queues: [] };
const DRAFT_ID = '0f8d6c4b-2a19-4e3d-8c7b-6a5f4e3d2c1b';

/** Shell services over fakes: what sb-app needs from identity, tickets and mail. */
function fakeServices(options: { createDraft?: () => Promise<Email>; devMail?: boolean; user?: User } = {}) {
  const calls = { postponed: 0, createDraft: 0, devMailChecks: 0 };
  const storage = new Map<string, string>();
  const mail = {
    createDraft: async () => {
      calls.createDraft += 1;
      return options.createDraft ? options.createDraft() : ({ id: DRAFT_ID } as Email);
    },
    postponed: async (): Promise<EmailSummary[]> => {
      calls.postponed += 1;
      return [];
    },
  };
  const services = {
    identity: {
      me: async () => options.user ?? USER,
      layout: () => new Promise(() => undefined),
      logout: async () => undefined,
    },
    tickets: { recentEmails: async () => ({ items: [] }), unreadEmails: async () => ({ items: [] }), emailTicket: async () => null },
    // The email page's own loading is not under test here: it never answers.
    registry: { page: () => new Promise(() => undefined) },
    tokens: { getToken: async () => 'token', clear: () => undefined },
    tabs: new TabStore({
      getItem: (k) => storage.get(k) ?? null,
      setItem: (k, v) => void storage.set(k, v),
      removeItem: (k) => void storage.delete(k),
    }),
    mail,
    postponed: new PostponedEmails(mail),
    devMail: {
      available: async () => {
        calls.devMailChecks += 1;
        return options.devMail ?? false;
      },
      list: async () => [],
    },
  } as unknown as ShellServices;
  return { services, calls };
}

function panel(app: SbApp): ShadowRoot {
  return app.shadowRoot?.querySelector('sb-top-panel')?.shadowRoot as ShadowRoot;
}

async function mountApp(path: string, services: ShellServices): Promise<SbApp> {
  history.replaceState(null, '', path);
  const app = document.createElement('sb-app') as SbApp;
  app.services = services;
  document.body.append(app);
  await waitFor(() => Boolean(app.shadowRoot?.querySelector('sb-top-panel')));
  return app;
}

isolateElementTests();

describe('sb-app: mail in the static panel', () => {
  it('creates a draft with New email and opens it in a new tab (N1)', async () => {
    const { services, calls } = fakeServices();
    const app = await mountApp('/', services);
    (panel(app).querySelector('button.new') as HTMLButtonElement).click();

    await waitFor(() => location.pathname === `/emails/${DRAFT_ID}`);
    expect(calls.createDraft).toBe(1);
    await waitFor(() => services.tabs.tabs.some((tab) => tab.path === `/emails/${DRAFT_ID}`));
  });

  it('replaces /emails/new with the created draft, keeping no /emails/new entry', async () => {
    const { services, calls } = fakeServices();
    const before = history.length;
    await mountApp('/emails/new', services);
    await waitFor(() => location.pathname === `/emails/${DRAFT_ID}`);
    expect(history.length).toBe(before);
    expect(calls.createDraft).toBe(1);
    expect(services.tabs.tabs.map((tab) => tab.path)).toEqual([`/emails/${DRAFT_ID}`]);
  });

  it('says so in the banner when the draft cannot be created, and stays where it was', async () => {
    const { services } = fakeServices({ createDraft: () => Promise.reject(new Error('mail is down')) });
    const app = await mountApp('/', services);
    (panel(app).querySelector('button.new') as HTMLButtonElement).click();
    await waitFor(() => panel(app).querySelector('[role=alert]') !== null);
    expect(panel(app).querySelector('[role=alert]')?.textContent).toBe('A new email could not be created.');
    expect(location.pathname).toBe('/');
  });

  it('links to Sent mail only when the gateway runs the dev mail sink, and only for an administrator', async () => {
    const withSink = await mountApp('/', fakeServices({ devMail: true, user: { ...USER, role: 'admin' } }).services);
    await waitFor(() => panel(withSink).querySelector('a.bar-link') !== null);
    expect(panel(withSink).querySelector('a.bar-link')?.getAttribute('href')).toBe('/dev/mail');
    expect(panel(withSink).querySelector('a.bar-link')?.textContent).toBe('Sent mail');
    document.body.replaceChildren();

    const { services, calls } = fakeServices({ devMail: false });
    const without = await mountApp('/', services);
    await waitFor(() => calls.devMailChecks === 1);
    await without.updateComplete;
    expect(panel(without).querySelector('a.bar-link')).toBeNull();
    document.body.replaceChildren();

    const agent = fakeServices({ devMail: true });
    const forAgent = await mountApp('/', agent.services);
    await waitFor(() => agent.calls.devMailChecks === 1);
    await forAgent.updateComplete;
    expect(panel(forAgent).querySelector('a.bar-link')).toBeNull();
  });

  it('links every agent to the Knowledge base, which opens in a closable tab', async () => {
    const { services } = fakeServices();
    const app = await mountApp('/', services);
    const link = panel(app).querySelector<HTMLAnchorElement>('a.module-link[href="/kb"]');
    expect(link?.getAttribute('href')).toBe('/kb');
    expect(link?.textContent).toBe('Knowledge base');
    link!.click();
    await waitFor(() => location.pathname === '/kb' && services.tabs.tabs.some((tab) => tab.path === '/kb'));
    await waitFor(() => panel(app).querySelector('[role=tab][aria-selected=true]')?.textContent === 'Knowledge base');
    expect(link?.getAttribute('aria-current')).toBe('page');
    (panel(app).querySelector('button.close.selected') as HTMLButtonElement).click();
    await waitFor(() => location.pathname === '/');
    expect(services.tabs.tabs).toEqual([]);
  });

  it('links administrators, and no one else, to the sites Page in page may show and to inbound mail', async () => {
    const asAdmin = await mountApp('/', fakeServices({ user: { ...USER, role: 'admin' } }).services);
    await waitFor(() => panel(asAdmin).querySelector('a.module-link[href="/admin/frame-origins"]')?.textContent === 'Framed sites');
    expect(panel(asAdmin).querySelector('a.module-link[href="/admin/inbound"]')?.textContent).toBe('Inbound mail');
    document.body.replaceChildren();
    const asAgent = await mountApp('/', fakeServices().services);
    await waitFor(() => panel(asAgent).querySelector('a.module-link[href="/kb"]') !== null);
    expect(panel(asAgent).querySelector('a.module-link[href="/admin/frame-origins"]')).toBeNull();
    expect(panel(asAgent).querySelector('a.module-link[href="/admin/inbound"]')).toBeNull();
  });

  it('refreshes the postponed count at sign-in and whenever the browser tab gains focus', async () => {
    const { services, calls } = fakeServices();
    await mountApp('/', services);
    await waitFor(() => calls.postponed === 1);
    window.dispatchEvent(new Event('focus'));
    await waitFor(() => calls.postponed === 2);
  });
});
