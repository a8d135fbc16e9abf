import type { HostApi, TicketAttachment, TicketRef } from '@switchboard/contracts';
import { errorMessage, HostController } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { formatBytes } from '../format';
import type { MailApi } from '../mail-api';
import { messages } from '../messages';
import { baseStyles } from '../styles';

type ListState =
  | { status: 'loading' }
  | { status: 'ready'; items: TicketAttachment[] }
  | { status: 'error'; message: string };

/**
 * "Choose from ticket" (E11): a modal dialog listing the files of the ticket's emails with
 * checkboxes, OK and Cancel. Focus goes to the first checkbox (or Cancel) and back to the
 * opener on close.
 *
 * @fires sb-ticket-attachments-chosen - detail: the chosen TicketAttachment[] (on OK)
 */
@customElement('sb-ticket-attachments-dialog')
export class TicketAttachmentsDialog extends LitElement {
  static override styles = [
    baseStyles,
    css`
      ul {
        max-height: 50vh;
        overflow-y: auto;
        margin: 0 0 12px;
        padding: 0;
        list-style: none;
      }
      li label {
        display: flex;
        align-items: baseline;
        gap: 8px;
        padding: 4px 0;
      }
      .from {
        font-size: 0.857em;
      }
    `,
  ];

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** The mail service. */
  @property({ attribute: false }) api?: MailApi;

  /** The email's ticket. */
  @property({ attribute: false }) ticket?: TicketRef;

  @state() private _list: ListState = { status: 'loading' };
  @state() private _chosen: ReadonlySet<string> = new Set();

  @query('dialog') private _dialog?: HTMLDialogElement;

  private readonly hostCtl = new HostController(this, messages);
  private _opener?: HTMLElement;

  /** Opens the dialog and loads the ticket's files; focus returns to `opener` on close. */
  async open(opener?: HTMLElement): Promise<void> {
    this._opener = opener;
    this._chosen = new Set();
    this._list = { status: 'loading' };
    await this.updateComplete;
    this._dialog?.showModal();
    this._focusFirst();
    if (!this.api || !this.ticket) return;
    try {
      const list = await this.api.listTicketAttachments(this.ticket.id);
      this._list = { status: 'ready', items: list.items };
    } catch (error) {
      this._list = { status: 'error', message: errorMessage(error, this.hostCtl.t) };
    }
    this._focusFirst();
  }

  override render() {
    if (!this.host) return nothing;
    const { t } = this.hostCtl;
    return html`<dialog aria-labelledby="title" @close=${this._onClose}>
      <h2 id="title">${t('ticketAttachmentsTitle', { number: this.ticket?.number ?? '' })}</h2>
      ${this._renderList()}
      <div class="buttons">
        <button type="button" class="primary" @click=${this._onOk}>${t('ok')}</button>
        <button type="button" class="cancel" @click=${() => this._dialog?.close()}>${t('cancel')}</button>
      </div>
    </dialog>`;
  }

  private _renderList() {
    const { t, locale } = this.hostCtl;
    const list = this._list;
    if (list.status === 'loading') return html`<p class="muted">${t('ticketAttachmentsLoading')}</p>`;
    if (list.status === 'error') return html`<p class="alert" role="alert">${t('ticketAttachmentsFailed', { message: list.message })}</p>`;
    if (list.items.length === 0) return html`<p class="muted">${t('ticketAttachmentsEmpty')}</p>`;
    return html`<ul aria-label=${t('ticketAttachmentsList')}>
      ${list.items.map(
        (item) => html`<li>
          <label>
            <input type="checkbox" .checked=${this._chosen.has(item.id)} @change=${() => this._toggle(item.id)} />
            <span>${item.fileName}</span>
            <span class="muted">${formatBytes(item.size, locale)}</span>
            <span class="from muted">${t('fromEmail', { subject: item.emailSubject || t('noSubject') })}</span>
          </label>
        </li>`,
      )}
    </ul>`;
  }

  private _toggle(id: string): void {
    const next = new Set(this._chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this._chosen = next;
  }

  private _onOk(): void {
    const items = this._list.status === 'ready' ? this._list.items.filter((item) => this._chosen.has(item.id)) : [];
    this._dialog?.close();
    if (items.length > 0) {
      this.dispatchEvent(new CustomEvent<TicketAttachment[]>('sb-ticket-attachments-chosen', { detail: items, bubbles: true, composed: true }));
    }
  }

  private _onClose(): void {
    this._opener?.focus();
  }

  private async _focusFirst(): Promise<void> {
    await this.updateComplete;
    const target = this.renderRoot.querySelector<HTMLElement>('dialog input[type="checkbox"]') ?? this.renderRoot.querySelector<HTMLElement>('dialog .cancel');
    target?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-ticket-attachments-dialog': TicketAttachmentsDialog;
  }
}
