import { MAX_EMAIL_ATTACHMENT_BYTES, type Attachment, type HostApi, type TicketAttachment, type TicketRef } from '@switchboard/contracts';
import { HostController, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { formatBytes } from '../format';
import type { MailApi } from '../mail-api';
import { messages } from '../messages';
import { baseStyles } from '../styles';
import type { AttachmentStore, UploadRow } from './attachment-store';
import type { TicketAttachmentsDialog } from './ticket-attachments-dialog';
import './ticket-attachments-dialog';

/**
 * The attachments of a draft (E11): a drop zone with "Choose files" (and "Choose from ticket"
 * when the email has a ticket), uploads with progress, the list with sizes and remove buttons,
 * and the running total against 20 MB.
 *
 * @fires sb-download - detail: the Attachment whose name was activated
 * @csspart dropzone - the drop zone
 * @csspart list - the list of files
 */
@customElement('sb-attachments-panel')
export class AttachmentsPanel extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .dropzone {
        padding: 8px 10px;
        border: 2px dashed ${theme.borderStrong};
        border-radius: ${theme.radius};
        background: ${theme.surface};
      }
      .dropzone:focus-within,
      .dropzone:focus-visible {
        outline: 2px solid ${theme.focus};
        outline-offset: 2px;
      }
      .dropzone.dragging {
        border-color: ${theme.accent};
        background: ${theme.accentSoft};
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px 10px;
      }
      .head h4 {
        margin: 0;
        font-size: 1em;
      }
      .total {
        margin-left: auto;
        font-variant-numeric: tabular-nums;
      }
      ul {
        margin: 6px 0 0;
        padding: 0;
        list-style: none;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 4px 8px;
        padding: 3px 0;
        border-top: 1px solid ${theme.border};
      }
      .size {
        font-variant-numeric: tabular-nums;
      }
      .remove {
        margin-left: auto;
      }
      progress {
        flex: 1;
        min-width: 6em;
      }
      .row-error {
        flex-basis: 100%;
        margin: 0;
        color: ${theme.danger};
      }
    `,
  ];

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** The mail service (for "Choose from ticket"). */
  @property({ attribute: false }) api?: MailApi;

  /** The draft's attachments and uploads. */
  @property({ attribute: false }) store?: AttachmentStore;

  /** Bumped by the composer whenever the store changed, so the panel re-renders. */
  @property({ type: Number }) revision = 0;

  /** The email's ticket; without one there is no "Choose from ticket". */
  @property({ attribute: false }) ticket?: TicketRef | null;

  @state() private _dragging = false;

  @query('input[type="file"]') private _fileInput?: HTMLInputElement;
  @query('sb-ticket-attachments-dialog') private _dialog?: TicketAttachmentsDialog;

  private readonly hostCtl = new HostController(this, messages);
  private _dragDepth = 0;

  override render() {
    const store = this.store;
    if (!this.host || !store) return nothing;
    const { t, locale } = this.hostCtl;
    const listed = store.attachments.filter((attachment) => !attachment.inline);
    const used = store.usedBytes;
    return html`<div
        class="dropzone ${this._dragging ? 'dragging' : ''}"
        part="dropzone"
        role="group"
        aria-label=${t('attachments')}
        aria-describedby="total"
        @dragenter=${this._onDragEnter}
        @dragover=${this._onDragOver}
        @dragleave=${this._onDragLeave}
        @drop=${this._onDrop}
      >
        <div class="head">
          <h4 aria-hidden="true">${t('attachments')}</h4>
          <span class="muted">${t('dropHint')}</span>
          <button type="button" class="choose" @click=${() => this._fileInput?.click()}>${t('chooseFiles')}</button>
          ${this.ticket ? html`<button type="button" class="from-ticket" @click=${this._openTicketDialog}>${t('chooseFromTicket')}</button>` : nothing}
          <span id="total" class="total ${used > MAX_EMAIL_ATTACHMENT_BYTES ? 'invalid' : 'muted'}">
            ${t('totalSize', { used: formatBytes(used, locale), max: store.maxLabel() })}
          </span>
        </div>
        <input type="file" multiple hidden @change=${this._onFilesChosen} />
        ${store.notice
          ? html`<div class="alert" role="alert">
              <p>${store.notice}</p>
              <button type="button" @click=${() => store.dismissNotice()}>${t('dismiss')}</button>
            </div>`
          : nothing}
        ${listed.length + store.uploads.length > 0
          ? html`<ul part="list" aria-label=${t('attachedFiles')}>
              ${store.uploads.map((row) => this._renderUpload(row))} ${listed.map((attachment) => this._renderAttachment(attachment))}
            </ul>`
          : nothing}
      </div>
      <sb-ticket-attachments-dialog
        .host=${this.host}
        .api=${this.api}
        .ticket=${this.ticket ?? undefined}
        @sb-ticket-attachments-chosen=${this._onTicketChosen}
      ></sb-ticket-attachments-dialog>`;
  }

  private _renderUpload(row: UploadRow) {
    const { t, locale } = this.hostCtl;
    return html`<li class="upload">
      <span class="name">${row.fileName}</span>
      ${row.inline ? html`<span class="muted">(${t('inlineImage')})</span>` : nothing}
      <span class="size muted">${formatBytes(row.size, locale)}</span>
      ${row.error
        ? html`<p class="row-error" role="alert">${row.error}</p>
            <button type="button" class="remove" @click=${() => this.store?.dismissUpload(row.key)}>${t('dismiss')}</button>`
        : html`<progress max=${row.size || 1} value=${row.loaded} aria-label=${t('uploading', { name: row.fileName })}></progress>`}
    </li>`;
  }

  private _renderAttachment(attachment: Attachment) {
    const { t, locale } = this.hostCtl;
    return html`<li class="attachment">
      <button type="button" class="link name" @click=${() => this._download(attachment)}>${attachment.fileName}</button>
      <span class="size muted">${formatBytes(attachment.size, locale)}</span>
      <button
        type="button"
        class="remove"
        aria-label=${t('removeAttachment', { name: attachment.fileName })}
        title=${t('removeAttachment', { name: attachment.fileName })}
        @click=${() => this._remove(attachment)}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8"><path d="m4 4 8 8M12 4l-8 8" /></svg>
      </button>
    </li>`;
  }

  /** Uploads files (from the picker or a drop); each is its own request. */
  addFiles(files: readonly File[]): void {
    for (const file of files) void this.store?.upload(file);
  }

  private _onFilesChosen(event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    this.addFiles(files);
  }

  private _onDragEnter(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    this._dragDepth += 1;
    this._dragging = true;
  }

  private _onDragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }

  private _onDragLeave(): void {
    this._dragDepth = Math.max(0, this._dragDepth - 1);
    if (this._dragDepth === 0) this._dragging = false;
  }

  private _onDrop(event: DragEvent): void {
    event.preventDefault();
    this._dragDepth = 0;
    this._dragging = false;
    this.addFiles([...(event.dataTransfer?.files ?? [])]);
  }

  private async _remove(attachment: Attachment): Promise<void> {
    await this.store?.remove(attachment);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.choose')?.focus();
  }

  private _download(attachment: Attachment): void {
    this.dispatchEvent(new CustomEvent<Attachment>('sb-download', { detail: attachment, bubbles: true, composed: true }));
  }

  private _openTicketDialog(event: Event): void {
    void this._dialog?.open(event.currentTarget as HTMLElement);
  }

  private _onTicketChosen(event: CustomEvent<TicketAttachment[]>): void {
    void this.store?.addFromTicket(event.detail);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-attachments-panel': AttachmentsPanel;
  }
}
