import type { LayoutRegion } from '@switchboard/contracts';

/** Detail of `sb-layout-move`: move `widget` to position `to` (0-based) among the shown widgets of `region`; past its end: last. */
export interface LayoutMoveDetail {
  widget: string;
  region: LayoutRegion;
  to: number;
}

/** Where a widget is: its region, its position among the shown widgets of it (-1: not in the layout) and how many that is. */
export interface LayoutPlace {
  region: LayoutRegion;
  position: number;
  count: number;
}

const moveEvent = (detail: LayoutMoveDetail) => new CustomEvent<LayoutMoveDetail>('sb-layout-move', { detail, bubbles: true, composed: true });

/**
 * The `sb-layout-move` event that moves a widget by `delta` places (`-1` up, `1` down) in its
 * region; none past either end or for a widget not shown.
 */
export function layoutMoveEvent(widget: string, { region, position, count }: LayoutPlace, delta: number): CustomEvent<LayoutMoveDetail> | undefined {
  const to = position + delta;
  if (position < 0 || to < 0 || to >= count) return undefined;
  return moveEvent({ widget, region, to });
}

/** The `sb-layout-move` event that moves a widget to the end of `region`; none when it is there already or not shown. */
export function layoutRegionEvent(widget: string, place: LayoutPlace, region: LayoutRegion): CustomEvent<LayoutMoveDetail> | undefined {
  if (place.position < 0 || place.region === region) return undefined;
  return moveEvent({ widget, region, to: Number.MAX_SAFE_INTEGER });
}
