/** Set when every frame of a page's composition has settled (mounted or failed) the first time, or waits to be shown (collapsed, below the fold). */
export const WIDGETS_READY_MARK = 'sb:widgets-ready';

/** Set by a frame when its widget mounted. */
export const widgetReadyMark = (widget: string): string => `sb:widget-ready:${widget}`;

/**
 * The performance marks of a page's composition, which the e2e tests and the page-load bench
 * wait for: `sb:widgets-ready` once every frame of it settled for the first time (a Retry
 * later does not count) or told that it mounts when shown. A new composition starts afresh, clearing the marks of the last one.
 */
export class ReadyMarks {
  private unsettled = new Set<string>();

  /** Starts waiting for these widgets' frames. */
  begin(widgets: readonly string[]): void {
    this.unsettled = new Set(widgets);
    performance.clearMarks(WIDGETS_READY_MARK);
    for (const widget of widgets) performance.clearMarks(widgetReadyMark(widget));
    if (widgets.length === 0) performance.mark(WIDGETS_READY_MARK);
  }

  /** A frame settled; `first` is false for a Retry. */
  settled(widget: string, first: boolean): void {
    if (!first || !this.unsettled.delete(widget)) return;
    if (this.unsettled.size === 0) performance.mark(WIDGETS_READY_MARK);
  }
}
