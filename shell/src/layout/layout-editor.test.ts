import type { PageComposition, PageWidget, SaveLayoutBody } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import { optionalManifest, pageWidget } from '../widgets/page-widget.fixture';
import { ticketsManifest } from '../widgets/tickets-manifest.fixture';
import { LayoutEditor } from './layout-editor';

const email = pageWidget({ ...ticketsManifest, name: 'email', federationName: 'switchboard_email', title: { en: 'Email', cs: 'E-mail' } });
const tickets = pageWidget(ticketsManifest);
const orders = pageWidget(optionalManifest('order-lookup', 'Order lookup'), { settings: { shop: 'demo' } });
const notes = pageWidget(optionalManifest('notes', 'Notes'), { hidden: true, channel: 'pinned', version: '0.9.0' });

const composition = (widgets: PageWidget[], layoutVersion = 3): PageComposition => ({
  page: 'email-detail',
  layoutVersion,
  layoutSource: 'user',
  environment: 'production',
  widgets,
});
const names = (widgets: readonly PageWidget[]) => widgets.map((w) => `${w.widget}${w.hidden ? ' (hidden)' : ''}`);

/** A registry stand-in: answers saves from a queue of handlers, recording each body. */
function fakeRegistry() {
  const bodies: SaveLayoutBody[] = [];
  const answers: Array<(body: SaveLayoutBody) => Promise<PageComposition>> = [];
  let resets = 0;
  const client = {
    saveLayout: (_page: string, body: SaveLayoutBody) => {
      bodies.push(JSON.parse(JSON.stringify(body)) as SaveLayoutBody);
      const answer = answers.shift();
      return answer ? answer(body) : Promise.reject(new Error('no answer queued'));
    },
    resetLayout: async () => {
      resets += 1;
      return composition([email, tickets, { ...orders, hidden: true }], 0);
    },
  };
  return { client, bodies, answers, resets: () => resets };
}

/** Answers a save as the registry does: the same widgets, the version bumped. */
const accept = (body: SaveLayoutBody): Promise<PageComposition> =>
  Promise.resolve(
    composition(
      body.widgets.map((item) => ({ ...[email, tickets, orders, notes].find((w) => w.widget === item.widget)!, hidden: item.hidden ?? false, region: item.region, collapsed: item.collapsed })),
      body.version + 1,
    ),
  );

describe('LayoutEditor', () => {
  beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('saves every change at once with the version it started from, and takes the new version from the answer', async () => {
    const registry = fakeRegistry();
    registry.answers.push(accept, accept, accept);
    const editor = new LayoutEditor(composition([email, tickets, orders]), { page: 'email-detail', client: registry.client, onChange: () => undefined });
    expect(editor.moveBy('tickets', -1)).toBe(false);
    expect(editor.moveBy('order-lookup', -1)).toBe(true);
    expect(names(editor.widgets)).toEqual(['email', 'order-lookup', 'tickets']);
    await editor.idle();
    expect(editor.layoutVersion).toBe(4);
    editor.setHidden('order-lookup', true);
    await editor.idle();
    editor.setCollapsed('tickets', true);
    await editor.idle();
    const main = { widget: 'email', region: 'main' };
    const side = { widget: 'order-lookup', region: 'side', settings: { shop: 'demo' } };
    expect(registry.bodies).toEqual([
      { version: 3, widgets: [main, side, { widget: 'tickets', region: 'side' }] },
      { version: 4, widgets: [main, { ...side, hidden: true }, { widget: 'tickets', region: 'side' }] },
      { version: 5, widgets: [main, { ...side, hidden: true }, { widget: 'tickets', region: 'side', collapsed: true }] },
    ]);
    expect(editor.layoutVersion).toBe(6);
  });

  it('sends a change made while a save is in flight after it, based on its answer', async () => {
    const registry = fakeRegistry();
    let release!: () => void;
    registry.answers.push((body) => new Promise((resolve) => (release = () => resolve(accept(body)))), accept);
    const editor = new LayoutEditor(composition([email, tickets, orders]), { page: 'email-detail', client: registry.client, onChange: () => undefined });
    editor.moveBy('order-lookup', -1);
    editor.move('order-lookup', 'main', 0);
    expect(names(editor.widgets)).toEqual(['order-lookup', 'email', 'tickets']);
    release();
    await editor.idle();
    expect(registry.bodies.map((b) => [b.version, b.widgets.map((w) => w.widget)])).toEqual([
      [3, ['email', 'order-lookup', 'tickets']],
      [4, ['order-lookup', 'email', 'tickets']],
    ]);
    expect(names(editor.widgets)).toEqual(['order-lookup', 'email', 'tickets']);
    expect(editor.layoutVersion).toBe(5);
  });

  it('adopts the server layout from a 409 conflict and says so', async () => {
    const registry = fakeRegistry();
    const current = composition([tickets, email, { ...orders, hidden: true }], 9);
    registry.answers.push(() => Promise.reject(new ApiError(409, 'LAYOUT_VERSION_CONFLICT', 'stale', { current })));
    let changes = 0;
    const editor = new LayoutEditor(composition([email, tickets, orders]), { page: 'email-detail', client: registry.client, onChange: () => (changes += 1) });
    editor.moveBy('order-lookup', -1);
    await editor.idle();
    expect(editor.status).toEqual({ type: 'conflict' });
    expect(names(editor.widgets)).toEqual(['tickets', 'email', 'order-lookup (hidden)']);
    expect(editor.layoutVersion).toBe(9);
    expect(changes).toBe(2);
  });

  it("goes back to the saved layout with the registry's message when it refuses one", async () => {
    const registry = fakeRegistry();
    registry.answers.push(() => Promise.reject(new ApiError(400, 'MANDATORY_WIDGET', 'Tickets is required on the email detail page')));
    const editor = new LayoutEditor(composition([email, tickets, orders]), { page: 'email-detail', client: registry.client, onChange: () => undefined });
    editor.moveBy('tickets', 1);
    await editor.idle();
    expect(editor.status).toEqual({ type: 'rejected', message: 'Tickets is required on the email detail page' });
    expect(names(editor.widgets)).toEqual(['email', 'tickets', 'order-lookup']);
    expect(editor.layoutVersion).toBe(3);
  });

  it('resets to the team layout after pending saves', async () => {
    const registry = fakeRegistry();
    registry.answers.push(accept);
    const editor = new LayoutEditor(composition([email, tickets, orders]), { page: 'email-detail', client: registry.client, onChange: () => undefined });
    editor.moveBy('order-lookup', -1);
    await editor.reset();
    expect(registry.bodies).toHaveLength(1);
    expect(registry.resets()).toBe(1);
    expect(editor.status).toEqual({ type: 'reset' });
    expect(editor.layoutVersion).toBe(0);
    expect(names(editor.widgets)).toEqual(['email', 'tickets', 'order-lookup (hidden)']);
  });
  it("saves a widget's address as its item's setting, and an empty one removes it", async () => {
    const registry = fakeRegistry();
    const answerWithSettings = (body: SaveLayoutBody): Promise<PageComposition> =>
      accept(body).then((c) => ({ ...c, widgets: c.widgets.map((w, i) => ({ ...w, settings: body.widgets[i]!.settings ?? {} })) }));
    registry.answers.push(answerWithSettings, answerWithSettings);
    const editor = new LayoutEditor(composition([email, tickets, orders]), { page: 'email-detail', client: registry.client, onChange: () => undefined });
    expect(editor.setSetting('order-lookup', 'url', 'https://orders.example/?email={{contact.email}}')).toBe(true);
    expect(editor.setSetting('order-lookup', 'url', 'https://orders.example/?email={{contact.email}}')).toBe(false);
    await editor.idle();
    expect(registry.bodies[0]!.widgets[2]).toEqual({ widget: 'order-lookup', region: 'side', settings: { shop: 'demo', url: 'https://orders.example/?email={{contact.email}}' } });
    expect(editor.setSetting('order-lookup', 'url', '')).toBe(true);
    await editor.idle();
    expect(registry.bodies[1]!.widgets[2]).toEqual({ widget: 'order-lookup', region: 'side', settings: { shop: 'demo' } });
    expect(editor.setSetting('nowhere', 'url', 'https://x.example')).toBe(false);
  });
});
