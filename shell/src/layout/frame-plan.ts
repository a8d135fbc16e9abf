import type { PageWidget } from '@switchboard/contracts';
import type { WidgetSource } from '../widgets/widget-loader';
import { visibleWidgets } from './layout-model';

/** One frame the page should show, in order. */
export interface FramePlan {
  /** Registry name of the widget. */
  name: string;
  source: WidgetSource;
  /** Tells whether an existing frame can stay: the same override URL, or the registry. */
  key: string;
  /** Position among the layout's shown widgets; -1 for an override of a widget the layout does not have. */
  position: number;
}

/**
 * The frames to show, in order: the layout's shown widgets (each from this browser's dev
 * override when it has one, else from the registry), then overrides of widgets the layout does
 * not have.
 */
export function planFrames(widgets: readonly PageWidget[], overrides: Readonly<Record<string, string>>): FramePlan[] {
  const shown = visibleWidgets(widgets).map((widget, position): FramePlan => {
    const url = overrides[widget.widget];
    return url
      ? { name: widget.widget, source: { kind: 'override', name: widget.widget, manifestUrl: url, widget }, key: `override:${url}`, position }
      : { name: widget.widget, source: { kind: 'registry', widget }, key: 'registry', position };
  });
  const extra = Object.entries(overrides)
    .filter(([name]) => !widgets.some((w) => w.widget === name))
    .map(([name, url]): FramePlan => ({ name, source: { kind: 'override', name, manifestUrl: url }, key: `override:${url}`, position: -1 }));
  return [...shown, ...extra];
}
