import { initialState, Task } from '@lit/task';
import type { Email, HostApi, PlatformEvents, TicketRef } from '@switchboard/contracts';
import { ApiError, errorMessage, HostController, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { EmailComposer, SaveTimings } from './composer/email-composer';
import { loadComposer } from './composer/load-composer';
import { plainText } from './format';
import { HttpMailApi, type MailApi } from './mail-api';
import { messages } from './messages';
import { IN_PROGRESS, StatusPoller } from './status-poller';
import { baseStyles } from './styles';
import type { EmailView } from './view/email-view';
import './view/email-view';

/** Characters of the body an `email.topic` carries: the KB's suggestions read no more (A1). */
const TOPIC_TEXT_LIMIT = 4000;

/**
 * The Email widget of the email detail page (E1-E12): the header with the email's ticket, then
 * the composer for a draft or the read-only email with its live send status. Without an email
 * in the context (`/emails/new`) it creates a draft and moves the tab to it. The composer's code
 * loads only when a draft shows (`loadComposer`).
 *
 * @csspart header - the header with the title and the ticket
 * @csspart ticket - the "#number – title" line
 */
@customElement('sb-email-widget')
export class EmailWidget extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        padding: 8px 12px;
        container-type: inline-size;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 4px 12px;
        margin-bottom: 8px;
        padding-bottom: 6px;
        border-bottom: 1px solid ${theme.border};
      }
      h3 {
        margin: 0;
        font-size: 1.143em;
      }
      .ticket {
        margin: 0;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .number {
        font-variant-numeric: tabular-nums;
        color: ${theme.accent};
      }
      header .muted {
        margin: 0;
      }
      .skeleton.short {
        width: 60%;
      }
    `,
  ];

  /** The host API, set by the parcel before the element connects. */
  @property({ attribute: false }) host?: HostApi;

  /** Per-instance settings from the layout (none used yet). */
  @property({ attribute: false }) settings?: Record<string, unknown>;

  /** The mail service; defaults to HTTP on the host's service URL. Tests inject their own. */
  @property({ attribute: false }) api?: MailApi;

  /** Autosave timings handed to the composer; tests shorten them. */
  @property({ attribute: false }) saveTimings?: SaveTimings;

  /** Waits between status polls after a send (default 1 s backing off to 5 s); tests shorten them. */
  @property({ attribute: false }) pollDelaysMs?: readonly number[];

  /** The current copy of the email (loaded, then followed through send and polling). */
  @state() private _email?: Email;
  /** A draft this widget created because the context had no email. */
  @state() private _createdId?: string;
  @state() private _creating = false;
  @state() private _createError?: unknown;
  /** The ticket announced for this email by `ticket.assigned`. */
  @state() private _assigned?: { emailId: string; ticket: TicketRef };
  /** The contact a CRM widget last paired with a ticket (`contact.paired`, C4). */
  @state() private _paired?: { ticketId: string; name: string | null };
  /** A new email another widget asked for that could not be created (N2). */
  @state() private _composeError?: { address: string; error: unknown };

  private readonly hostCtl = new HostController(this, messages);
  private _offAssigned?: () => void;
  private _offInsert?: () => void;
  private _offInsertHtml?: () => void;
  private _offCrm: Array<() => void> = [];
  @query('sb-email-composer') private _composer?: EmailComposer;

  private _poller?: StatusPoller;

  private readonly _load = new Task(this, {
    task: ([api, emailId], { signal }) => (api && emailId ? api.getEmail(emailId, signal) : initialState),
    args: () => [this.api, this._emailId] as const,
    onComplete: (email) => this._setEmail(email),
  });

  /** The composer's chunk, loaded once the email shown is a draft. */
  private readonly _composerCode = new Task(this, {
    task: ([draft]) => (draft ? loadComposer() : initialState),
    args: () => [this._email?.status === 'draft'] as const,
  });

  /** The email of the page, or the draft created here. */
  private get _emailId(): string | undefined {
    return this.host ? (this.hostCtl.context.emailId ?? this._createdId) : undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._offAssigned = this.host?.on('ticket.assigned', (payload) => {
      this._assigned = { emailId: payload.emailId, ticket: payload.ticket };
    });
    // Another widget (e.g. a lookup) asks to insert text into the reply being written.
    this._offInsert = this.host?.on('composer.insertText', ({ text }) => this._composer?.insertText(text));
    // HTML (a rendered template, E10) goes through the composer's schema, one undo step.
    this._offInsertHtml = this.host?.on('composer.insertHtml', ({ html }) => this._composer?.insertHtml(html));
    // The CRM widgets may call only the CRM (decision 0003): they learn the customer's address
    // and start new emails through this widget, and the header follows their pairing.
    const host = this.host;
    if (host) {
      this._offCrm = [
        host.on('email.participantsRequested', ({ emailId }) => {
          if (this._email?.id === emailId) this._announceParticipants(this._email);
        }),
        host.on('email.topicRequested', ({ emailId }) => {
          if (this._email?.id === emailId) this._announceTopic(this._email);
        }),
        host.on('email.composeRequested', (request) => void this._compose(request)),
        host.on('contact.paired', ({ ticketId, contact }) => {
          this._paired = { ticketId, name: contact?.name ?? null };
        }),
      ];
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._offAssigned?.();
    this._offInsert?.();
    this._offInsertHtml?.();
    for (const off of this._offCrm) off();
    this._poller?.stop();
  }

  override willUpdate(): void {
    if (!this.host) return;
    this.api ??= new HttpMailApi(this.host);
    if (!this._emailId && !this._creating && this._createError === undefined) void this._createDraft();
  }

  override render() {
    if (!this.host) return nothing;
    return html`${this._renderHeader()} ${this._renderContent()}`;
  }

  private _renderHeader() {
    const { t } = this.hostCtl;
    const ticket = this._ticket();
    return html`<header part="header">
      ${ticket
        ? html`<p class="ticket" part="ticket"><span class="number">#${ticket.number}</span> – ${ticket.title}</p>`
        : html`<p class="muted">${t('noTicket')}</p>`}
      ${ticket && this._paired?.ticketId === ticket.id
        ? html`<p class="muted" part="contact" role="status">
            ${this._paired.name ? t('ticketContact', { name: this._paired.name }) : t('ticketNoContact')}
          </p>`
        : nothing}
      ${this._composeError
        ? html`<p class="alert" role="alert">
            ${t('composeFailed', { address: this._composeError.address, message: errorMessage(this._composeError.error, t) })}
          </p>`
        : nothing}
    </header>`;
  }

  private _renderContent() {
    const { t } = this.hostCtl;
    const emailId = this._emailId;
    if (!emailId) {
      if (this._createError !== undefined) {
        return this._renderError(t('createFailed'), this._createError, () => {
          this._createError = undefined;
        });
      }
      return this._renderSkeleton(t('creating'));
    }
    const email = this._email?.id === emailId ? this._email : undefined;
    if (email) return this._renderEmail(email);
    return this._load.render({
      initial: () => this._renderSkeleton(t('loading')),
      pending: () => this._renderSkeleton(t('loading')),
      complete: (loaded) => this._renderEmail(loaded),
      error: (error) =>
        this._renderError(
          error instanceof ApiError && error.status === 404 ? t('notFound') : t('loadFailed'),
          error,
          () => void this._load.run(),
        ),
    });
  }

  private _renderEmail(email: Email) {
    if (email.status === 'draft') {
      const { t } = this.hostCtl;
      return this._composerCode.render({
        initial: () => this._renderSkeleton(t('loading')),
        pending: () => this._renderSkeleton(t('loading')),
        complete: () => html`<sb-email-composer
          .host=${this.host}
          .api=${this.api}
          .email=${email}
          .saveTimings=${this.saveTimings}
          @sb-email-updated=${this._onUpdated}
        ></sb-email-composer>`,
        error: (error) => this._renderError(t('loadFailed'), error, () => void this._composerCode.run()),
      });
    }
    return html`<sb-email-view .host=${this.host} .api=${this.api} .email=${email} @sb-email-updated=${this._onUpdated}></sb-email-view>`;
  }

  private _renderSkeleton(label: string) {
    return html`<p class="muted" role="status">${label}</p>
      <div aria-hidden="true">
        ${[0, 1, 2].map(() => html`<span class="skeleton"></span><span class="skeleton short"></span>`)}
      </div>`;
  }

  private _renderError(title: string, error: unknown, retry: () => void) {
    const { t } = this.hostCtl;
    return html`<div class="alert" role="alert">
      <p><strong>${title}</strong></p>
      <p>${errorMessage(error, t)}</p>
      <button type="button" @click=${retry}>${t('retry')}</button>
    </div>`;
  }

  /** The ticket of the header (E1): announced, from the context, or the email's own. */
  private _ticket(): TicketRef | undefined {
    const emailId = this._emailId;
    if (this._assigned && this._assigned.emailId === emailId) return this._assigned.ticket;
    const context = this.hostCtl.context;
    if (context.ticket && context.emailId === emailId) return context.ticket;
    const email = this._email?.id === emailId ? this._email : undefined;
    return email?.ticket ?? undefined;
  }

  /** A blank draft (N1), on the page's ticket when there is one; the tab moves to it. */
  private async _createDraft(): Promise<void> {
    const api = this.api;
    if (!api || !this.host) return;
    this._creating = true;
    try {
      const ticketId = this.hostCtl.context.ticket?.id;
      const email = await api.createDraft(ticketId ? { ticketId } : {});
      this._email = email;
      this._createdId = email.id;
      this.hostCtl.host.navigate(`/emails/${email.id}`);
    } catch (error) {
      this._createError = error;
    } finally {
      this._creating = false;
    }
  }

  private _onUpdated(event: CustomEvent<Email>): void {
    this._setEmail(event.detail);
  }

  /**
   * Takes a newer copy of the email: announces status changes (`email.changed`) and a ticket the
   * send created (`ticket.assigned`), and polls while the send is under way.
   */
  private _setEmail(next: Email): void {
    if (next.id !== this._emailId) {
      // An answer for the email this page showed before the context moved on.
      this._poller?.stop();
      return;
    }
    const previous = this._email?.id === next.id ? this._email : undefined;
    this._email = next;
    const host = this.hostCtl.host;
    if (!previous) {
      this._announceParticipants(next);
      this._announceTopic(next);
    }
    if (previous && (previous.status !== next.status || previous.postponed !== next.postponed)) {
      host.emit('email.changed', { emailId: next.id, status: next.status, postponed: next.postponed });
      if (next.status === 'sent') void this.updateComplete.then(() => this.renderRoot.querySelector<EmailView>('sb-email-view')?.refreshThread());
    }
    if (previous && !previous.ticket && next.ticket) {
      const { id, number, title } = next.ticket;
      host.emit('ticket.assigned', { emailId: next.id, ticket: { id, number, title } });
    }
    if (!IN_PROGRESS.includes(next.status)) this._poller?.stop();
    else if (!this._poller?.active) this._startPolling(next.id);
  }

  /** `email.participants`: the customer is the sender of a received email, else the first To (C1). */
  private _announceParticipants(email: Email): void {
    const customer = email.status === 'received' ? email.from : (email.to[0] ?? null);
    this.hostCtl.host.emit('email.participants', { emailId: email.id, customer });
  }

  /** `email.topic`: what the email is about, for the Articles widget's suggestions (A1). */
  private _announceTopic(email: Email): void {
    this.hostCtl.host.emit('email.topic', { emailId: email.id, subject: email.subject, text: plainText(email.html).slice(0, TOPIC_TEXT_LIMIT) });
  }

  /** N2: a new email to a CRM address (`POST /drafts` with `to` and `contactId`), opened in a new tab. */
  private async _compose(request: PlatformEvents['email.composeRequested']): Promise<void> {
    if (!this.api) return;
    this._composeError = undefined;
    try {
      const draft = await this.api.createDraft({ to: request.to, ...(request.contactId ? { contactId: request.contactId } : {}) });
      this.hostCtl.host.openTab({ path: `/emails/${draft.id}`, title: this.hostCtl.t('newEmailTab') });
    } catch (error) {
      this._composeError = { address: request.to.map((to) => to.address).join(', '), error };
    }
  }

  private _startPolling(emailId: string): void {
    const api = this.api;
    if (!api) return;
    this._poller?.stop();
    this._poller = new StatusPoller({
      load: () => api.getEmail(emailId),
      onUpdate: (email) => this._setEmail(email),
      delaysMs: this.pollDelaysMs,
    });
    this._poller.start();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-email-widget': EmailWidget;
  }
}
