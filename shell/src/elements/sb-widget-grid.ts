import type { Locale } from '@switchboard/contracts';
import { css, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { deepActiveElement, place } from '../layout/dom-order';
import type { FramePlan } from '../layout/frame-plan';
import type { WidgetFrameRuntime } from '../widgets/frame-runtime';
import type { EditBarControl, LayoutMoveDetail, WidgetNameDetail } from './sb-frame-edit-bar';
import type { SbWidgetFrame } from './sb-widget-frame';
import './sb-widget-frame';

/**
 * The widget frames of a page, in the order of its plan. A frame is created once per widget and
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
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 24rem), 1fr));
      gap: 1rem;
      align-items: start;
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

  protected override updated(): void {
    this._syncFrames();
  }

  /**
   * Brings the frames in line with the plan: new ones created, gone ones removed, the rest moved
   * (never re-created). The frames are the shadow root's children, placed here rather than
   * rendered by a template (`render()` is Lit's default, which leaves the root alone).
   */
  private _syncFrames(): void {
    const root = this.renderRoot as ShadowRoot;
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
      const at = root.children[index] ?? null;
      if (at !== frame) place(root, frame, at);
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
