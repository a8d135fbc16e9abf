import type { Locale } from '@switchboard/contracts';
import { theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { translate } from '../messages';
import { sharedStyles } from './shared-styles';

/**
 * The layout toolbar of a page: the "Edit layout" toggle, "Reset to team layout" and a hint
 * while editing, the live status line of layout changes, and an alert when a save failed.
 *
 * @fires sb-layout-editing - the agent toggled "Edit layout"
 * @fires sb-layout-reset - the agent asked for the team layout
 */
@customElement('sb-layout-toolbar')
export class SbLayoutToolbar extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 0.75rem;
        margin-bottom: 0.75rem;
      }
      .toolbar button[aria-pressed='true'] {
        background: ${theme.accent};
        border-color: ${theme.accent};
        color: ${theme.onAccent};
      }
      .hint,
      .status {
        margin: 0 0 0.75rem;
      }
      .status:empty {
        margin: 0;
      }
      .alert {
        margin-bottom: 1rem;
      }
    `,
  ];

  /** The agent's language. */
  @property() locale: Locale = 'en';
  /** The page is editing its layout. */
  @property({ type: Boolean }) editing = false;
  /** What the status line says (a live region, always present). */
  @property() info = '';
  /** Why the last save did not get through; no alert when empty. */
  @property() error = '';

  override render() {
    const t = translate(this.locale);
    return html`
      <div class="toolbar">
        <button type="button" aria-pressed=${this.editing ? 'true' : 'false'} @click=${() => this._fire('sb-layout-editing')}>${t('layout.edit')}</button>
        ${this.editing ? html`<button type="button" @click=${() => this._fire('sb-layout-reset')}>${t('layout.reset')}</button>` : nothing}
      </div>
      ${this.editing ? html`<p class="hint muted">${t('layout.hint')}</p>` : nothing}
      <p class="status" role="status">${this.info}</p>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
    `;
  }

  private _fire(type: 'sb-layout-editing' | 'sb-layout-reset'): void {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-layout-toolbar': SbLayoutToolbar;
  }
}
