import { Task, TaskStatus } from '@lit/task';
import type { CalendarEvent, CalendarEventKind, CreateCalendarEventBody, HostApi } from '@switchboard/contracts';
import { ApiError, errorMessage, HostController, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { CalendarApi } from './calendar-api';
import { type DayKey, fromLocalInput, toLocalInput } from './calendar-dates';
import { messages } from './messages';
import { baseStyles } from './styles';

/** The kinds of event an agent schedules (L1). */
export const EVENT_KINDS: readonly CalendarEventKind[] = ['callback', 'meeting', 'follow-up'];

type Invalid = 'title' | 'range' | null;

/** The contact and ticket of the page, when it has them. */
export interface EventLink {
  contactId?: string;
  ticketId?: string;
}

/**
 * Inline form creating an event on a day or editing (and so moving) one. A new event may be tied
 * to the email's contact and ticket from the page context. A stale edit (409) loads the
 * current version into the form and says so.
 *
 * @fires sb-event-saved - detail: the saved CalendarEvent
 * @fires sb-cancel - the agent closed the form
 * @csspart form - the form box
 */
@customElement('sb-event-form')
export class EventForm extends LitElement {
  static override styles = [
    baseStyles,
    css`
      form {
        display: grid;
        gap: 8px;
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
      .times {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(14em, 1fr));
        gap: 8px;
      }
      label {
        font-weight: 600;
      }
      .check label {
        font-weight: normal;
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

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** The CRM calendar. */
  @property({ attribute: false }) api?: CalendarApi;

  /** The event edited; none to create one. */
  @property({ attribute: false }) event?: CalendarEvent;

  /** The day a new event starts on (at 9:00, for an hour). */
  @property() day: DayKey = '';

  /** The email's contact and ticket a new event may be tied to. */
  @property({ attribute: false }) link: EventLink = {};

  @state() private _invalid: Invalid = null;
  @state() private _stale = false;

  @query('#sb-event-title') private _title?: HTMLInputElement;

  private readonly hostCtl = new HostController(this, messages);

  private readonly _save = new Task<[CreateCalendarEventBody], CalendarEvent>(this, {
    task: ([body], { signal }) => this._send(body, signal),
    autoRun: false,
    onComplete: (event) => this.dispatchEvent(new CustomEvent<CalendarEvent>('sb-event-saved', { detail: event, bubbles: true })),
    onError: (error) => this._onError(error),
  });

  override firstUpdated(): void {
    this._title?.focus();
  }

  override render() {
    if (!this.host) return nothing;
    const { t } = this.hostCtl;
    const event = this.event;
    const busy = this._save.status === TaskStatus.PENDING;
    const canLink = !event && Boolean(this.link.contactId || this.link.ticketId);
    const starts = event ? toLocalInput(event.startsAt) : `${this.day}T09:00`;
    const ends = event ? toLocalInput(event.endsAt) : `${this.day}T10:00`;
    return html`<form part="form" aria-labelledby="sb-event-form-heading" novalidate @submit=${this._onSubmit} @keydown=${this._onKeydown}>
      <h3 id="sb-event-form-heading">${event ? t('formEdit') : t('formNew')}</h3>
      <div class="field">
        <label for="sb-event-kind">${t('kindLabel')}</label>
        <select id="sb-event-kind" name="kind">
          ${EVENT_KINDS.map((kind) => html`<option value=${kind} ?selected=${kind === (event?.kind ?? 'callback')}>${t(`kind_${kind}`)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="sb-event-title">${t('titleLabel')}</label>
        <input
          id="sb-event-title"
          type="text"
          name="title"
          required
          maxlength="300"
          autocomplete="off"
          .value=${event?.title ?? ''}
          aria-invalid=${this._invalid === 'title' ? 'true' : 'false'}
          aria-describedby=${this._invalid === 'title' ? 'sb-event-title-error' : nothing}
          @input=${() => (this._invalid = null)}
        />
        ${this._invalid === 'title' ? html`<p id="sb-event-title-error" class="invalid">${t('titleRequired')}</p>` : nothing}
      </div>
      <div class="times">
        <div class="field">
          <label for="sb-event-starts">${t('startsLabel')}</label>
          <input id="sb-event-starts" type="datetime-local" name="startsAt" required .value=${starts} @input=${() => (this._invalid = null)} />
        </div>
        <div class="field">
          <label for="sb-event-ends">${t('endsLabel')}</label>
          <input
            id="sb-event-ends"
            type="datetime-local"
            name="endsAt"
            required
            .value=${ends}
            aria-invalid=${this._invalid === 'range' ? 'true' : 'false'}
            aria-describedby=${this._invalid === 'range' ? 'sb-event-range-error' : nothing}
            @input=${() => (this._invalid = null)}
          />
        </div>
      </div>
      ${this._invalid === 'range' ? html`<p id="sb-event-range-error" class="invalid">${t('rangeInvalid')}</p>` : nothing}
      ${canLink
        ? html`<div class="check">
            <input id="sb-event-link" type="checkbox" name="link" checked />
            <label for="sb-event-link">${t('forThisEmail')}</label>
          </div>`
        : nothing}
      ${this._stale ? html`<p class="alert" role="alert">${t('staleEvent')}</p>` : nothing}
      ${this._save.status === TaskStatus.ERROR && !this._stale
        ? html`<p class="alert" role="alert">${t('saveFailed', { message: errorMessage(this._save.error, t) })}</p>`
        : nothing}
      <div class="buttons">
        <button type="submit" class="primary" aria-disabled=${busy ? 'true' : 'false'}>${busy ? t('saving') : t('save')}</button>
        <button type="button" @click=${this._close}>${t('close')}</button>
      </div>
    </form>`;
  }

  private _send(body: CreateCalendarEventBody, signal: AbortSignal): Promise<CalendarEvent> {
    if (!this.api) throw new Error('sb-event-form needs an api');
    if (!this.event) return this.api.createEvent(body, signal);
    const { kind, title, startsAt, endsAt } = body;
    return this.api.updateEvent(this.event.id, { version: this.event.version, kind, title, startsAt, endsAt }, signal);
  }

  private _onSubmit(submit: SubmitEvent): void {
    submit.preventDefault();
    if (this._save.status === TaskStatus.PENDING) return;
    const data = new FormData(submit.currentTarget as HTMLFormElement);
    const title = String(data.get('title') ?? '').trim();
    const startsAt = fromLocalInput(String(data.get('startsAt') ?? ''));
    const endsAt = fromLocalInput(String(data.get('endsAt') ?? ''));
    this._stale = false;
    if (!title) {
      this._invalid = 'title';
      this._title?.focus();
      return;
    }
    if (!startsAt || !endsAt || endsAt <= startsAt) {
      this._invalid = 'range';
      return;
    }
    const { contactId, ticketId } = data.get('link') === 'on' ? this.link : {};
    void this._save.run([
      {
        kind: data.get('kind') as CalendarEventKind,
        title,
        startsAt,
        endsAt,
        ...(contactId ? { contactId } : {}),
        ...(ticketId ? { ticketId } : {}),
      },
    ]);
  }

  /** A stale edit: show the server's version (sent as `details.current`, as drafts do) to edit again. */
  private _onError(error: unknown): void {
    const current = error instanceof ApiError && error.status === 409 ? (error.details as { current?: CalendarEvent } | undefined)?.current : undefined;
    if (!current) return;
    this.event = current;
    this._stale = true;
  }

  private _onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') this._close();
  }

  private _close(): void {
    this._save.abort();
    this.dispatchEvent(new CustomEvent('sb-cancel', { bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-event-form': EventForm;
  }
}
