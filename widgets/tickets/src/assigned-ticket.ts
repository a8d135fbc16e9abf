import { initialState, Task } from '@lit/task';
import type { HostApi, PlatformEvents, Ticket, TicketRef } from '@switchboard/contracts';
import { errorMessage, HostController, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { openJourney } from './journey';
import { messages } from './messages';
import { baseStyles, ticketMetaStyles } from './styles';
import { renderTicketMeta } from './ticket-meta';
import type { TicketsApi } from './tickets-api';

/**
 * The ticket the email is assigned to (K1), with links to the Tickets module (K5) and the
 * contact's customer journey (K6).
 *
 * @fires sb-change-ticket - the agent wants to assign another ticket
 * @csspart card - the card box
 * @csspart open - the "Open in Tickets" button
 * @csspart journey - the "Customer journey" button
 * @csspart change - the "Change ticket" button
 * @csspart meta - the badges and names line
 */
@customElement('sb-assigned-ticket')
export class AssignedTicket extends LitElement {
  static override styles = [
    baseStyles,
    ticketMetaStyles,
    css`
      section {
        display: grid;
        gap: 6px;
        padding: 10px 12px;
        border: 1px solid ${theme.border};
        border-left: 4px solid ${theme.accent};
        border-radius: ${theme.radius};
        background: ${theme.surface};
      }
      h3 {
        margin: 0;
        font-size: 0.857em;
        font-weight: 600;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: ${theme.textMuted};
      }
      h3:focus {
        outline: none;
      }
      .title {
        margin: 0;
        font-size: 1.071em;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin-top: 4px;
      }
      .alert {
        margin: 0;
      }
    `,
  ];

  /** The host API: tabs, context, language. */
  @property({ attribute: false }) host?: HostApi;

  /** The tickets service, for the ticket's details. */
  @property({ attribute: false }) api?: TicketsApi;

  /** The assigned ticket as the page knows it. */
  @property({ attribute: false }) ticketRef?: TicketRef;

  /** The full ticket when the widget already has it (just assigned); saves a request. */
  @property({ attribute: false }) ticket?: Ticket;

  /** The last contact saved on this page (`contact.changed`, C3): its new name shows at once. */
  @state() private _changed?: PlatformEvents['contact.changed'];

  @query('h3') private _heading?: HTMLElement;

  private readonly hostCtl = new HostController(this, messages);
  private _offChanged?: () => void;

  /** Bumped by `ticket.changed` for this ticket (a macro changed it, E13): read it again. */
  @state() private _reloads = 0;
  private _offTicketChanged?: () => void;

  private readonly _details = new Task(this, {
    task: ([id, known, reloads], { signal }) => {
      if (!id || !this.api) return initialState;
      return known?.id === id && reloads === 0 ? known : this.api.getTicket(id, signal);
    },
    args: () => [this.ticketRef?.id, this.ticket, this._reloads] as const,
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this._offChanged = this.host?.on('contact.changed', (change) => (this._changed = change));
    this._offTicketChanged = this.host?.on('ticket.changed', ({ ticketId }) => {
      if (ticketId === this.ticketRef?.id) this._reloads += 1;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._offChanged?.();
    this._offTicketChanged?.();
  }

  /** Moves keyboard focus to the card, e.g. right after an assignment. */
  focusHeading(): void {
    this._heading?.focus();
  }

  override render() {
    const ref = this.ticketRef;
    if (!ref || !this.host) return nothing;
    const { t } = this.hostCtl;
    const loaded = this._details.value?.id === ref.id ? this._details.value : undefined;
    const ticket = loaded && this._withChanges(loaded);
    // A loaded ticket decides, also when it was just unpaired (C4); before that, the page's contact.
    const contactId = ticket ? ticket.contactId : this.hostCtl.context.contactId;
    return html`<section part="card" aria-labelledby="sb-assigned-heading">
      <h3 id="sb-assigned-heading" tabindex="-1">${t('assignedHeading')}</h3>
      <p class="title"><span class="number">#${ticket?.number ?? ref.number}</span> ${ticket?.title ?? ref.title}</p>
      ${this._details.render({
        pending: () => html`<span class="skeleton" aria-hidden="true"></span>`,
        complete: (details) => renderTicketMeta(this._withChanges(details), t),
        error: (error) => html`<div class="alert" role="alert">
          <p>${t('ticketLoadFailed')}: ${errorMessage(error, t)}</p>
          <button @click=${() => void this._details.run()}>${t('retry')}</button>
        </div>`,
      })}
      <div class="actions">
        <button class="primary" part="open" @click=${() => this._open(ref)}>${t('openInTickets')}</button>
        ${contactId
          ? html`<button part="journey" @click=${() => openJourney(this.hostCtl.host, t, contactId, ticket?.contactName ?? null)}>
              ${t('customerJourney')}
            </button>`
          : nothing}
        <button part="change" @click=${this._onChange}>${t('changeTicket')}</button>
      </div>
    </section>`;
  }

  /** The ticket with the names of its contact and company as last saved on this page. */
  private _withChanges(ticket: Ticket): Ticket {
    const changed = this._changed;
    if (!changed || ticket.contactId !== changed.contact.id) return ticket;
    const company = changed.company && ticket.companyId === changed.company.id ? { companyName: changed.company.name } : {};
    return { ...ticket, contactName: changed.contact.name, ...company };
  }

  private _open(ref: TicketRef): void {
    this.hostCtl.host.openTab({ path: `/tickets/${ref.id}`, title: `#${ref.number}` });
  }

  private _onChange(): void {
    this.dispatchEvent(new CustomEvent('sb-change-ticket', { bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-assigned-ticket': AssignedTicket;
  }
}
