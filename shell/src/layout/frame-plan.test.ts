import { optionalManifest, pageWidget } from '../widgets/page-widget.fixture';
import { ticketsManifest } from '../widgets/tickets-manifest.fixture';
import { planFrames } from './frame-plan';
import { withRegions } from './layout-model';

const tickets = pageWidget(ticketsManifest);
const orders = pageWidget(optionalManifest('order-lookup', 'Order lookup'));
const notes = pageWidget(optionalManifest('notes', 'Notes'), { hidden: true });

describe('planFrames', () => {
  it("shows the layout's shown widgets in order, from the registry, each with its place in its region", () => {
    const plans = planFrames(withRegions([tickets, notes, { ...orders, collapsed: true }]), {});
    expect(plans.map(({ name, key, region, position, count, collapsed }) => [name, key, region, position, count, collapsed])).toEqual([
      ['tickets', 'registry', 'main', 0, 1, false],
      ['order-lookup', 'registry', 'side', 0, 1, true],
    ]);
  });

  it('loads an overridden widget from its override, and adds overrides of widgets the layout does not have', () => {
    const plans = planFrames([tickets, { ...orders, region: 'main' }], { 'order-lookup': 'http://127.0.0.1:5173/widget.json', parcel: 'http://127.0.0.1:5174/widget.json' });
    expect(plans.map(({ name, key, position }) => [name, key, position])).toEqual([
      ['tickets', 'registry', 0],
      ['order-lookup', 'override:http://127.0.0.1:5173/widget.json', 0],
      ['parcel', 'override:http://127.0.0.1:5174/widget.json', -1],
    ]);
    expect(plans[1].source).toEqual({ kind: 'override', name: 'order-lookup', manifestUrl: 'http://127.0.0.1:5173/widget.json', widget: { ...orders, region: 'main' } });
    expect(plans.map((plan) => plan.region)).toEqual(['side', 'main', 'side']);
  });

  it('plans nothing for a layout with every widget hidden and no overrides', () => {
    expect(planFrames([notes], {})).toEqual([]);
  });
});
