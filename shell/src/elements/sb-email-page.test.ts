import type { HostApi, LoadFailureBody, PageComposition, PageWidget, SaveLayoutBody, TicketRef, User } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import { queryDeep, textOf, waitFor } from '@switchboard/widget-sdk/testing';
import type { LitElement } from 'lit';
import type { ParcelConfigObject } from 'single-spa';
import { emailPath } from '../navigation/routes';
import { TabStore } from '../navigation/tab-store';
import type { ShellServices } from '../shell-services';
import { optionalManifest, pageWidget } from '../widgets/page-widget.fixture';
import { ticketsManifest } from '../widgets/tickets-manifest.fixture';
import { memoryStorage } from '../widgets/memory-storage.fixture';
import { WidgetOverrides } from '../widgets/widget-overrides';
import type { ResolvedWidget, WidgetSource } from '../widgets/widget-loader';
import { isolateElementTests } from './element-tests.fixture';
import './sb-email-page';
import type { SbEmailPage } from './sb-email-page';
import type { SbWidgetFrame } from './sb-widget-frame';

const USER: User = { id: 'u1', email: 'agent@demo.test', name: 'Alice Agent', role: 'agent', locale: 'en', teams: [], queues: [] };
const EMAIL_ID = '3b0f6c1e-8d2a-4f57-9c1e-2a4b6d8f0a1c';

const email = pageWidget({
  ...ticketsManifest,
  name: 'email',
  federationName: 'switchboard_email',
  service: 'mail',
  emits: ['email.topic'],
  title: { en: 'Email', cs: 'E-mail' },
});
const tickets = pageWidget(ticketsManifest);
const orders = pageWidget(optionalManifest('order-lookup', 'Order lookup'), { settings: { shop: 'demo' } });
const notes = pageWidget(optionalManifest('notes', 'Notes'), { hidden: true });
const ALL = [email, tickets, orders, notes];

const composition = (widgets: PageWidget[], layoutVersion = 2): PageComposition => ({
  page: 'email-detail',
  layoutVersion,
  layoutSource: 'team',
  environment: 'production',
  widgets,
});

/** The registry as the page uses it, answering saves from a queue; records bodies and reports. */
function fakeRegistry(initial: PageComposition) {
  const saves: SaveLayoutBody[] = [];
  const reports: Array<[string, string, LoadFailureBody]> = [];
  const answers: Array<(body: SaveLayoutBody) => Promise<PageComposition>> = [];
  const accept = async (body: SaveLayoutBody) =>
    composition(
      body.widgets.map((item) => ({ ...ALL.find((w) => w.widget === item.widget)!, hidden: item.hidden ?? false, region: item.region, collapsed: item.collapsed })),
      body.version + 1,
    );
  return {
    saves,
    reports,
    answers,
    client: {
      page: async () => initial,
      saveLayout: async (_page: string, body: SaveLayoutBody) => {
        saves.push(JSON.parse(JSON.stringify(body)) as SaveLayoutBody);
        return (answers.shift() ?? accept)(body);
      },
      resetLayout: async () => composition([email, tickets, { ...orders, hidden: true }, notes], 0),
      reportFailure: async (widget: string, version: string, body: LoadFailureBody) => void reports.push([widget, version, body]),
    },
  };
}

/** Every widget mounts a paragraph naming itself; counts mounts per widget. The Email widget tells `subject` (`email.topic`) when given. */
function fakeLoader(mounts: Map<string, number>, preloaded: string[], fail: Set<string> = new Set(), subject?: string) {
  const resolve = async (source: WidgetSource): Promise<ResolvedWidget> => {
    const widget = source.widget ?? pageWidget(optionalManifest(source.kind === 'override' ? source.name : 'x', 'Dev build'));
    return { manifest: widget.manifest, entryUrl: widget.entryUrl, integrity: widget.integrity };
  };
  const loadParcel = async ({ manifest }: ResolvedWidget): Promise<ParcelConfigObject> => {
    if (fail.has(manifest.name)) throw new Error(`${manifest.name} exploded`);
    return {
      bootstrap: async () => undefined,
      mount: async ({ domElement, host }) => {
        mounts.set(manifest.name, (mounts.get(manifest.name) ?? 0) + 1);
        if (manifest.name === 'email' && subject !== undefined) (host as HostApi).emit('email.topic', { emailId: EMAIL_ID, subject, text: '' });
        const p = document.createElement('p');
        p.textContent = `${manifest.name} widget`;
        (domElement as HTMLElement).append(p);
      },
      unmount: async ({ domElement }) => (domElement as HTMLElement).replaceChildren(),
    };
  };
  const preload = (widgets: readonly PageWidget[]) => void preloaded.push(...widgets.map((w) => w.widget));
  return { resolve, loadParcel, forget: () => undefined, preload };
}

async function openPage(
  initial = composition([email, tickets, orders, notes]),
  options: { overrides?: Record<string, string>; fail?: string[]; subject?: string; ticket?: TicketRef } = {},
) {
  const registry = fakeRegistry(initial);
  const mounts = new Map<string, number>();
  const preloaded: string[] = [];
  const overrides = new WidgetOverrides(memoryStorage());
  const tabs = new TabStore(memoryStorage());
  tabs.open({ path: emailPath(EMAIL_ID) });
  for (const [name, url] of Object.entries(options.overrides ?? {})) overrides.set(name, url);
  const services = {
    registry: registry.client,
    tickets: { emailTicket: async () => (options.ticket ? { ticket: options.ticket } : null) },
    widgets: fakeLoader(mounts, preloaded, new Set(options.fail), options.subject),
    overrides,
    tokens: { getToken: async () => 'token' },
    tabs,
    postponed: { refresh: async () => undefined },
  } as unknown as ShellServices;
  const page = document.createElement('sb-email-page') as SbEmailPage;
  page.emailId = EMAIL_ID;
  page.user = USER;
  page.services = services;
  document.body.append(page);
  await waitFor(() => performance.getEntriesByName('sb:widgets-ready').length > 0);
  return { page, registry, mounts, overrides, tabs, preloaded };
}

// The page is made of elements with their own shadow roots (toolbar, grid, frames, edit bars): look into all of them.
const frames = (page: SbEmailPage) => queryDeep<SbWidgetFrame>(page, 'sb-widget-frame');
const frameNames = (page: SbEmailPage) => frames(page).map((f) => f.widgetTitle);
const frame = (page: SbEmailPage, title: string) => frames(page).find((f) => f.widgetTitle === title) as SbWidgetFrame;
const byName = (scope: ParentNode, name: string) =>
  queryDeep<HTMLButtonElement>(scope, 'button').find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name);
const inFrame = (page: SbEmailPage, title: string, name: string) => byName(frame(page, title), name);
const regionOf = (page: SbEmailPage, title: string) => (frame(page, title).parentElement as HTMLElement).dataset.region;
const status = (page: SbEmailPage) => queryDeep(page, '[role=status].status')[0]?.textContent?.trim();

/** Waits until the page and the elements inside it, level by level, have rendered. */
async function rendered(page: SbEmailPage) {
  await page.updateComplete;
  for (const tag of ['sb-layout-toolbar', 'sb-widget-grid', 'sb-widget-frame', 'sb-frame-edit-bar']) {
    await Promise.all(queryDeep<LitElement>(page, tag).map((element) => element.updateComplete));
  }
}

async function startEditing(page: SbEmailPage) {
  const toggle = byName(page, 'Edit layout') as HTMLButtonElement;
  expect(toggle.getAttribute('aria-pressed')).toBe('false');
  toggle.click();
  // The editor's elements arrive on demand: the toggle turns on once they are there.
  await waitFor(() => toggle.getAttribute('aria-pressed') === 'true');
  await rendered(page);
}

isolateElementTests();

describe('sb-email-page', () => {
  it('shows the shown widgets of the composition in order, from one registry request', async () => {
    const { page, mounts } = await openPage();
    expect(frameNames(page)).toEqual(['Email', 'Tickets', 'Order lookup']);
    await waitFor(() => mounts.size === 3);
    expect(byName(page, 'Reset to team layout')).toBeUndefined();
  });

  it('puts the first widget in the main region and the others in the side region', async () => {
    const { page } = await openPage();
    expect(['Email', 'Tickets', 'Order lookup'].map((title) => regionOf(page, title))).toEqual(['main', 'side', 'side']);
  });

  it("heads the page and titles its tab with the email's subject and ticket number once the Email widget tells them, never its id", async () => {
    const ticket = { id: 'b7e0a3f2-1c4d-4e5f-8a9b-0c1d2e3f4a5b', number: 1042, title: 'Refund', contactId: null, companyId: null } as TicketRef;
    const { page, tabs } = await openPage(undefined, { subject: 'Refund for order 1042', ticket });
    await waitFor(() => page.shadowRoot?.querySelector('h1')?.textContent?.trim() === 'Refund for order 1042');
    await waitFor(() => tabs.find(emailPath(EMAIL_ID))?.title === 'Refund for order 1042 · #1042');
    expect(textOf(page.shadowRoot!.querySelector('.head')!)).not.toContain(EMAIL_ID.slice(0, 8));
  });

  it('heads a draft without a subject "New email", and "Email" while its subject is not known', async () => {
    const draft = await openPage(undefined, { subject: '' });
    await waitFor(() => draft.page.shadowRoot?.querySelector('h1')?.textContent?.trim() === 'New email');
    draft.page.remove();
    const unknown = await openPage();
    expect(unknown.page.shadowRoot?.querySelector('h1')?.textContent?.trim()).toBe('Email');
    expect(unknown.tabs.find(emailPath(EMAIL_ID))?.title).toBeUndefined();
  });

  it('moves a widget between the columns and within one by keyboard: the PUT carries regions, order and version, frames move without remounting', async () => {
    const { page, registry, mounts } = await openPage();
    await waitFor(() => mounts.size === 3);
    await startEditing(page);
    expect(inFrame(page, 'Tickets', 'Move Tickets up')?.getAttribute('aria-disabled')).toBe('true');
    expect(inFrame(page, 'Email', 'Move Email to the main column')).toBeUndefined();

    inFrame(page, 'Tickets', 'Move Tickets to the main column')?.click();
    await waitFor(() => registry.saves.length === 1);
    expect(registry.saves[0]).toEqual({
      version: 2,
      widgets: [
        { widget: 'email', region: 'main' },
        { widget: 'tickets', region: 'main' },
        { widget: 'order-lookup', region: 'side', settings: { shop: 'demo' } },
        { widget: 'notes', region: 'side', hidden: true },
      ],
    });
    await rendered(page);
    expect(['Email', 'Tickets', 'Order lookup'].map((title) => regionOf(page, title))).toEqual(['main', 'main', 'side']);
    expect(status(page)).toBe('Tickets moved to position 2 of 2 in the main column');
    expect(inFrame(page, 'Tickets', 'Move Tickets to the side column')).toBeDefined();

    // Alt+Arrow keys on the focused frame; each save is based on the version the registry answered.
    frame(page, 'Tickets').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', altKey: true, bubbles: true, composed: true }));
    await waitFor(() => registry.saves.length === 2);
    expect(registry.saves[1].version).toBe(3);
    await page.updateComplete;
    expect(frameNames(page)).toEqual(['Tickets', 'Email', 'Order lookup']);
    expect(status(page)).toBe('Tickets moved to position 1 of 2 in the main column');

    frame(page, 'Email').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', altKey: true, bubbles: true, composed: true }));
    await waitFor(() => registry.saves.length === 3);
    expect(registry.saves[2].widgets.map((w) => `${w.widget}:${w.region}`)).toEqual(['tickets:main', 'order-lookup:side', 'email:side', 'notes:side']);
    await page.updateComplete;
    expect(frameNames(page)).toEqual(['Tickets', 'Order lookup', 'Email']);
    expect(status(page)).toBe('Email moved to position 2 of 2 in the side column');
    expect([...mounts.values()]).toEqual([1, 1, 1]);
  });

  it('moves a widget dropped onto a column to its end, and shows an empty column as a drop zone while editing', async () => {
    const { page, registry } = await openPage();
    await startEditing(page);
    const grid = queryDeep<HTMLElement>(page, 'sb-widget-grid')[0];
    const main = grid.shadowRoot!.querySelector('[data-region=main]') as HTMLElement;
    frame(page, 'Order lookup').dispatchEvent(new CustomEvent('sb-layout-dragstart', { detail: { widget: 'order-lookup' }, bubbles: true, composed: true }));
    main.dispatchEvent(new Event('drop', { bubbles: true, composed: true, cancelable: true }));
    await waitFor(() => registry.saves.length === 1);
    expect(registry.saves[0].widgets.map((w) => `${w.widget}:${w.region}`)).toEqual(['email:main', 'order-lookup:main', 'tickets:side', 'notes:side']);
    await waitFor(() => status(page) === 'Order lookup moved to position 2 of 2 in the main column');
    expect(main.dataset.label).toBe('Main column');
  });

  it('collapses a widget to its header and saves it in the layout; a collapsed one mounts only once expanded', async () => {
    const { page, registry, mounts, preloaded } = await openPage(composition([email, tickets, { ...orders, collapsed: true }, notes]));
    // Entries of the widgets mounted at once are preloaded with the composition; hidden and collapsed ones are not.
    expect(preloaded).toEqual(['email', 'tickets']);
    await waitFor(() => mounts.size === 2);
    expect(mounts.has('order-lookup')).toBe(false);
    const expand = inFrame(page, 'Order lookup', 'Expand Order lookup') as HTMLButtonElement;
    expect(expand.getAttribute('aria-expanded')).toBe('false');

    expand.click();
    await waitFor(() => registry.saves.length === 1);
    expect(registry.saves[0].widgets.find((w) => w.widget === 'order-lookup')).toEqual({ widget: 'order-lookup', region: 'side', settings: { shop: 'demo' } });
    await waitFor(() => mounts.get('order-lookup') === 1);
    await rendered(page);
    expect(inFrame(page, 'Order lookup', 'Collapse Order lookup')?.getAttribute('aria-expanded')).toBe('true');

    inFrame(page, 'Tickets', 'Collapse Tickets')?.click();
    await waitFor(() => registry.saves.length === 2);
    expect(registry.saves[1].widgets.find((w) => w.widget === 'tickets')).toEqual({ widget: 'tickets', region: 'side', collapsed: true });
    await rendered(page);
    expect(inFrame(page, 'Tickets', 'Expand Tickets')?.getAttribute('aria-expanded')).toBe('false');
    expect(frame(page, 'Tickets').shadowRoot?.querySelector('.body')?.hasAttribute('hidden')).toBe(true);
    expect(mounts.get('tickets')).toBe(1);
  });

  it('offers no Hide for Email and Tickets, which say they are required', async () => {
    const { page } = await openPage();
    await startEditing(page);
    for (const title of ['Email', 'Tickets']) {
      expect(inFrame(page, title, `Hide ${title}`)).toBeUndefined();
      expect(textOf(frame(page, title))).toContain('Required on this page');
    }
    expect(inFrame(page, 'Order lookup', 'Hide Order lookup')).toBeDefined();
  });

  it('hides and shows an optional widget through the Hidden widgets region, saving each change', async () => {
    const { page, registry } = await openPage();
    await startEditing(page);
    const hidden = () => queryDeep(page, '[role=region][aria-label="Hidden widgets"]')[0];
    expect(byName(hidden(), 'Show Notes')).toBeDefined();

    inFrame(page, 'Order lookup', 'Hide Order lookup')?.click();
    await waitFor(() => registry.saves.length === 1);
    await page.updateComplete;
    expect(registry.saves[0].widgets.find((w) => w.widget === 'order-lookup')).toEqual({ widget: 'order-lookup', region: 'side', hidden: true, settings: { shop: 'demo' } });
    expect(frameNames(page)).toEqual(['Email', 'Tickets']);
    expect(byName(hidden(), 'Show Order lookup')).toBeDefined();

    byName(hidden(), 'Show Notes')?.click();
    await waitFor(() => registry.saves.length === 2);
    await page.updateComplete;
    expect(registry.saves[1]).toMatchObject({ version: 3 });
    expect(registry.saves[1].widgets.find((w) => w.widget === 'notes')).toEqual({ widget: 'notes', region: 'side' });
    expect(frameNames(page)).toEqual(['Email', 'Tickets', 'Notes']);
    expect(status(page)).toBe('Notes shown');
  });

  it('adopts the layout from a 409 conflict and says so', async () => {
    const { page, registry } = await openPage();
    await startEditing(page);
    const current = composition([orders, tickets, email, notes], 7);
    registry.answers.push(() => Promise.reject(new ApiError(409, 'LAYOUT_VERSION_CONFLICT', 'stale', { current })));
    inFrame(page, 'Order lookup', 'Move Order lookup up')?.click();
    await waitFor(() => status(page)?.startsWith('Your layout was changed elsewhere') ?? false);
    await page.updateComplete;
    expect(frameNames(page)).toEqual(['Order lookup', 'Tickets', 'Email']);

    inFrame(page, 'Email', 'Move Email up')?.click();
    await waitFor(() => registry.saves.length === 2);
    expect(registry.saves[1].version).toBe(7);
  });

  it("shows the registry's message when it refuses a layout and goes back to the saved one", async () => {
    const { page, registry } = await openPage();
    await startEditing(page);
    registry.answers.push(() => Promise.reject(new ApiError(400, 'MANDATORY_WIDGET', 'Tickets cannot be hidden on the email detail page')));
    inFrame(page, 'Tickets', 'Move Tickets down')?.click();
    await waitFor(() => queryDeep(page, '[role=alert]')[0]?.textContent?.includes('Tickets cannot be hidden') ?? false);
    await page.updateComplete;
    expect(frameNames(page)).toEqual(['Email', 'Tickets', 'Order lookup']);
  });

  it('resets to the team layout', async () => {
    const { page } = await openPage();
    await startEditing(page);
    byName(page, 'Reset to team layout')?.click();
    await waitFor(() => status(page) === 'Your layout was reset to the team layout.');
    await page.updateComplete;
    expect(frameNames(page)).toEqual(['Email', 'Tickets']);
  });

  it('loads an overridden widget from its override with a badge, and the registry version once cleared', async () => {
    const { page, overrides } = await openPage(undefined, { overrides: { 'order-lookup': 'http://127.0.0.1:5173/widget.json', parcel: 'http://127.0.0.1:5174/widget.json' } });
    expect(frames(page).map((f) => [f.widgetName, f.source?.kind])).toEqual([
      ['email', 'registry'],
      ['tickets', 'registry'],
      ['order-lookup', 'override'],
      ['parcel', 'override'],
    ]);
    inFrame(page, 'Order lookup', 'Clear override for Order lookup')?.click();
    await page.updateComplete;
    expect(overrides.all()).toEqual({ parcel: 'http://127.0.0.1:5174/widget.json' });
    expect(frames(page).map((f) => [f.widgetName, f.source?.kind])).toEqual([
      ['email', 'registry'],
      ['tickets', 'registry'],
      ['order-lookup', 'registry'],
      ['parcel', 'override'],
    ]);
  });

  it('reports the final load failure of a registry version', async () => {
    const { registry } = await openPage(undefined, { fail: ['order-lookup'] });
    await waitFor(() => registry.reports.length === 1);
    expect(registry.reports).toEqual([['order-lookup', '1.0.0', { kind: 'mount', reason: 'order-lookup exploded' }]]);
  });
});
