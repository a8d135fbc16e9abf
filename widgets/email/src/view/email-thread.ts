import { Task } from '@lit/task';
import type { EmailSummary, HostApi, TicketRef } from '@switchboard/contracts';
import { errorMessage, formatDateTime, HostController, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { MailApi } from '../mail-api';
import { messages } from '../messages';
import { baseStyles } from '../styles';
import { startReply, type ReplyMode } from './reply';

/**
 * The ticket's emails in order (M1), each with Reply and Forward (N3) and a button opening it in
 * a tab. The email on this page is marked.
 *
 * @csspart thread - the list
 */
@customElement('sb-email-thread')
export class EmailThread extends LitElement {
  static override styles = [
    baseStyles,
    css`
      h4 {
        margin: 12px 0 4px;
        font-size: 1em;
      }
      ol {
        margin: 0;
        padding: 0;
        list-style: none;
        border-top: 1px solid ${theme.border};
      }
      li {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 2px 8px;
        padding: 6px 0;
        border-bottom: 1px solid ${theme.border};
      }
      li.current {
        background: ${theme.accentSoft};
      }
      .who {
        font-size: 0.857em;
        overflow-wrap: anywhere;
      }
      .preview {
        grid-column: 1 / 3;
        margin: 0;
        font-size: 0.857em;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .buttons {
        grid-column: 1 / 3;
      }
      .buttons button {
        min-height: 24px;
        padding: 1px 8px;
      }
    `,
  ];

  /** The host API: language, tabs. */
  @property({ attribute: false }) host?: HostApi;

  /** The mail service. */
  @property({ attribute: false }) api?: MailApi;

  /** The ticket whose emails are listed. */
  @property({ attribute: false }) ticket?: TicketRef;

  /** The email shown on this page, marked in the list. */
  @property() currentId = '';

  @state() private _error = '';

  /** The thread as the live stream last sent it; newer than the loaded one. */
  @state() private _live?: EmailSummary[];

  /** What the polite live region says: the emails that just arrived. */
  @state() private _announcement = '';

  private readonly hostCtl = new HostController(this, messages);

  private readonly _thread = new Task(this, {
    task: async ([api, ticketId], { signal }): Promise<EmailSummary[]> =>
      api && ticketId ? (await api.listTicketEmails(ticketId, signal)).items : [],
    args: () => [this.api, this.ticket?.id] as const,
  });

  /** The ticket's live thread stream (issue 13), open while this element is connected. */
  private _stream?: { close(): void };
  private _streamKey?: readonly [MailApi, string];

  /** Loads the thread again, e.g. after this email was sent. */
  refresh(): void {
    this._live = undefined;
    void this._thread.run();
  }

  override updated(): void {
    if (this.api && this.ticket && this.isConnected && (this._streamKey?.[0] !== this.api || this._streamKey[1] !== this.ticket.id)) this._listen(this.api, this.ticket.id);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._stopListening();
  }

  /** Follows the ticket's thread: new emails show in place, and arrivals are announced without moving focus. */
  private _listen(api: MailApi, ticketId: string): void {
    this._stopListening();
    this._streamKey = [api, ticketId];
    this._stream = api.ticketEmailChanges(ticketId, { onThread: (items) => this._received(items) });
  }

  private _stopListening(): void {
    this._stream?.close();
    this._stream = undefined;
    this._streamKey = undefined;
  }

  private _received(items: EmailSummary[]): void {
    const shown = this._live ?? this._thread.value;
    if (shown) {
      const known = new Set(shown.map((item) => item.id));
      const arrived = items.filter((item) => !known.has(item.id) && item.direction === 'inbound');
      if (arrived.length > 0) {
        const { t } = this.hostCtl;
        this._announcement = arrived.map((item) => t('threadArrived', { who: item.from?.name || item.from?.address || '?', subject: item.subject || t('noSubject') })).join(' ');
      }
    }
    this._live = items;
  }

  override render() {
    if (!this.host || !this.ticket) return nothing;
    const { t } = this.hostCtl;
    return html`<section aria-labelledby="thread-heading">
      <h4 id="thread-heading">${t('threadHeading', { number: this.ticket.number })}</h4>
      ${this._error ? html`<p class="alert" role="alert">${this._error}</p>` : nothing}
      <p class="visually-hidden" aria-live="polite">${this._announcement}</p>
      ${this._thread.render({
        pending: () => {
          const items = this._live ?? this._thread.value;
          return items ? this._renderList(items) : html`<p class="muted">${t('threadLoading')}</p>`;
        },
        complete: (items) => this._renderList(this._live ?? items),
        error: (error) =>
          html`<div class="alert" role="alert">
            <p>${t('threadFailed', { message: errorMessage(error, t) })}</p>
            <button type="button" @click=${() => void this._thread.run()}>${t('retry')}</button>
          </div>`,
      })}
    </section>`;
  }

  private _renderList(items: EmailSummary[]) {
    const { t } = this.hostCtl;
    if (items.length === 0) return html`<p class="muted">${t('threadEmpty')}</p>`;
    return html`<ol part="thread" aria-labelledby="thread-heading">
      ${repeat(items, (item) => item.id, (item) => this._renderRow(item))}
    </ol>`;
  }

  private _renderRow(item: EmailSummary) {
    const { t, locale } = this.hostCtl;
    const subject = item.subject || t('noSubject');
    const current = item.id === this.currentId;
    const who =
      item.direction === 'inbound'
        ? t('threadFrom', { who: item.from?.name || item.from?.address || '?' })
        : t('threadTo', { who: item.to.map((a) => a.name || a.address).join(', ') || '?' });
    const when = item.sentAt ?? item.updatedAt;
    return html`<li class=${current ? 'current' : ''} aria-current=${current ? 'true' : nothing}>
      ${current ? html`<strong>${subject}</strong>` : html`<button type="button" class="link" @click=${() => this._open(item)}>${subject}</button>`}
      <span class="muted who">${formatDateTime(when, locale)}</span>
      <span class="who muted">${who} · ${t(`status_${item.status}_short`)}</span>
      <span class="muted who">${current ? t('thisEmail') : nothing}</span>
      ${item.preview ? html`<p class="preview muted">${item.preview}</p>` : nothing}
      <div class="buttons">
        <button type="button" aria-label=${t('replyTo', { subject })} @click=${() => this._reply(item, 'reply')}>${t('reply')}</button>
        <button type="button" aria-label=${t('forwardEmail', { subject })} @click=${() => this._reply(item, 'forward')}>${t('forward')}</button>
      </div>
    </li>`;
  }

  private _open(item: EmailSummary): void {
    this.hostCtl.host.openTab({ path: `/emails/${item.id}`, title: item.subject || this.hostCtl.t('noSubject') });
  }

  private async _reply(item: EmailSummary, mode: ReplyMode): Promise<void> {
    if (!this.api) return;
    const { t } = this.hostCtl;
    this._error = '';
    try {
      await startReply(this.api, this.hostCtl.host, item.id, mode, t('newEmailTab'));
    } catch (error) {
      this._error = t('replyFailed', { message: errorMessage(error, t) });
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-email-thread': EmailThread;
  }
}
