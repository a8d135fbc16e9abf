import type { Locale } from '@switchboard/contracts';
import { css, LitElement, unsafeCSS } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { deepActiveElement, place } from '../layout/dom-order';
import type { FramePlan } from '../layout/frame-plan';
import type { WidgetFrameRuntime } from '../widgets/frame-runtime';
import type { EditBarControl, LayoutMoveDetail, WidgetNameDetail } from './sb-frame-edit-bar';
import type { SbWidgetFrame } from './sb-widget-frame';
import './sb-widget-frame';

/** Window width (px) from which the page has a wide main column and a side column; below it, one column. */
export const TWO_COLUMNS_FROM_PX = 1100;

/**
 * The widget frames of a page, in the order of its plan, in two regions: the first widget of the
 * layout (Email in the demo's) takes the wide main column, the others stack in the side column;
 * below ${TWO_COLUMNS_FROM_PX} px the side column follows under the main one. Moving a widget to
 * the top of the layout moves it into the main column. A frame is created once per widget and
 * source and then only moved (with `moveBefore` where the browser has it), so a reorder never
 * remounts a widget. While the page edits its layout a frame can be dragged by its handle onto
 * another; an error thrown by a widget's script is told to the frame that owns it.
 *
 * @fires sb-layout-move - detail LayoutMoveDetail: a frame was dropped onto another's place
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
  @property({ type: Boolean }) editing = false;

  private readonly _frames = new Map<string, SbWidgetFrame>();
  private _dragging?: string;
  private _dropTarget?: SbWidgetFrame;

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
    this._syncFrames();
  }

  private _region(name: 'main' | 'side'): HTMLDivElement {
    const div = document.createElement('div');
    div.className = `region ${name}`;
    div.dataset.region = name;
    return div;
  }

  /**
   * Brings the frames in line with the plan: new ones created, gone ones removed, the rest moved
   * (never re-created). The frames are the regions' children, placed here rather than rendered
   * by a template (`render()` is Lit's default, which leaves the root alone): the first in the
   * main region, the rest in the side region.
   */
  private _syncFrames(): void {
    const count = this.plans.filter((plan) => plan.position >= 0).length;
    const focused = deepActiveElement();
    for (const [name, frame] of this._frames) {
      if (!this.plans.some((plan) => plan.name === name && frame.dataset.key === plan.key)) {
        frame.remove();
        this._frames.delete(name);
      }
    }
    this.plans.forEach((plan, index) => {
      let frame = this._frames.get(plan.name);
      if (!frame) {
        frame = document.createElement('sb-widget-frame');
        frame.dataset.key = plan.key;
        frame.source = plan.source;
        this._frames.set(plan.name, frame);
      }
      frame.locale = this.locale;
      frame.runtime = this.runtime;
      frame.editing = this.editing;
      frame.position = plan.position;
      frame.count = count;
      const region = index === 0 ? this._regions.main : this._regions.side;
      const at = region.children[index === 0 ? 0 : index - 1] ?? null;
      if (at !== frame) place(region, frame, at);
    });
    // An ordinary insert (no moveBefore) drops focus from a moved frame: give it back.
    if (focused?.isConnected && deepActiveElement() !== focused) focused.focus();
  }

  /** The frame an event happened in. */
  private _frameOf(event: Event): SbWidgetFrame | undefined {
    return event.composedPath().find((node): node is SbWidgetFrame => node instanceof HTMLElement && node.localName === 'sb-widget-frame');
  }

  private _onDragOver(event: DragEvent): void {
    const target = this._frameOf(event);
    if (!this._dragging || !target || target.position < 0) return;
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
    const target = this._frameOf(event);
    const dragging = this._dragging;
    this._endDrag();
    if (!dragging || !target || target.position < 0) return;
    event.preventDefault();
    const detail: LayoutMoveDetail = { widget: dragging, to: target.position };
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
