import type { LayoutRegion, Locale } from '@switchboard/contracts';
import { css, LitElement, unsafeCSS } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { deepActiveElement, place } from '../layout/dom-order';
import type { FramePlan } from '../layout/frame-plan';
import { translate } from '../messages';
import type { WidgetFrameRuntime } from '../widgets/frame-runtime';
import type { EditBarControl, LayoutMoveDetail, WidgetNameDetail } from './sb-frame-edit-bar';
import type { SbWidgetFrame } from './sb-widget-frame';
import './sb-widget-frame';

/** Window width (px) from which the page has a wide main column and a side column; below it, one column. */
export const TWO_COLUMNS_FROM_PX = 1100;

/**
 * The widget frames of a page, in the order of its plan, in the regions their layout items name:
 * the wide main column (Email in the demo's layout) and the side column; below
 * ${TWO_COLUMNS_FROM_PX} px the side column follows under the main one. A frame is created once
 * per widget and source and then only moved (with `moveBefore` where the browser has it), so a
 * reorder never remounts a widget. While the page edits its layout a frame can be dragged by its
 * handle onto another (taking its place) or onto a column (to its end; an empty column shows as
 * a drop zone); an error thrown by a widget's script is told to the frame that owns it.
 *
 * @fires sb-layout-move - detail LayoutMoveDetail: a frame was dropped onto another's place or a column
 */
@customElement('sb-widget-grid')
export class SbWidgetGrid extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 1rem;
      align-items: start;
    }
    .region {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 1rem;
      align-content: start;
      min-width: 0;
    }
    .region:empty {
      display: none;
    }
    :host([editing]) .region {
      min-height: 6rem;
      padding: 0.5rem;
      border: 2px dashed transparent;
      border-radius: 8px;
    }
    :host([editing]) .region:empty {
      display: grid;
      place-items: center;
      border-color: currentColor;
    }
    :host([editing]) .region:empty::before {
      content: attr(data-label);
    }
    :host([editing]) .region[drop-target] {
      border-color: currentColor;
    }
    @media (min-width: ${unsafeCSS(TWO_COLUMNS_FROM_PX)}px) {
      :host {
        grid-template-columns: minmax(0, 2fr) minmax(22rem, 1fr);
      }
    }
  `;

  /** The frames to show, in order. */
  @property({ attribute: false }) plans: readonly FramePlan[] = [];
  /** What every frame loads and mounts with. */
  @property({ attribute: false }) runtime?: WidgetFrameRuntime;
  /** The agent's language. */
  @property() locale: Locale = 'en';
  /** The page is editing its layout. */
  @property({ type: Boolean, reflect: true }) editing = false;

  private readonly _frames = new Map<string, SbWidgetFrame>();
  private _dragging?: string;
  private _dropTarget?: HTMLElement;

  private readonly _onWindowError = (event: ErrorEvent) => {
    for (const frame of this._frames.values()) if (frame.ownsScript(event.filename)) frame.runtimeError(event.message);
  };

  constructor() {
    super();
    // Script errors of widgets surface on the window while the grid is on the page.
    this.addController({
      hostConnected: () => window.addEventListener('error', this._onWindowError),
      hostDisconnected: () => window.removeEventListener('error', this._onWindowError),
    });
    this.addEventListener('sb-layout-dragstart', (event) => (this._dragging = (event as CustomEvent<WidgetNameDetail>).detail.widget));
    this.addEventListener('dragover', (event) => this._onDragOver(event));
    this.addEventListener('dragleave', (event) => this._onDragLeave(event));
    this.addEventListener('drop', (event) => this._onDrop(event));
    this.addEventListener('dragend', () => this._endDrag());
  }

  /** Focuses a layout control of one widget's frame. */
  async focusControl(widget: string, control: EditBarControl): Promise<void> {
    await this.updateComplete;
    await this._frames.get(widget)?.focusControl(control);
  }

  /** The main and the side column, created with the shadow root (the frames are placed, not rendered). */
  private readonly _regions = { main: this._region('main'), side: this._region('side') };

  protected override firstUpdated(): void {
    this.renderRoot.append(this._regions.main, this._regions.side);
  }

  protected override updated(): void {
    const t = translate(this.locale);
    this._regions.main.dataset.label = t('layout.mainColumn');
    this._regions.side.dataset.label = t('layout.sideColumn');
    this._syncFrames();
  }

  private _region(name: LayoutRegion): HTMLDivElement {
    const div = document.createElement('div');
    div.className = `region ${name}`;
    div.dataset.region = name;
    return div;
  }

  /**
   * Brings the frames in line with the plan: new ones created, gone ones removed, the rest moved
   * (never re-created). The frames are the regions' children, placed here rather than rendered
   * by a template (`render()` is Lit's default, which leaves the root alone), each in its region.
   */
  private _syncFrames(): void {
    const placed = { main: 0, side: 0 };
    const focused = deepActiveElement();
    for (const [name, frame] of this._frames) {
      if (!this.plans.some((plan) => plan.name === name && frame.dataset.key === plan.key)) {
        frame.remove();
        this._frames.delete(name);
      }
    }
    for (const plan of this.plans) {
      let frame = this._frames.get(plan.name);
      if (!frame) {
        frame = document.createElement('sb-widget-frame');
        frame.dataset.key = plan.key;
        this._frames.set(plan.name, frame);
      }
      // A frame that stays gets its layout item anew (saved settings reach the widget, no reload).
      frame.source = plan.source;
      frame.locale = this.locale;
      frame.runtime = this.runtime;
      frame.editing = this.editing;
      frame.region = plan.region;
      frame.position = plan.position;
      frame.count = plan.count;
      frame.collapsed = plan.collapsed;
      const region = this._regions[plan.region];
      const at = region.children[placed[plan.region]++] ?? null;
      if (at !== frame) place(region, frame, at);
    }
    // An ordinary insert (no moveBefore) drops focus from a moved frame: give it back.
    if (focused?.isConnected && deepActiveElement() !== focused) focused.focus();
  }

  /** The frame an event happened in. */
  private _frameOf(event: Event): SbWidgetFrame | undefined {
    return event.composedPath().find((node): node is SbWidgetFrame => node instanceof HTMLElement && node.localName === 'sb-widget-frame');
  }

  /** The region an event happened in (on a frame or on the column around the frames). */
  private _regionOf(event: Event): HTMLElement | undefined {
    return event.composedPath().find((node): node is HTMLElement => node instanceof HTMLElement && node.classList.contains('region'));
  }

  /** Where a drop onto this event's target moves a widget: a frame's place, else the end of the column; none outside both. */
  private _dropAt(event: Event): { target: HTMLElement; region: LayoutRegion; to: number } | undefined {
    const frame = this._frameOf(event);
    if (frame && frame.position >= 0) return { target: frame, region: frame.region, to: frame.position };
    const region = this._regionOf(event);
    if (!region || frame) return undefined;
    return { target: region, region: region.dataset.region as LayoutRegion, to: Number.MAX_SAFE_INTEGER };
  }

  private _onDragOver(event: DragEvent): void {
    const drop = this._dropAt(event);
    if (!this._dragging || !drop) return;
    const target = drop.target;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    if (this._dropTarget !== target) {
      this._dropTarget?.removeAttribute('drop-target');
      this._dropTarget = target;
      target.setAttribute('drop-target', '');
    }
  }

  private _onDragLeave(event: DragEvent): void {
    if (this._dropTarget && !this._dropTarget.contains(event.relatedTarget as Node | null)) {
      this._dropTarget.removeAttribute('drop-target');
      this._dropTarget = undefined;
    }
  }

  private _onDrop(event: DragEvent): void {
    const drop = this._dropAt(event);
    const dragging = this._dragging;
    this._endDrag();
    if (!dragging || !drop) return;
    event.preventDefault();
    const detail: LayoutMoveDetail = { widget: dragging, region: drop.region, to: drop.to };
    this.dispatchEvent(new CustomEvent('sb-layout-move', { detail, bubbles: true, composed: true }));
  }

  private _endDrag(): void {
    this._dragging = undefined;
    this._dropTarget?.removeAttribute('drop-target');
    this._dropTarget = undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-widget-grid': SbWidgetGrid;
  }
}
