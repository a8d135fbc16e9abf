import type { LayoutItem, LayoutRegion, PageWidget, SaveLayoutBody } from '@switchboard/contracts';

/** The widgets the page shows, in layout order. */
export const visibleWidgets = (widgets: readonly PageWidget[]): PageWidget[] => widgets.filter((w) => !w.hidden);

/**
 * The layout with every widget's region set. A layout saved before regions names none: its first
 * shown widget takes the main column and the others the side column, as the page showed it then.
 * A widget added later without one (e.g. placed by the CLI) goes to the side column.
 */
export function withRegions(widgets: readonly PageWidget[]): PageWidget[] {
  const stored = widgets.some((w) => w.region);
  const first = widgets.find((w) => !w.hidden);
  return widgets.map((w) => (w.region ? w : { ...w, region: !stored && w === first ? 'main' : 'side' }));
}

/** The region a widget shows in (the side column when the layout does not say). */
export const regionOf = (widget: PageWidget): LayoutRegion => widget.region ?? 'side';

/** The shown widgets of one region, in layout order. */
export const regionWidgets = (widgets: readonly PageWidget[], region: LayoutRegion): PageWidget[] =>
  visibleWidgets(widgets).filter((w) => regionOf(w) === region);

/** Where a widget is among the shown ones of its region (0-based), and how many that region shows; index -1 when hidden or absent. */
export function positionOf(widgets: readonly PageWidget[], name: string): { region: LayoutRegion; index: number; count: number } {
  const widget = visibleWidgets(widgets).find((w) => w.widget === name);
  const region = widget ? regionOf(widget) : 'side';
  const shown = regionWidgets(widgets, region);
  return { region, index: shown.findIndex((w) => w.widget === name), count: shown.length };
}

/**
 * Moves a shown widget to position `to` among the shown widgets of `region` (its end when `to`
 * is past it). Hidden widgets keep their slots in the stored order (they come back where they
 * were). Null when nothing would change.
 */
export function moveWidget(widgets: readonly PageWidget[], name: string, region: LayoutRegion, to: number): PageWidget[] | null {
  const visible = visibleWidgets(widgets);
  const moving = visible.find((w) => w.widget === name);
  if (!moving) return null;
  const { region: from, index } = positionOf(widgets, name);
  const others = visible.filter((w) => w !== moving);
  const target = others.filter((w) => regionOf(w) === region);
  const at = Math.max(0, Math.min(to, target.length));
  if (from === region && index === at) return null;
  // Before the widget now at that place; past the region's last one; an empty main region goes first, an empty side one last.
  const before = target[at];
  const after = target[target.length - 1];
  const slot = before ? others.indexOf(before) : after ? others.indexOf(after) + 1 : region === 'main' ? 0 : others.length;
  const reordered = [...others.slice(0, slot), { ...moving, region }, ...others.slice(slot)];
  let next = 0;
  return widgets.map((w) => (w.hidden ? w : reordered[next++]));
}

/** Collapses or expands a widget; null when it is absent or already so. */
export function setCollapsed(widgets: readonly PageWidget[], name: string, collapsed: boolean): PageWidget[] | null {
  const widget = widgets.find((w) => w.widget === name);
  if (!widget || (widget.collapsed ?? false) === collapsed) return null;
  return widgets.map((w) => (w === widget ? { ...w, collapsed } : w));
}

/** Hides or shows a widget in place; null when it is mandatory (never hidden), absent or already so. */
export function setHidden(widgets: readonly PageWidget[], name: string, hidden: boolean): PageWidget[] | null {
  const widget = widgets.find((w) => w.widget === name);
  if (!widget || widget.hidden === hidden || (hidden && widget.mandatory)) return null;
  return widgets.map((w) => (w === widget ? { ...w, hidden } : w));
}

/**
 * Sets one setting of a widget's layout item (e.g. the address of a Page-in-page item); an empty
 * value removes it. Null when the widget is absent or the setting is already so.
 */
export function setSetting(widgets: readonly PageWidget[], name: string, key: string, value: string): PageWidget[] | null {
  const widget = widgets.find((w) => w.widget === name);
  if (!widget || (widget.settings[key] ?? '') === value) return null;
  const { [key]: _old, ...others } = widget.settings;
  const settings = value === '' ? others : { ...others, [key]: value };
  return widgets.map((w) => (w === widget ? { ...w, settings } : w));
}

/** One widget as the layout stores it: its region, a pin (not the version it merely resolved to), its settings and whether it is collapsed. */
export function layoutItem(widget: PageWidget): LayoutItem {
  return {
    widget: widget.widget,
    region: regionOf(widget),
    ...(widget.hidden ? { hidden: true } : {}),
    ...(widget.collapsed ? { collapsed: true } : {}),
    ...(widget.channel === 'pinned' ? { version: widget.version } : {}),
    ...(Object.keys(widget.settings).length > 0 ? { settings: widget.settings } : {}),
  };
}

/** The body of `PUT /pages/:page/layout` for these widgets, based on layout `version`. */
export function saveBody(version: number, widgets: readonly PageWidget[]): SaveLayoutBody {
  return { version, widgets: widgets.map(layoutItem) };
}

