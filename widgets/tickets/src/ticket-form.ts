import { Task, TaskStatus } from '@lit/task';
import type { CreateTicketBody, HostApi, Ticket, TicketPriority } from '@switchboard/contracts';
import { errorMessage, HostController, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { messages } from './messages';
import { baseStyles } from './styles';
import type { TicketsApi } from './tickets-api';

const PRIORITIES: readonly TicketPriority[] = ['low', 'normal', 'high', 'urgent'];

/**
 * Inline form creating a ticket (K4) for the email's contact and company. On success it emits
 * `ticket.created` on the host bus.
 *
 * @fires sb-ticket-created - detail: the new Ticket
 * @fires sb-cancel - the agent closed the form without creating
 * @csspart form - the form box
 */
@customElement('sb-ticket-form')
export class TicketForm extends LitElement {
  static override styles = [
    baseStyles,
    css`
      form {
        display: grid;
        gap: 8px;
        margin: 8px 0;
        padding: 10px;
        border: 1px solid ${theme.border};
        border-radius: ${theme.radius};
        background: ${theme.surfaceMuted};
      }
      h3 {
        margin: 0;
        font-size: 1em;
      }
      .field {
        display: grid;
        gap: 2px;
      }
      label {
        font-weight: 600;
      }
      .invalid {
        margin: 0;
        color: ${theme.danger};
      }
      .buttons {
        display: flex;
        gap: 6px;
      }
    `,
  ];

  /** The host API: context (contact, company), language and events. */
  @property({ attribute: false }) host?: HostApi;

  /** The tickets service. */
  @property({ attribute: false }) api?: TicketsApi;

  @state() private _invalid = false;

  @query('#sb-ticket-title') private _title?: HTMLInputElement;

  private readonly hostCtl = new HostController(this, messages);

  private readonly _create = new Task<[CreateTicketBody], Ticket>(this, {
    task: ([body], { signal }) => this._requireApi().createTicket(body, signal),
    autoRun: false,
    onComplete: (ticket) => this._onCreated(ticket),
  });

  override firstUpdated(): void {
    this._title?.focus();
  }

  override render() {
    if (!this.host) return nothing;
    const { t } = this.hostCtl;
    const busy = this._create.status === TaskStatus.PENDING;
    return html`<form part="form" aria-labelledby="sb-ticket-form-heading" novalidate @submit=${this._onSubmit} @keydown=${this._onKeydown}>
      <h3 id="sb-ticket-form-heading">${t('formHeading')}</h3>
      <div class="field">
        <label for="sb-ticket-title">${t('titleLabel')}</label>
        <input
          id="sb-ticket-title"
          type="text"
          name="title"
          required
          maxlength="300"
          autocomplete="off"
          aria-invalid=${this._invalid ? 'true' : 'false'}
          aria-describedby=${this._invalid ? 'sb-ticket-title-error' : nothing}
          @input=${() => (this._invalid = false)}
        />
        ${this._invalid ? html`<p id="sb-ticket-title-error" class="invalid">${t('titleRequired')}</p>` : nothing}
      </div>
      <div class="field">
        <label for="sb-ticket-priority">${t('priorityLabel')}</label>
        <select id="sb-ticket-priority" name="priority">
          ${PRIORITIES.map((p) => html`<option value=${p} ?selected=${p === 'normal'}>${t(`priority_${p}`)}</option>`)}
        </select>
      </div>
      ${this._create.status === TaskStatus.ERROR
        ? html`<p class="alert" role="alert">${t('createFailed', { message: errorMessage(this._create.error, t) })}</p>`
        : nothing}
      <div class="buttons">
        <button type="submit" class="primary" aria-disabled=${busy ? 'true' : 'false'}>
          ${busy ? t('creating') : t('create')}
        </button>
        <button type="button" @click=${this._cancel}>${t('cancel')}</button>
      </div>
    </form>`;
  }

  private _requireApi(): TicketsApi {
    if (!this.api) throw new Error('sb-ticket-form needs an api');
    return this.api;
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    if (this._create.status === TaskStatus.PENDING) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    if (!title) {
      this._invalid = true;
      this._title?.focus();
      return;
    }
    const { contactId, companyId } = this.hostCtl.context;
    void this._create.run([
      { title, priority: data.get('priority') as TicketPriority, ...(contactId ? { contactId } : {}), ...(companyId ? { companyId } : {}) },
    ]);
  }

  private _onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') this._cancel();
  }

  private _cancel(): void {
    this._create.abort();
    this.dispatchEvent(new CustomEvent('sb-cancel', { bubbles: true }));
  }

  private _onCreated(ticket: Ticket): void {
    this.hostCtl.host.emit('ticket.created', { ticket: { id: ticket.id, number: ticket.number, title: ticket.title } });
    this.dispatchEvent(new CustomEvent<Ticket>('sb-ticket-created', { detail: ticket, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-ticket-form': TicketForm;
  }
}
