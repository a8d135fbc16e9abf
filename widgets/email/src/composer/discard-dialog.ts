import type { HostApi } from '@switchboard/contracts';
import { HostController } from '@switchboard/widget-sdk';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { messages } from '../messages';
import { baseStyles } from '../styles';

/**
 * The confirmation of Discard (E6): a modal dialog with Discard and Cancel. Focus starts on
 * Cancel and returns to the opener when the dialog closes without discarding.
 *
 * @fires sb-confirm - the agent confirmed; the owner deletes the draft and calls `close()`
 */
@customElement('sb-discard-dialog')
export class DiscardDialog extends LitElement {
  static override styles = baseStyles;

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** True while the deletion runs. */
  @property({ type: Boolean }) busy = false;

  @query('dialog') private _dialog?: HTMLDialogElement;

  private readonly hostCtl = new HostController(this, messages);
  private _opener?: HTMLElement;
  private _confirmed = false;

  /** Opens the dialog; focus returns to `opener` on Cancel or Escape. */
  async open(opener?: HTMLElement): Promise<void> {
    this._opener = opener;
    this._confirmed = false;
    this._dialog?.showModal();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.cancel')?.focus();
  }

  /** Closes the dialog (after a deletion, focus is left to what comes next). */
  close(): void {
    this._dialog?.close();
  }

  override render() {
    if (!this.host) return nothing;
    const { t } = this.hostCtl;
    return html`<dialog aria-labelledby="title" aria-describedby="text" @close=${this._onClose}>
      <h2 id="title">${t('discardTitle')}</h2>
      <p id="text">${t('discardText')}</p>
      <div class="buttons">
        <button type="button" class="danger primary" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this._onConfirm}>
          ${t('discard')}
        </button>
        <button type="button" class="cancel" @click=${() => this.close()}>${t('cancel')}</button>
      </div>
    </dialog>`;
  }

  private _onConfirm(): void {
    if (this.busy) return;
    this._confirmed = true;
    this.dispatchEvent(new CustomEvent('sb-confirm', { bubbles: true, composed: true }));
  }

  private _onClose(): void {
    if (!this._confirmed) this._opener?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-discard-dialog': DiscardDialog;
  }
}
