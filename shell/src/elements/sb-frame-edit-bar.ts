import type { ItemSetting, LayoutRegion, Locale } from '@switchboard/contracts';
import { theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { layoutMoveEvent, layoutRegionEvent, type LayoutPlace } from '../layout/layout-moves';
import { translate } from '../messages';
import { sharedStyles } from './shared-styles';

export type { LayoutMoveDetail } from '../layout/layout-moves';

/** Detail of `sb-layout-hide`, `sb-layout-dragstart` and `sb-override-clear`. */
export interface WidgetNameDetail {
  widget: string;
}

/** Detail of `sb-layout-settings`: the values of `widget`'s declared item settings, by key (an empty one removes it). */
export interface LayoutSettingsDetail {
  widget: string;
  values: Record<string, string>;
}

/** The controls of the bar, for `focusControl`. */
export type EditBarControl = 'up' | 'down' | 'region' | 'hide';

/**
 * The layout controls of one widget's frame while the page edits its layout: a drag handle,
 * Move up, Move down (in its column), Move to the other column, and Hide (or "Required on this page" for a mandatory widget). Moves past
 * either end do nothing; the buttons say so with `aria-disabled` and stay focusable. A widget
 * whose manifest declares item settings (Page in page's address) also gets a field for each.
 *
 * @fires sb-layout-move - detail LayoutMoveDetail
 * @fires sb-layout-hide - detail WidgetNameDetail
 * @fires sb-layout-dragstart - detail WidgetNameDetail: the handle is being dragged
 * @fires sb-layout-settings - detail LayoutSettingsDetail: the agent saved the widget's settings
 */
@customElement('sb-frame-edit-bar')
export class SbFrameEditBar extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        width: 100%;
      }
      .edit {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem;
      }
      button {
        min-height: 2rem;
        padding: 0.2rem 0.6rem;
        font-size: 0.85rem;
      }
      button[aria-disabled='true'] {
        cursor: not-allowed;
        opacity: 0.6;
      }
      .handle {
        cursor: grab;
        padding: 0.2rem 0.4rem;
        border: 1px dashed ${theme.border};
        border-radius: 6px;
        color: ${theme.textMuted};
        user-select: none;
      }
      .settings {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: end;
        flex-basis: 100%;
      }
      .settings label {
        display: grid;
        gap: 0.2rem;
        flex: 1 1 14rem;
        font-size: 0.85rem;
      }
      .required {
        font-size: 0.85rem;
        color: ${theme.textMuted};
      }
    `,
  ];

  /** Registry name of the widget. */
  @property() widget = '';
  /** The widget's title in the agent's language, for the controls' names. */
  @property() widgetTitle = '';
  /** The agent's language. */
  @property() locale: Locale = 'en';
  /** The column it shows in, its position among the shown widgets of it (0-based) and how many there are. */
  @property() region: LayoutRegion = 'side';
  @property({ type: Number }) position = 0;
  @property({ type: Number }) count = 0;
  /** A mandatory widget cannot be hidden. */
  @property({ type: Boolean }) mandatory = false;
  /** The item settings the widget's manifest declares, each a field, and the values the layout item has. */
  @property({ attribute: false }) settings: readonly ItemSetting[] = [];
  @property({ attribute: false }) values: Readonly<Record<string, unknown>> = {};

  /** Focuses one of the controls, e.g. after a move or when a hidden widget is shown again. */
  async focusControl(control: EditBarControl): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-control=${control}]`)?.focus();
  }

  override render() {
    const t = translate(this.locale);
    const title = this.widgetTitle;
    const first = this.position === 0;
    const last = this.position >= this.count - 1;
    // One button for both ways, so it keeps the focus when the widget changes columns.
    const toMain = this.region === 'side';
    return html`<div class="edit" role="group" aria-label=${t('layout.controls', { title })}>
      <span class="handle" draggable="true" aria-hidden="true" title=${t('layout.drag')} @dragstart=${this._onDragStart}>⠿</span>
      <button type="button" data-control="up" aria-label=${t('layout.moveUp', { title })} aria-disabled=${first ? 'true' : 'false'} @click=${() => this._move(-1)}>
        ↑ ${t('layout.up')}
      </button>
      <button type="button" data-control="down" aria-label=${t('layout.moveDown', { title })} aria-disabled=${last ? 'true' : 'false'} @click=${() => this._move(1)}>
        ↓ ${t('layout.down')}
      </button>
      <button type="button" data-control="region" aria-label=${t(toMain ? 'layout.toMain' : 'layout.toSide', { title })} @click=${this._toOtherRegion}>
        ${t(toMain ? 'layout.toMainShort' : 'layout.toSideShort')}
      </button>
      ${this.mandatory
        ? html`<span class="required">${t('layout.required')}</span>`
        : html`<button type="button" data-control="hide" aria-label=${t('layout.hide', { title })} @click=${this._onHide}>
            ${t('layout.hideShort')}
          </button>`}
      ${this.settings.length === 0
        ? nothing
        : html`<form class="settings" aria-label=${t('layout.settings', { title })} @submit=${this._onSettings}>
            ${this.settings.map(
              (setting) =>
                html`<label
                  >${setting.label[this.locale]}
                  <input name=${setting.key} type="text" inputmode=${setting.kind === 'url' ? 'url' : 'text'} .value=${this._value(setting.key)}
                /></label>`,
            )}
            <button type="submit">${t('layout.saveSettings')}</button>
          </form>`}
    </div>`;
  }

  private _value(key: string): string {
    const value = this.values[key];
    return typeof value === 'string' ? value : '';
  }

  private _onSettings(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const values = Object.fromEntries(this.settings.map((s) => [s.key, String(form.get(s.key) ?? '').trim()]));
    this._fire<LayoutSettingsDetail>('sb-layout-settings', { widget: this.widget, values });
  }

  private get _place(): LayoutPlace {
    return { region: this.region, position: this.position, count: this.count };
  }

  private _move(delta: number): void {
    const event = layoutMoveEvent(this.widget, this._place, delta);
    if (event) this.dispatchEvent(event);
  }

  private _toOtherRegion(): void {
    const event = layoutRegionEvent(this.widget, this._place, this.region === 'main' ? 'side' : 'main');
    if (event) this.dispatchEvent(event);
  }

  private _onHide(): void {
    this._fire<WidgetNameDetail>('sb-layout-hide', { widget: this.widget });
  }

  /** The drag carries the widget's name; the frame around sets the drag image (the whole frame). */
  private _onDragStart(event: DragEvent): void {
    if (event.dataTransfer) {
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', this.widget);
    }
    this._fire<WidgetNameDetail>('sb-layout-dragstart', { widget: this.widget });
  }

  private _fire<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-frame-edit-bar': SbFrameEditBar;
  }
}
