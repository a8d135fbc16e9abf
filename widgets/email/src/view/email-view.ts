import { Task } from '@lit/task';
import type { Attachment, Email, HostApi, MailAddress, RemoteImages } from '@switchboard/contracts';
import { errorMessage, formatDateTime, HostController, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { addressLabel } from '../addresses';
import { AttachmentUrls } from '../attachment-urls';
import { formatBytes, formatTime } from '../format';
import type { MailApi } from '../mail-api';
import { messages } from '../messages';
import { baseStyles } from '../styles';
import { startReply, type ReplyMode } from './reply';
import type { EmailThread } from './email-thread';
import './email-thread';
import '../composer/held-send';
import '../composer/macro-progress';

/** A held-back remote image in a received body (issue 13). */
const REMOTE_IMAGE = /<img[^>]+src="remote:\d+"/;

/**
 * A sent, queued, failed or received email, read-only: header, live status with "Try again" for
 * a failed send, the sanitized body (its remote images blocked until the agent shows them, issue
 * 13), attachments to download, Reply / Reply all / Forward (N3) and the ticket's thread.
 *
 * @fires sb-email-updated - detail: the Email after "Try again" (queued again)
 * @csspart status - the status line
 * @csspart body - the message body
 */
@customElement('sb-email-view')
export class EmailView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .status {
        margin: 0 0 8px;
        font-weight: 600;
      }
      .status.failed {
        color: ${theme.danger};
      }
      .status.sent {
        color: ${theme.success};
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 2px 10px;
        margin: 0 0 8px;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin-bottom: 8px;
      }
      .body {
        padding: 8px 10px;
        border: 1px solid ${theme.border};
        border-radius: ${theme.radius};
        overflow-wrap: anywhere;
        overflow-x: auto;
      }
      .body img {
        max-width: 100%;
      }
      .body blockquote {
        margin: 0 0 0.6em;
        padding-left: 10px;
        border-left: 3px solid ${theme.borderStrong};
        color: ${theme.textMuted};
      }
      .attachments {
        margin: 8px 0 0;
        padding: 0;
        list-style: none;
      }
      .attachments li {
        display: flex;
        gap: 8px;
        align-items: baseline;
      }
      .important {
        color: ${theme.importantText};
      }
      .remote {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px 10px;
        margin-bottom: 8px;
      }
    `,
  ];

  /** The host API: language, tabs. */
  @property({ attribute: false }) host?: HostApi;

  /** The mail service. */
  @property({ attribute: false }) api?: MailApi;

  /** The email shown. */
  @property({ attribute: false }) email?: Email;

  @state() private _resending = false;
  @state() private _error = '';

  @query('.body') private _body?: HTMLElement;
  @query('sb-email-thread') private _thread?: EmailThread;

  private readonly hostCtl = new HostController(this, messages);
  private _urls?: AttachmentUrls;

  /** The email whose remote images the agent just showed here. */
  @state() private _shownRemote?: string;

  /** The body's held-back remote images, asked only when it has some. */
  private readonly _remote = new Task(this, {
    task: async ([api, id, held], { signal }): Promise<RemoteImages | null> => (api && id && held ? api.getRemoteImages(id, signal) : null),
    args: () => [this.api, this.email?.id, REMOTE_IMAGE.test(this.email?.html ?? '')] as const,
  });

  private get _remoteImages(): RemoteImages | null {
    const remote = this._remote.value ?? null;
    return remote && this._shownRemote === this.email?.id ? { ...remote, allowed: true } : remote;
  }

  /** Loads the ticket's thread again. */
  refreshThread(): void {
    this._thread?.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._urls?.dispose();
    this._urls = undefined;
  }

  override updated(): void {
    this._showInlineImages();
  }

  override render() {
    const email = this.email;
    if (!this.host || !email) return nothing;
    const { t, locale } = this.hostCtl;
    const list = (addresses: MailAddress[]) => addresses.map(addressLabel).join(', ');
    const date = email.sentAt ?? email.createdAt;
    const listed = email.attachments.filter((attachment) => !attachment.inline);
    return html`<p class="status ${email.status}" part="status" role="status">${this._statusText(email)}</p>
      <sb-held-send .host=${this.host} .api=${this.api} .email=${email}></sb-held-send>
      ${email.direction === 'outbound' ? html`<sb-macro-progress .host=${this.host} .api=${this.api} emailId=${email.id} ticketId=${email.ticket?.id ?? ''}></sb-macro-progress>` : nothing}
      ${email.status === 'failed'
        ? html`<div class="actions">
            <button type="button" class="primary" aria-disabled=${this._resending ? 'true' : 'false'} @click=${this._onResend}>
              ${t('tryAgain')}
            </button>
          </div>`
        : nothing}
      ${this._error ? html`<p class="alert" role="alert">${this._error}</p>` : nothing}
      <dl>
        <dt>${t('fromLabel')}</dt>
        <dd>${email.from ? addressLabel(email.from) : '—'}</dd>
        <dt>${t('field_to')}</dt>
        <dd>${list(email.to) || '—'}</dd>
        ${email.cc.length > 0 ? html`<dt>${t('field_cc')}</dt><dd>${list(email.cc)}</dd>` : nothing}
        ${email.bcc.length > 0 ? html`<dt>${t('field_bcc')}</dt><dd>${list(email.bcc)}</dd>` : nothing}
        <dt>${t('subjectLabel')}</dt>
        <dd>${email.subject || t('noSubject')} ${email.important ? html`<span class="important">(${t('important')})</span>` : nothing}</dd>
        <dt>${t('dateLabel')}</dt>
        <dd>${formatDateTime(date, locale)}</dd>
      </dl>
      <div class="actions">
        <button type="button" @click=${() => this._reply('reply')}>${t('reply')}</button>
        <button type="button" @click=${() => this._reply('replyAll')}>${t('replyAll')}</button>
        <button type="button" @click=${() => this._reply('forward')}>${t('forward')}</button>
      </div>
      ${this._renderRemoteNotice()}
      <div class="body" part="body" aria-label=${t('bodyLabel')} role="document">${unsafeHTML(email.html)}</div>
      ${listed.length > 0
        ? html`<ul class="attachments" aria-label=${t('attachments')}>
            ${listed.map(
              (attachment) => html`<li>
                <button type="button" class="link" @click=${() => this._download(attachment)}>${attachment.fileName}</button>
                <span class="muted">${formatBytes(attachment.size, locale)}</span>
              </li>`,
            )}
          </ul>`
        : nothing}
      ${email.ticket
        ? html`<sb-email-thread .host=${this.host} .api=${this.api} .ticket=${email.ticket} currentId=${email.id}></sb-email-thread>`
        : nothing}`;
  }

  private _renderRemoteNotice() {
    const remote = this._remoteImages;
    if (!remote || remote.count === 0 || remote.allowed) return nothing;
    const { t } = this.hostCtl;
    return html`<div class="remote" role="note">
      <span>${t('remoteImagesBlocked', { count: remote.count })}</span>
      <button type="button" @click=${this._onShowRemote}>${t('showRemoteImages')}</button>
    </div>`;
  }

  private async _onShowRemote(): Promise<void> {
    const email = this.email;
    if (!this.api || !email) return;
    const { t } = this.hostCtl;
    this._error = '';
    try {
      await this.api.allowRemoteImages(email.id);
      this._shownRemote = email.id;
    } catch (error) {
      this._error = t('remoteImagesFailed', { message: errorMessage(error, t) });
    }
  }

  private _statusText(email: Email): string {
    const { t, locale } = this.hostCtl;
    switch (email.status) {
      case 'scheduled':
        return t('status_scheduled', { time: formatDateTime(email.releaseAt ?? email.updatedAt, locale) });
      case 'queued':
        return email.retry
          ? t('status_retrying', { reason: email.retry.reason, time: formatDateTime(email.retry.nextAttemptAt, locale) })
          : t('status_queued');
      case 'sending':
        return t('status_sending');
      case 'sent':
        return t('status_sent', { time: formatTime(email.sentAt ?? email.updatedAt, locale) });
      case 'failed':
        return t('status_failed', { reason: email.failure?.reason || t('unknownError') });
      case 'received':
        return t('status_received', { date: formatDateTime(email.createdAt, locale) });
      default:
        return t('status_draft');
    }
  }

  private get urls(): AttachmentUrls | undefined {
    if (!this._urls && this.api) this._urls = new AttachmentUrls(this.api);
    return this._urls;
  }

  /**
   * Replaces `cid:` sources of the sanitized body with the attachments' bytes, and `remote:`
   * ones with the images mail fetched once they are allowed (none is loaded before).
   */
  private _showInlineImages(): void {
    const email = this.email;
    if (!email || !this._body) return;
    const allowed = this._remoteImages?.allowed === true;
    for (const img of this._body.querySelectorAll<HTMLImageElement>('img[src^="remote:"], img[data-remote]')) {
      const position = img.dataset.remote ?? img.getAttribute('src')!.slice('remote:'.length);
      img.removeAttribute('src');
      img.dataset.remote = position;
      if (!allowed) continue;
      delete img.dataset.remote;
      this.urls?.remoteImageUrl(email.id, Number(position)).then(
        (url) => (img.src = url),
        () => undefined,
      );
    }
    for (const img of this._body.querySelectorAll<HTMLImageElement>('img[src^="cid:"]')) {
      const contentId = img.getAttribute('src')?.slice(4);
      const attachment = email.attachments.find((candidate) => candidate.contentId === contentId);
      if (!attachment) continue;
      img.removeAttribute('src');
      this.urls?.urlFor(email.id, attachment.id).then(
        (url) => (img.src = url),
        () => undefined,
      );
    }
  }

  private _download(attachment: Attachment): void {
    const { t } = this.hostCtl;
    if (!this.email) return;
    this.urls?.download(this.email.id, attachment.id, attachment.fileName).catch((error: unknown) => {
      this._error = t('downloadFailed', { name: attachment.fileName, message: errorMessage(error, t) });
    });
  }

  private async _reply(mode: ReplyMode): Promise<void> {
    if (!this.api || !this.email) return;
    const { t } = this.hostCtl;
    this._error = '';
    try {
      await startReply(this.api, this.hostCtl.host, this.email.id, mode, t('newEmailTab'));
    } catch (error) {
      this._error = t('replyFailed', { message: errorMessage(error, t) });
    }
  }

  private async _onResend(): Promise<void> {
    if (!this.api || !this.email || this._resending) return;
    const { t } = this.hostCtl;
    this._resending = true;
    this._error = '';
    try {
      const email = await this.api.sendEmail(this.email.id, this.email.version);
      this.dispatchEvent(new CustomEvent<Email>('sb-email-updated', { detail: email, bubbles: true, composed: true }));
    } catch (error) {
      this._error = t('sendFailed', { message: errorMessage(error, t) });
    } finally {
      this._resending = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-email-view': EmailView;
  }
}
