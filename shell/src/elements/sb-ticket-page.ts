import type { Locale, Ticket } from '@switchboard/contracts';
import { Task } from '@lit/task';
import { ApiError, formatDateTime } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { translate } from '../messages';
import { onLinkClick } from '../navigation/navigate';
import { openInTab } from '../crm/crm-links';
import { companyPath, contactPath, journeyPath, matchRoute, ticketPath } from '../navigation/routes';
import type { ShellServices } from '../shell-services';
import { modulePageStyles, sharedStyles } from './shared-styles';

/**
 * A minimal Tickets module page: one ticket, with "Back to email" when opened from an email (K5)
 * and New email to write in the ticket (N3).
 *
 * @fires sb-new-email - detail `{ ticketId }`: the agent asked for a new email in this ticket
 */
@customElement('sb-ticket-page')
export class SbTicketPage extends LitElement {
  static override styles = [
    sharedStyles,
    modulePageStyles,
    css`
      article {
        padding: 1.5rem;
      }
      .module {
        margin: 0 0 0.25rem;
        font-size: 0.85rem;
        font-weight: 600;
        text-transform: uppercase;
        letter-spacing: 0.06em;
      }
      h1 {
        font-size: 1.5rem;
      }
      .title {
        margin: 0.35rem 0 1.25rem;
        font-size: 1.1rem;
      }
      dl {
        gap: 0.5rem 1.5rem;
      }
      .alert button {
        margin-left: 0.75rem;
      }
      .journey {
        margin-left: 0.75rem;
      }
    `,
  ];

  /** Id of the ticket shown. */
  @property() ticketId = '';
  /** The agent's language. */
  @property() locale: Locale = 'en';
  /** The shell's clients and stores. */
  @property({ attribute: false }) services?: ShellServices;

  private readonly _ticket = new Task(this, {
    task: async ([services, ticketId], { signal }) => {
      if (!services) throw new Error('No services');
      const ticket = await services.tickets.ticket(ticketId, signal);
      services.tabs.rename(ticketPath(ticket.id), `#${ticket.number}`);
      return ticket;
    },
    args: () => [this.services, this.ticketId] as const,
  });

  private _newEmail(ticketId: string): void {
    this.dispatchEvent(new CustomEvent('sb-new-email', { detail: { ticketId }, bubbles: true, composed: true }));
  }

  /** The contact's name linked to their page, and their customer journey one click away (N4). */
  private _contact(ticket: Ticket, none: string) {
    if (!ticket.contactId || !ticket.contactName) return ticket.contactName ?? none;
    const t = translate(this.locale);
    const tabs = this.services?.tabs;
    const here = ticketPath(ticket.id);
    return html`<a href=${contactPath(ticket.contactId)} @click=${openInTab(tabs, here, ticket.contactName)}>${ticket.contactName}</a>
      <a
        class="journey"
        href=${journeyPath(ticket.contactId)}
        aria-label=${t('journey.heading', { name: ticket.contactName })}
        @click=${openInTab(tabs, here, t('journey.heading', { name: ticket.contactName }))}
        >${t('contact.journey')}</a
      >`;
  }

  override render() {
    const t = translate(this.locale);
    const opener = this.services?.tabs.find(ticketPath(this.ticketId))?.opener;
    const fromEmail = opener !== undefined && matchRoute(opener).name === 'email';
    const none = t('common.none');
    return html`
      ${fromEmail ? html`<a class="back" href=${opener} @click=${onLinkClick}><span aria-hidden="true">←</span> ${t('ticket.backToEmail')}</a>` : nothing}
      ${this._ticket.render({
        pending: () => html`<p class="muted" role="status">${t('common.loading')}</p>`,
        error: (error) =>
          error instanceof ApiError && (error.status === 404 || error.status === 400)
            ? html`<p class="alert" role="alert">${t('ticket.notFound')}</p>`
            : html`<p class="alert" role="alert">
                ${t('ticket.loadFailed')}<button type="button" @click=${() => this._ticket.run()}>${t('common.retry')}</button>
              </p>`,
        complete: (ticket) => html`
          <article class="card" aria-labelledby="ticket-heading">
            <p class="module muted">${t('ticket.module')}</p>
            <h1 id="ticket-heading">${t('ticket.heading', { number: ticket.number })}</h1>
            <p class="title">${ticket.title}</p>
            <p>
              <button type="button" class="primary" @click=${() => this._newEmail(ticket.id)}>
                <span aria-hidden="true">+</span>${t('panel.newEmail')}
              </button>
            </p>
            <dl>
              <dt>${t('ticket.status')}</dt>
              <dd>${t(`status.${ticket.status}`)}</dd>
              <dt>${t('ticket.priority')}</dt>
              <dd>${t(`priority.${ticket.priority}`)}</dd>
              <dt>${t('ticket.contact')}</dt>
              <dd>${this._contact(ticket, none)}</dd>
              <dt>${t('ticket.company')}</dt>
              <dd>
                ${ticket.companyId && ticket.companyName
                  ? html`<a href=${companyPath(ticket.companyId)} @click=${openInTab(this.services?.tabs, ticketPath(ticket.id), ticket.companyName)}
                      >${ticket.companyName}</a
                    >`
                  : (ticket.companyName ?? none)}
              </dd>
              <dt>${t('ticket.created')}</dt>
              <dd>${formatDateTime(ticket.createdAt, this.locale)}</dd>
              <dt>${t('ticket.updated')}</dt>
              <dd>${formatDateTime(ticket.updatedAt, this.locale)}</dd>
            </dl>
          </article>
        `,
      })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-ticket-page': SbTicketPage;
  }
}
