import type { DevMailMessage, Locale } from '@switchboard/contracts';
import { Task } from '@lit/task';
import { ApiError, formatDateTime, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DevMailClient } from '../mail/dev-mail-client';
import { formatAddresses, formatBytes } from '../mail/format';
import { translate } from '../messages';
import { sharedStyles } from './shared-styles';

/**
 * One message of the dev mail sink: addresses, envelope, headers of interest, attachments, and
 * the HTML body in an `<iframe sandbox="">` (no scripts, no same-origin access, and the shell's
 * CSP applies to it, so nothing remote loads), else the plain text; and "Reply as the customer".
 */
@customElement('sb-dev-mail-message')
export class SbDevMailMessage extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      article {
        padding: 1rem 1.25rem 1.25rem;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1rem;
        margin-bottom: 0.75rem;
      }
      h2 {
        flex: 1 1 auto;
        font-size: 1.2rem;
        overflow-wrap: anywhere;
      }
      h3 {
        margin: 1rem 0 0.4rem;
        font-size: 1rem;
      }
      dd {
        overflow-wrap: anywhere;
      }
      ul {
        margin: 0;
        padding-left: 1.25rem;
      }
      iframe {
        display: block;
        width: 100%;
        height: 28rem;
        border: 1px solid ${theme.border};
        border-radius: 8px;
        background: #fff;
        resize: vertical;
      }
      pre {
        margin: 0;
        padding: 0.75rem;
        border: 1px solid ${theme.border};
        border-radius: 8px;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        font-size: 0.9rem;
      }
      .alert {
        margin-bottom: 0.75rem;
      }
      form {
        display: grid;
        gap: 0.5rem;
        justify-items: start;
      }
      textarea {
        width: 100%;
        min-height: 5rem;
        font: inherit;
      }
    `,
  ];

  /** Client of the dev mail sink. */
  @property({ attribute: false }) client?: DevMailClient;
  /** The agent's language. */
  @property() locale: Locale = 'en';
  /** The sink's id of the message to show. */
  @property() messageId = '';

  @state() private _downloadFailed = false;
  /** Where "Reply as the customer" stands: null before a send, else sending, sent or why it failed. */
  @state() private _reply: null | 'sending' | 'sent' | { failed: string } = null;

  private readonly _message = new Task(this, {
    task: async ([client, id], { signal }) => {
      if (!client || !id) throw new Error('No message');
      return client.message(id, signal);
    },
    args: () => [this.client, this.messageId] as const,
  });

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('messageId')) this._reply = null;
  }

  override render() {
    const t = translate(this.locale);
    return this._message.render({
      pending: () => html`<p class="muted" role="status">${t('common.loading')}</p>`,
      error: (error) =>
        html`<p class="alert" role="alert">
          ${error instanceof ApiError && error.status === 404 ? t('devMail.notFound') : t('devMail.messageFailed')}
        </p>`,
      complete: (message) => this._renderMessage(message),
    });
  }

  private _renderMessage(message: DevMailMessage) {
    const t = translate(this.locale);
    const headers = Object.entries(message.headers);
    return html`<article class="card" aria-labelledby="message-subject">
      <div class="head">
        <h2 id="message-subject">${message.subject || t('devMail.noSubject')}</h2>
        <button type="button" @click=${() => this._download(message.id)}>${t('devMail.download')}</button>
      </div>
      ${this._downloadFailed ? html`<p class="alert" role="alert">${t('devMail.downloadFailed')}</p>` : nothing}
      <dl>
        <dt>${t('devMail.from')}</dt>
        <dd>${formatAddresses(message.from)}</dd>
        <dt>${t('devMail.to')}</dt>
        <dd>${formatAddresses(message.to)}</dd>
        ${message.cc.length ? html`<dt>${t('devMail.cc')}</dt><dd>${formatAddresses(message.cc)}</dd>` : nothing}
        <dt>${t('devMail.envelope')}</dt>
        <dd>${message.envelope.to.join(', ')}</dd>
        <dt>${t('devMail.received')}</dt>
        <dd>${formatDateTime(message.receivedAt, this.locale)}</dd>
        <dt>${t('devMail.messageId')}</dt>
        <dd>${message.messageId ?? ''}</dd>
        <dt>${t('devMail.size')}</dt>
        <dd>${formatBytes(message.size, this.locale)}</dd>
        ${headers.map(([name, value]) => html`<dt>${name}</dt><dd>${value}</dd>`)}
      </dl>
      <h3>${t('devMail.attachments')}</h3>
      ${message.attachments.length
        ? html`<ul>
            ${message.attachments.map(
              (a) =>
                html`<li>
                  ${a.fileName} (${a.contentType}, ${formatBytes(a.size, this.locale)}${a.contentId ? `, ${t('devMail.inline')}` : ''})
                </li>`,
            )}
          </ul>`
        : html`<p class="muted">${t('devMail.noAttachments')}</p>`}
      <h3>${t('devMail.body')}</h3>
      ${message.html !== null
        ? html`<iframe sandbox="" title=${t('devMail.body')} srcdoc=${message.html}></iframe>`
        : message.text !== null
          ? html`<pre aria-label=${t('devMail.textBody')}>${message.text}</pre>`
          : html`<p class="muted">${t('devMail.noBody')}</p>`}
      ${this._renderReply(message)}
    </article>`;
  }

  /** Issue 13: the customer answers through the platform's inbound SMTP path, so a developer sees a thread grow. */
  private _renderReply(message: DevMailMessage) {
    const customer = message.to[0] ?? message.cc[0];
    if (!customer || !message.from[0]) return nothing;
    const t = translate(this.locale);
    const reply = this._reply;
    return html`<h3 id="reply-heading">${t('devMail.reply')}</h3>
      <form aria-labelledby="reply-heading" @submit=${(event: SubmitEvent) => this._onReply(event, message.id)}>
        <p class="muted">${t('devMail.replyHint', { customer: customer.address })}</p>
        <label for="reply-text">${t('devMail.replyText')}</label>
        <textarea id="reply-text" name="text" required maxlength="10000">${t('devMail.replyDefault')}</textarea>
        <button type="submit" ?disabled=${reply === 'sending'}>${t('devMail.replySend')}</button>
        ${reply === 'sent' ? html`<p role="status">${t('devMail.replySent')}</p>` : nothing}
        ${reply && typeof reply === 'object' ? html`<p class="alert" role="alert">${t('devMail.replyFailed')} ${reply.failed}</p>` : nothing}
      </form>`;
  }

  private async _onReply(event: SubmitEvent, id: string): Promise<void> {
    event.preventDefault();
    const text = new FormData(event.target as HTMLFormElement).get('text');
    if (typeof text !== 'string' || !text.trim()) return;
    this._reply = 'sending';
    try {
      await (this.client as DevMailClient).reply(id, text);
      this._reply = 'sent';
    } catch (error) {
      this._reply = { failed: error instanceof Error ? error.message : String(error) };
    }
  }

  private async _download(id: string): Promise<void> {
    this._downloadFailed = false;
    try {
      const url = URL.createObjectURL(await (this.client as DevMailClient).raw(id));
      const link = document.createElement('a');
      link.href = url;
      link.download = `${id}.eml`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      console.error('Downloading the message failed', error);
      this._downloadFailed = true;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-dev-mail-message': SbDevMailMessage;
  }
}
