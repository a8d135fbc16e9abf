import type { LayoutRegion, PageWidget } from '@switchboard/contracts';
import type { WidgetSource } from '../widgets/widget-loader';
import { regionOf, visibleWidgets } from './layout-model';

/** One frame the page should show, in order. */
export interface FramePlan {
  /** Registry name of the widget. */
  name: string;
  source: WidgetSource;
  /** Tells whether an existing frame can stay: the same override URL, or the registry. */
  key: string;
  /** The column it shows in; overrides of widgets the layout does not have go to the side column. */
  region: LayoutRegion;
  /** Position among the shown widgets of its region; -1 for an override of a widget the layout does not have. */
  position: number;
  /** How many widgets of the layout its region shows. */
  count: number;
  /** The agent collapsed it: only its header shows, and the widget mounts once expanded. */
  collapsed: boolean;
}

/**
 * The frames to show, in order: the layout's shown widgets (each from this browser's dev
 * override when it has one, else from the registry), then overrides of widgets the layout does
 * not have.
 */
export function planFrames(widgets: readonly PageWidget[], overrides: Readonly<Record<string, string>>): FramePlan[] {
  const visible = visibleWidgets(widgets);
  const inRegion = (region: LayoutRegion) => visible.filter((w) => regionOf(w) === region);
  const shown = visible.map((widget): FramePlan => {
    const region = regionOf(widget);
    const peers = inRegion(region);
    const place = { region, position: peers.indexOf(widget), count: peers.length, collapsed: widget.collapsed ?? false };
    const url = overrides[widget.widget];
    return url
      ? { name: widget.widget, source: { kind: 'override', name: widget.widget, manifestUrl: url, widget }, key: `override:${url}`, ...place }
      : { name: widget.widget, source: { kind: 'registry', widget }, key: 'registry', ...place };
  });
  const extra = Object.entries(overrides)
    .filter(([name]) => !widgets.some((w) => w.widget === name))
    .map(
      ([name, url]): FramePlan => ({
        name,
        source: { kind: 'override', name, manifestUrl: url },
        key: `override:${url}`,
        region: 'side',
        position: -1,
        count: 0,
        collapsed: false,
      }),
    );
  return [...shown, ...extra];
}
