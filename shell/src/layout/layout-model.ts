import type { LayoutItem, PageWidget, SaveLayoutBody } from '@switchboard/contracts';

/** The widgets the page shows, in layout order. */
export const visibleWidgets = (widgets: readonly PageWidget[]): PageWidget[] => widgets.filter((w) => !w.hidden);

/** Where a widget is among the shown ones (0-based), and how many are shown; index -1 when hidden or absent. */
export function positionOf(widgets: readonly PageWidget[], name: string): { index: number; count: number } {
  const visible = visibleWidgets(widgets);
  return { index: visible.findIndex((w) => w.widget === name), count: visible.length };
}

/**
 * Moves a shown widget to position `to` among the shown ones. Hidden widgets keep their slots
 * in the stored order (they come back where they were). Null when nothing would change.
 */
export function moveWidget(widgets: readonly PageWidget[], name: string, to: number): PageWidget[] | null {
  const visible = visibleWidgets(widgets);
  const from = visible.findIndex((w) => w.widget === name);
  const target = Math.max(0, Math.min(to, visible.length - 1));
  if (from < 0 || from === target) return null;
  const reordered = [...visible];
  const [moved] = reordered.splice(from, 1);
  reordered.splice(target, 0, moved);
  let next = 0;
  return widgets.map((w) => (w.hidden ? w : reordered[next++]));
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

/** One widget as the layout stores it: keeps a pin (not the version it merely resolved to) and its settings. */
export function layoutItem(widget: PageWidget): LayoutItem {
  return {
    widget: widget.widget,
    ...(widget.hidden ? { hidden: true } : {}),
    ...(widget.channel === 'pinned' ? { version: widget.version } : {}),
    ...(Object.keys(widget.settings).length > 0 ? { settings: widget.settings } : {}),
  };
}

/** The body of `PUT /pages/:page/layout` for these widgets, based on layout `version`. */
export function saveBody(version: number, widgets: readonly PageWidget[]): SaveLayoutBody {
  return { version, widgets: widgets.map(layoutItem) };
}

/** True when two widget lists have the same order and the same hidden flags. */
export function sameLayout(a: readonly PageWidget[], b: readonly PageWidget[]): boolean {
  return a.length === b.length && a.every((w, i) => w.widget === b[i].widget && w.hidden === b[i].hidden);
}
