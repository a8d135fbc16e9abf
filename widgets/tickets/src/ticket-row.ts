import type { HostApi, Ticket } from '@switchboard/contracts';
import { HostController, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { openJourney } from './journey';
import { messages } from './messages';
import { baseStyles, ticketMetaStyles } from './styles';
import { renderTicketMeta } from './ticket-meta';

/** Detail of `sb-favourite`: the ticket and the state the agent asked for. */
export interface FavouriteToggle {
  ticket: Ticket;
  favourite: boolean;
}

/**
 * One ticket in the search results: number, title, badges, the contact's customer journey (N4),
 * a favourite toggle and Assign.
 *
 * @fires sb-assign - detail: the Ticket; the agent wants it assigned to the email (K1)
 * @fires sb-favourite - detail: FavouriteToggle
 * @csspart row - the row box
 * @csspart journey - the "Customer journey" button of the ticket's contact
 * @csspart favourite - the star toggle button
 * @csspart assign - the Assign button
 * @csspart meta - the badges and names line
 */
@customElement('sb-ticket-row')
export class TicketRow extends LitElement {
  static override styles = [
    baseStyles,
    ticketMetaStyles,
    css`
      .row {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 4px 8px;
        padding: 8px 10px;
        border-bottom: 1px solid ${theme.border};
      }
      .row.new {
        background: ${theme.highlight};
      }
      .title {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .actions {
        display: flex;
        align-items: flex-start;
        gap: 4px;
      }
      .star {
        padding: 3px 5px;
        border-color: transparent;
        background: transparent;
        color: ${theme.textMuted};
      }
      .star[aria-pressed='true'] {
        color: ${theme.star};
      }
      .star[aria-pressed='true'] svg {
        fill: currentColor;
      }
      .star svg {
        fill: none;
        stroke: currentColor;
        stroke-width: 2;
      }
      .badge.new {
        background: ${theme.accent};
        color: ${theme.onAccent};
      }
      .journey {
        margin-top: 2px;
        font-size: 0.857em;
      }
      .assigned {
        font-weight: 600;
        color: #116329;
      }
    `,
  ];

  /** The host API, for the agent's language. */
  @property({ attribute: false }) host?: HostApi;

  /** The ticket shown. */
  @property({ attribute: false }) ticket?: Ticket;

  /** Whether the agent marked it as a favourite (may differ from `ticket.favourite` after a toggle). */
  @property({ type: Boolean }) favourite = false;

  /** Marks a ticket the agent has just created. */
  @property({ type: Boolean }) highlighted = false;

  /** Why Assign is unavailable (no email on the page); empty when it is available. */
  @property() assignBlocked = '';

  /** Whether the assignment of this ticket is in progress. */
  @property({ type: Boolean }) assigning = false;

  /** Whether the email is already assigned to this ticket. */
  @property({ type: Boolean }) assigned = false;

  private readonly hostCtl = new HostController(this, messages);

  override render() {
    const ticket = this.ticket;
    if (!ticket || !this.host) return nothing;
    const { t } = this.hostCtl;
    const number = `#${ticket.number}`;
    return html`<div class="row ${this.highlighted ? 'new' : ''}" part="row">
      <div>
        <p class="title">
          <span class="number">${number}</span> ${ticket.title}
          ${this.highlighted ? html`<span class="badge new">${t('newBadge')}</span>` : nothing}
        </p>
        ${renderTicketMeta(ticket, t)}
        ${this._renderJourney(ticket)}
      </div>
      <div class="actions">
        <button
          class="star"
          part="favourite"
          aria-pressed=${this.favourite ? 'true' : 'false'}
          aria-label=${t('favouriteLabel', { number: ticket.number })}
          title=${t('favouriteLabel', { number: ticket.number })}
          @click=${this._onFavourite}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M12 2.8l2.8 5.9 6.4.8-4.7 4.4 1.2 6.4L12 17.1l-5.7 3.2 1.2-6.4-4.7-4.4 6.4-.8z" />
          </svg>
        </button>
        ${this.assigned
          ? html`<span class="assigned">${t('assigned')}</span>`
          : html`<button
              part="assign"
              aria-disabled=${this.assignBlocked || this.assigning ? 'true' : 'false'}
              title=${this.assignBlocked || nothing}
              @click=${this._onAssign}
            >
              ${this.assigning ? t('assigning') : t('assign')}<span class="visually-hidden"> ${number}</span>
            </button>`}
      </div>
    </div>`;
  }

  /** N4: the ticket's contact's customer journey; the contact's name in the accessible name tells the rows' buttons apart. */
  private _renderJourney(ticket: Ticket) {
    const { contactId, contactName } = ticket;
    if (!contactId) return nothing;
    const { t, host } = this.hostCtl;
    return html`<button
      class="link journey"
      part="journey"
      aria-label=${contactName ? t('journeyOf', { name: contactName }) : nothing}
      @click=${() => openJourney(host, t, contactId, contactName)}
    >
      ${t('customerJourney')}
    </button>`;
  }

  private _onFavourite(): void {
    this.dispatchEvent(
      new CustomEvent<FavouriteToggle>('sb-favourite', {
        detail: { ticket: this.ticket as Ticket, favourite: !this.favourite },
        bubbles: true,
      }),
    );
  }

  private _onAssign(): void {
    if (this.assignBlocked || this.assigning) return;
    this.dispatchEvent(new CustomEvent<Ticket>('sb-assign', { detail: this.ticket, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-ticket-row': TicketRow;
  }
}
