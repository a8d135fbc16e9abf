import type { PageWidget } from '@switchboard/contracts';
import { optionalManifest, pageWidget } from '../widgets/page-widget.fixture';
import { ticketsManifest } from '../widgets/tickets-manifest.fixture';
import { moveWidget, saveBody, setCollapsed, setHidden, withRegions } from './layout-model';

const email = pageWidget({ ...ticketsManifest, name: 'email', federationName: 'switchboard_email', title: { en: 'Email', cs: 'E-mail' } });
const tickets = pageWidget(ticketsManifest);
const orders = pageWidget(optionalManifest('order-lookup', 'Order lookup'), { settings: { shop: 'demo' } });
const notes = pageWidget(optionalManifest('notes', 'Notes'), { hidden: true, channel: 'pinned', version: '0.9.0' });
const names = (widgets: readonly PageWidget[]) => widgets.map((w) => `${w.widget}${w.hidden ? ' (hidden)' : ''}`);
const placed = (widgets: readonly PageWidget[] | null) => (widgets ?? []).map((w) => `${w.widget}${w.hidden ? ' (hidden)' : ''}:${w.region}`);

describe('layout model', () => {
  const widgets = withRegions([email, notes, tickets, orders]);

  it('keeps a layout saved before regions as it showed: its first shown widget in the main column, the rest in the side column', () => {
    expect(placed(withRegions([notes, orders, email, tickets]))).toEqual(['notes (hidden):side', 'order-lookup:main', 'email:side', 'tickets:side']);
    // Once a layout names regions, a widget without one (placed by the CLI) joins the side column.
    expect(placed(withRegions([{ ...tickets, region: 'main' }, email]))).toEqual(['tickets:main', 'email:side']);
  });

  it('moves within a region and between regions, leaving hidden widgets in their slots', () => {
    expect(placed(moveWidget(widgets, 'order-lookup', 'side', 0))).toEqual(['email:main', 'notes (hidden):side', 'order-lookup:side', 'tickets:side']);
    expect(placed(moveWidget(widgets, 'order-lookup', 'main', 0))).toEqual(['order-lookup:main', 'notes (hidden):side', 'email:main', 'tickets:side']);
    expect(placed(moveWidget(widgets, 'tickets', 'main', 9))).toEqual(['email:main', 'notes (hidden):side', 'tickets:main', 'order-lookup:side']);
    expect(placed(moveWidget(widgets, 'email', 'side', 1))).toEqual(['tickets:side', 'notes (hidden):side', 'email:side', 'order-lookup:side']);
    expect(moveWidget(widgets, 'email', 'main', 0)).toBeNull();
    expect(moveWidget(widgets, 'tickets', 'side', 0)).toBeNull();
    expect(moveWidget(widgets, 'notes', 'main', 0)).toBeNull();
  });

  it('moves into an empty region: the main column first, the side column last', () => {
    const allSide = moveWidget(widgets, 'email', 'side', 9);
    expect(placed(allSide)).toEqual(['tickets:side', 'notes (hidden):side', 'order-lookup:side', 'email:side']);
    expect(placed(moveWidget(allSide ?? [], 'order-lookup', 'main', 0))).toEqual(['order-lookup:main', 'notes (hidden):side', 'tickets:side', 'email:side']);
  });

  it('collapses and expands a widget', () => {
    const collapsed = setCollapsed(widgets, 'tickets', true);
    expect(collapsed?.find((w) => w.widget === 'tickets')?.collapsed).toBe(true);
    expect(setCollapsed(collapsed ?? [], 'tickets', true)).toBeNull();
    expect(setCollapsed(widgets, 'tickets', false)).toBeNull();
  });

  it('never hides a mandatory widget', () => {
    expect(setHidden(widgets, 'tickets', true)).toBeNull();
    expect(names(setHidden(widgets, 'order-lookup', true) ?? [])).toEqual(['email', 'notes (hidden)', 'tickets', 'order-lookup (hidden)']);
    expect(names(setHidden(widgets, 'notes', false) ?? [])).toEqual(['email', 'notes', 'tickets', 'order-lookup']);
  });

  it('saves pins and settings, and not the versions the page merely resolved', () => {
    expect(saveBody(3, widgets)).toEqual({
      version: 3,
      widgets: [
        { widget: 'email', region: 'main' },
        { widget: 'notes', region: 'side', hidden: true, version: '0.9.0' },
        { widget: 'tickets', region: 'side' },
        { widget: 'order-lookup', region: 'side', settings: { shop: 'demo' } },
      ],
    });
  });
});
