import type { LayoutItem, PageWidget } from '@switchboard/contracts';
import { CliError } from './errors';

/** The stored layout item a composed widget stands for: its flags, column, settings and pin kept. */
export function layoutItemOf(widget: PageWidget): LayoutItem {
  return {
    widget: widget.widget,
    ...(widget.hidden ? { hidden: true } : {}),
    ...(widget.region ? { region: widget.region } : {}),
    ...(widget.collapsed ? { collapsed: true } : {}),
    ...(widget.channel === 'pinned' ? { version: widget.version } : {}),
    ...(Object.keys(widget.settings).length ? { settings: widget.settings } : {}),
  };
}

/**
 * The layout with `name` visible: right after `after` when given (which must be on the layout),
 * else after the last visible widget. The widget keeps its settings and pin if it had any.
 */
export function placeWidget(widgets: PageWidget[], name: string, after?: string): LayoutItem[] {
  const items = widgets.map(layoutItemOf);
  const existing = items.find((item) => item.widget === name);
  const rest = items.filter((item) => item.widget !== name);
  const { hidden: _hidden, ...kept } = existing ?? { widget: name };
  let index: number;
  if (after !== undefined) {
    index = rest.findIndex((item) => item.widget === after) + 1;
    if (index === 0) throw new CliError(`--after ${after}: that widget is not on this layout (${rest.map((i) => i.widget).join(', ')})`);
  } else {
    index = rest.reduce((last, item, i) => (item.hidden ? last : i + 1), 0);
  }
  return [...rest.slice(0, index), kept, ...rest.slice(index)];
}

/**
 * The layout without `name` (the registry then lists it hidden at the end), or null when it is
 * not visible on this layout, so there is nothing to save.
 */
export function unplaceWidget(widgets: PageWidget[], name: string): LayoutItem[] | null {
  if (!widgets.some((widget) => widget.widget === name && !widget.hidden)) return null;
  return widgets.filter((widget) => widget.widget !== name).map(layoutItemOf);
}

/** `Email, Tickets, parcel-tracker`: the visible widgets of a composition, in page order. */
export function visibleWidgets(widgets: PageWidget[]): string[] {
  return widgets.filter((widget) => !widget.hidden).map((widget) => widget.widget);
}
