import type { PageWidget } from '@switchboard/contracts';
import { CliError } from './errors';
import { placeWidget, unplaceWidget, visibleWidgets } from './placement';

/** A composed widget as the registry answers it; only the fields placement reads matter. */
const composed = (widget: string, patch: Partial<PageWidget> = {}): PageWidget =>
  ({ widget, hidden: false, mandatory: false, settings: {}, channel: 'active', version: '1.0.0', ...patch }) as PageWidget;

const layout = [
  composed('email', { mandatory: true }),
  composed('tickets', { mandatory: true, channel: 'pinned', version: '1.2.0' }),
  composed('page-in-page', { settings: { url: 'https://crm.example/{{contact.email}}' } }),
  composed('calendar', { hidden: true }),
  composed('parcel-tracker', { hidden: true }),
];

describe('placeWidget', () => {
  it('shows a hidden widget after the last visible one, keeping pins, settings and the hidden rest', () => {
    expect(placeWidget(layout, 'parcel-tracker')).toEqual([
      { widget: 'email' },
      { widget: 'tickets', version: '1.2.0' },
      { widget: 'page-in-page', settings: { url: 'https://crm.example/{{contact.email}}' } },
      { widget: 'parcel-tracker' },
      { widget: 'calendar', hidden: true },
    ]);
  });

  it("keeps the other widgets' columns and collapsed flags (the placed one, without a column, joins the side column)", () => {
    const withRegions = [composed('email', { region: 'main' }), composed('tickets', { region: 'side', collapsed: true }), composed('calendar', { hidden: true })];
    expect(placeWidget(withRegions, 'calendar')).toEqual([
      { widget: 'email', region: 'main' },
      { widget: 'tickets', region: 'side', collapsed: true },
      { widget: 'calendar' },
    ]);
  });

  it('puts it right after --after, also moving a widget already shown', () => {
    expect(placeWidget(layout, 'parcel-tracker', 'email').map((item) => item.widget)).toEqual(['email', 'parcel-tracker', 'tickets', 'page-in-page', 'calendar']);
    expect(placeWidget(layout, 'page-in-page', 'email')[1]).toEqual({ widget: 'page-in-page', settings: { url: 'https://crm.example/{{contact.email}}' } });
  });

  it('adds a widget the layout does not list yet (active since the layout was read)', () => {
    expect(placeWidget(layout.slice(0, 2), 'parcel-tracker')).toEqual([{ widget: 'email' }, { widget: 'tickets', version: '1.2.0' }, { widget: 'parcel-tracker' }]);
  });

  it('refuses --after a widget the layout does not hold', () => {
    expect(() => placeWidget(layout, 'parcel-tracker', 'contacts')).toThrow(CliError);
    expect(() => placeWidget(layout, 'parcel-tracker', 'contacts')).toThrow(/--after contacts: that widget is not on this layout/);
  });
});

describe('unplaceWidget', () => {
  it('drops a shown widget from the layout and has nothing to do for a hidden or absent one', () => {
    expect(unplaceWidget(layout, 'page-in-page')?.map((item) => item.widget)).toEqual(['email', 'tickets', 'calendar', 'parcel-tracker']);
    expect(unplaceWidget(layout, 'calendar')).toBeNull();
    expect(unplaceWidget(layout, 'contacts')).toBeNull();
  });
});

it('lists the visible widgets in page order', () => {
  expect(visibleWidgets(layout)).toEqual(['email', 'tickets', 'page-in-page']);
});
