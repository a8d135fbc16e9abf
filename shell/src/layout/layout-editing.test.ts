import type { PageComposition, PageWidget, SaveLayoutBody } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import type { ReactiveControllerHost } from 'lit';
import { optionalManifest, pageWidget } from '../widgets/page-widget.fixture';
import { ticketsManifest } from '../widgets/tickets-manifest.fixture';
import { LayoutEditing } from './layout-editing';

const email = pageWidget({ ...ticketsManifest, name: 'email', federationName: 'switchboard_email', title: { en: 'Email', cs: 'E-mail' } });
const tickets = pageWidget(ticketsManifest);
const orders = pageWidget(optionalManifest('order-lookup', 'Order lookup'));

const composition = (widgets: PageWidget[], layoutVersion = 1): PageComposition => ({
  page: 'email-detail',
  layoutVersion,
  layoutSource: 'user',
  environment: 'production',
  widgets,
});

/** A registry that accepts every save (or refuses with `refusal`) and resets to Email and Tickets. */
function registry(refusal?: ApiError) {
  return {
    saveLayout: async (_page: string, body: SaveLayoutBody) => {
      if (refusal) throw refusal;
      return composition(
        body.widgets.map((item) => ({ ...[email, tickets, orders].find((w) => w.widget === item.widget)!, hidden: item.hidden ?? false, region: item.region, collapsed: item.collapsed })),
        body.version + 1,
      );
    },
    resetLayout: async () => composition([email, tickets], 0),
  };
}

function editing(locale: 'en' | 'cs' = 'en') {
  const host = { addController: jest.fn(), removeController: jest.fn(), requestUpdate: jest.fn(), updateComplete: Promise.resolve(true) };
  const layout = new LayoutEditing(host as unknown as ReactiveControllerHost, { page: 'email-detail', locale: () => locale });
  return { host, layout };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('LayoutEditing', () => {
  it('registers with its element, fetches the editor\'s elements when editing starts, and re-renders it on every change', async () => {
    const { host, layout } = editing();
    expect(host.addController).toHaveBeenCalledWith(layout);
    await layout.toggle();
    expect(layout.editing).toBe(true);
    expect(customElements.get('sb-frame-edit-bar')).toBeDefined();
    expect(customElements.get('sb-hidden-widgets')).toBeDefined();
    expect(host.requestUpdate).toHaveBeenCalled();
    await layout.toggle();
    expect(layout.editing).toBe(false);
  });

  it('says what moved, hid and showed, with titles in the agent’s language', async () => {
    const { layout } = editing();
    layout.begin(composition([email, tickets, orders]), registry());
    layout.move('order-lookup', 'main', 0);
    expect(layout.widgets.map((w) => `${w.widget}:${w.region}`)).toEqual(['order-lookup:main', 'email:main', 'tickets:side']);
    expect(layout.info).toBe('Order lookup moved to position 1 of 2 in the main column');
    await settle();
    layout.move('email', 'side');
    expect(layout.widgets.map((w) => `${w.widget}:${w.region}`)).toEqual(['order-lookup:main', 'tickets:side', 'email:side']);
    expect(layout.info).toBe('Email moved to position 2 of 2 in the side column');
    await settle();
    layout.setCollapsed('tickets', true);
    expect(layout.widgets.find((w) => w.widget === 'tickets')?.collapsed).toBe(true);
    await settle();
    expect(layout.hide('order-lookup')).toBe(true);
    expect(layout.info).toBe('Order lookup hidden');
    expect(layout.hide('tickets')).toBe(false);
    await settle();
    expect(layout.show('order-lookup')).toBe(true);
    expect(layout.info).toBe('Order lookup shown');
    expect(layout.error).toBe('');
  });

  it("tells the registry's refusal in the alert and a reset in the status line", async () => {
    const { layout } = editing();
    layout.begin(composition([email, tickets, orders]), registry(new ApiError(400, 'MANDATORY_WIDGET', 'Tickets is required')));
    layout.move('tickets', 'main', 0);
    await settle();
    expect(layout.error).toBe('Tickets is required');
    expect(layout.widgets.map((w) => w.widget)).toEqual(['email', 'tickets', 'order-lookup']);

    await layout.reset();
    expect(layout.error).toBe('');
    expect(layout.info).toBe('Your layout was reset to the team layout.');
    expect(layout.widgets.map((w) => w.widget)).toEqual(['email', 'tickets']);
  });
});
