import { optionalManifest, pageWidget } from '../widgets/page-widget.fixture';
import { ticketsManifest } from '../widgets/tickets-manifest.fixture';
import { planFrames } from './frame-plan';

const tickets = pageWidget(ticketsManifest);
const orders = pageWidget(optionalManifest('order-lookup', 'Order lookup'));
const notes = pageWidget(optionalManifest('notes', 'Notes'), { hidden: true });

describe('planFrames', () => {
  it("shows the layout's shown widgets in order, from the registry", () => {
    expect(planFrames([tickets, notes, orders], {}).map(({ name, key, position }) => [name, key, position])).toEqual([
      ['tickets', 'registry', 0],
      ['order-lookup', 'registry', 1],
    ]);
  });

  it('loads an overridden widget from its override, and adds overrides of widgets the layout does not have', () => {
    const plans = planFrames([tickets, orders], { 'order-lookup': 'http://127.0.0.1:5173/widget.json', parcel: 'http://127.0.0.1:5174/widget.json' });
    expect(plans.map(({ name, key, position }) => [name, key, position])).toEqual([
      ['tickets', 'registry', 0],
      ['order-lookup', 'override:http://127.0.0.1:5173/widget.json', 1],
      ['parcel', 'override:http://127.0.0.1:5174/widget.json', -1],
    ]);
    expect(plans[1].source).toEqual({ kind: 'override', name: 'order-lookup', manifestUrl: 'http://127.0.0.1:5173/widget.json', widget: orders });
  });

  it('plans nothing for a layout with every widget hidden and no overrides', () => {
    expect(planFrames([notes], {})).toEqual([]);
  });
});
