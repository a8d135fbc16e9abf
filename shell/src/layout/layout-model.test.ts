import type { PageWidget } from '@switchboard/contracts';
import { optionalManifest, pageWidget } from '../widgets/page-widget.fixture';
import { ticketsManifest } from '../widgets/tickets-manifest.fixture';
import { moveWidget, saveBody, setHidden } from './layout-model';

const email = pageWidget({ ...ticketsManifest, name: 'email', federationName: 'switchboard_email', title: { en: 'Email', cs: 'E-mail' } });
const tickets = pageWidget(ticketsManifest);
const orders = pageWidget(optionalManifest('order-lookup', 'Order lookup'), { settings: { shop: 'demo' } });
const notes = pageWidget(optionalManifest('notes', 'Notes'), { hidden: true, channel: 'pinned', version: '0.9.0' });
const names = (widgets: readonly PageWidget[]) => widgets.map((w) => `${w.widget}${w.hidden ? ' (hidden)' : ''}`);

describe('layout model', () => {
  const widgets = [email, notes, tickets, orders];

  it('moves among the shown widgets and leaves hidden ones in their slots', () => {
    expect(names(moveWidget(widgets, 'order-lookup', 0) ?? [])).toEqual([
      'order-lookup',
      'notes (hidden)',
      'email',
      'tickets',
    ]);
    expect(names(moveWidget(widgets, 'email', 1) ?? [])).toEqual(['tickets', 'notes (hidden)', 'email', 'order-lookup']);
    expect(moveWidget(widgets, 'email', 0)).toBeNull();
    expect(moveWidget(widgets, 'notes', 0)).toBeNull();
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
        { widget: 'email' },
        { widget: 'notes', hidden: true, version: '0.9.0' },
        { widget: 'tickets' },
        { widget: 'order-lookup', settings: { shop: 'demo' } },
      ],
    });
  });
});
