import type { HostApi, PlatformEvents, Ticket } from '@switchboard/contracts';
import { errorMessage, HostController } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { AssignedTicket } from './assigned-ticket';
import { messages } from './messages';
import { baseStyles } from './styles';
import type { TicketSearch } from './ticket-search';
import { HttpTicketsApi, type TicketsApi } from './tickets-api';
import './assigned-ticket';
import './ticket-search';

/**
 * The Tickets widget of the email detail page (K1-K6): shows the ticket the email is assigned
 * to, or lets the agent search, filter, create and assign one.
 *
 * @csspart back - the "Back to assigned ticket" button
 * @csspart card - the assigned-ticket card (and its open, journey, change buttons)
 * @csspart search - the search input (also filters, results, list, row, meta, journey, favourite, assign, form)
 */
@customElement('sb-tickets-widget')
export class TicketsWidget extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        padding: 8px;
        container-type: inline-size;
      }
      .back {
        margin-bottom: 6px;
      }
    `,
  ];

  /** The host API, set by the parcel before the element connects. */
  @property({ attribute: false }) host?: HostApi;

  /** Per-instance settings from the layout (none used yet). */
  @property({ attribute: false }) settings?: Record<string, unknown>;

  /** The tickets service; defaults to HTTP on the host's service URL. Tests inject their own. */
  @property({ attribute: false }) api?: TicketsApi;

  /** The ticket assigned from this widget, until the page context names another one. */
  @state() private _assigned?: Ticket;
  /** Whether the agent clicked "Change ticket" and is picking another one. */
  @state() private _changing = false;
  /** Why the last pairing asked by another widget failed (C4). */
  @state() private _pairError?: unknown;

  @query('sb-assigned-ticket') private _card?: AssignedTicket;
  @query('sb-ticket-search') private _search?: TicketSearch;

  private readonly hostCtl = new HostController(this, messages);
  private _contextTicketId?: string;
  private _offPair?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    // The CRM widgets may not call tickets (decision 0003): they ask this widget to pair.
    this._offPair = this.host?.on('contact.pairRequested', (request) => void this._pair(request));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._offPair?.();
  }

  override willUpdate(): void {
    if (!this.host) return;
    this.api ??= new HttpTicketsApi(this.host);
    // The page context wins once it names a ticket other than the one assigned here.
    const contextTicketId = this.hostCtl.context.ticket?.id;
    if (contextTicketId !== this._contextTicketId) {
      this._contextTicketId = contextTicketId;
      if (contextTicketId && this._assigned?.id !== contextTicketId) {
        this._assigned = undefined;
        this._changing = false;
      }
    }
  }

  override render() {
    if (!this.host) return nothing;
    const { t, context } = this.hostCtl;
    const assigned = this._assigned ?? context.ticket;
    const pairError = this._pairError
      ? html`<p class="alert" role="alert">${t('pairFailed', { message: errorMessage(this._pairError, t) })}</p>`
      : nothing;
    if (assigned && !this._changing) {
      return html`${pairError}<sb-assigned-ticket
        exportparts="card, meta, open, journey, change"
        .host=${this.host}
        .api=${this.api}
        .ticketRef=${assigned}
        .ticket=${this._assigned}
        @sb-change-ticket=${this._onChange}
      ></sb-assigned-ticket>`;
    }
    return html`${assigned
        ? html`<button class="link back" part="back" @click=${this._onBack}>${t('backToAssigned')}</button>`
        : nothing}
      <sb-ticket-search
        exportparts="search, filters, results, list, row, meta, journey, favourite, assign, form"
        .host=${this.host}
        .api=${this.api}
        .assignedId=${assigned?.id ?? ''}
        @sb-ticket-assigned=${this._onAssigned}
      ></sb-ticket-search>`;
  }

  /** C4, C9: `PUT /tickets/:id/contact`, then `contact.paired` for the CRM widgets and the Email header. */
  private async _pair(request: PlatformEvents['contact.pairRequested']): Promise<void> {
    if (!this.api) return;
    const { contact, company } = request;
    this._pairError = undefined;
    try {
      const ticket = await this.api.pairContact(
        request.ticketId,
        contact
          ? { contactId: contact.id, contactName: contact.name, companyId: company?.id ?? null, companyName: company?.name ?? null }
          : { contactId: null },
      );
      const { context, host } = this.hostCtl;
      if ((this._assigned ?? context.ticket)?.id === ticket.id) this._assigned = ticket;
      host.emit('contact.paired', request);
      // The page's context (its contact and company, e.g. for the filters) follows the new pairing.
      if (context.emailId && request.emailId === context.emailId) {
        host.emit('ticket.assigned', {
          emailId: context.emailId,
          ticket: { id: ticket.id, number: ticket.number, title: ticket.title },
          ...(ticket.contactId ? { contactId: ticket.contactId } : {}),
          ...(ticket.companyId ? { companyId: ticket.companyId } : {}),
        });
      }
    } catch (error) {
      this._pairError = error;
      this.hostCtl.host.emit('contact.pairFailed', { ticketId: request.ticketId, message: errorMessage(error, this.hostCtl.t) });
    }
  }

  private async _onChange(): Promise<void> {
    this._changing = true;
    await this.updateComplete;
    await this._search?.updateComplete;
    this._search?.focusSearch();
  }

  private async _onBack(): Promise<void> {
    this._changing = false;
    await this.updateComplete;
    await this._card?.updateComplete;
    this._card?.focusHeading();
  }

  private async _onAssigned(event: CustomEvent<Ticket>): Promise<void> {
    this._assigned = event.detail;
    await this._onBack();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-tickets-widget': TicketsWidget;
  }
}
