import { Task } from '@lit/task';
import type { CalendarEvent, HostApi } from '@switchboard/contracts';
import { errorMessage, HostController, theme } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { HttpCalendarApi, type CalendarApi } from './calendar-api';
import {
  addMonths,
  type DayKey,
  dayKey,
  dayTitle,
  eventCounts,
  eventsOn,
  gridRange,
  monthGrid,
  monthOf,
  monthTitle,
  timeOfDay,
} from './calendar-dates';
import type { CalendarGrid, DaySelectDetail } from './calendar-grid';
import { messages } from './messages';
import { baseStyles } from './styles';
import './calendar-grid';
import type { EventLink } from './event-form';
import './event-form';

/** What the form below the day's list is doing. */
type Editing = { mode: 'none' } | { mode: 'new' } | { mode: 'edit'; event: CalendarEvent };

/**
 * The Calendar widget (L1): the agent's month, the selected day's events, and creating, editing,
 * moving and cancelling events, optionally for the email's contact and ticket (following
 * `contact.paired` when another widget pairs the ticket with a contact, C4).
 *
 * @csspart grid - the month grid (also `form`, the event form)
 */
@customElement('sb-calendar-widget')
export class CalendarWidget extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        padding: 8px;
      }
      header {
        display: flex;
        align-items: center;
        gap: 4px;
        margin-bottom: 4px;
      }
      h2 {
        flex: 1;
        margin: 0;
        font-size: 1.071em;
        text-align: center;
      }
      h2::first-letter {
        text-transform: uppercase;
      }
      .day {
        display: grid;
        gap: 6px;
        margin-top: 8px;
      }
      h3 {
        margin: 0;
        font-size: 1em;
      }
      ul {
        display: grid;
        gap: 4px;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 4px 8px;
        padding: 6px 8px;
        border: 1px solid ${theme.border};
        border-left: 4px solid ${theme.accent};
        border-radius: ${theme.radius};
      }
      li.cancelled {
        border-left-color: ${theme.border};
      }
      li.cancelled .title {
        text-decoration: line-through;
      }
      .time {
        font-variant-numeric: tabular-nums;
        color: ${theme.textMuted};
      }
      .title {
        flex: 1;
        min-width: 8em;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .empty,
      .status {
        margin: 0;
      }
    `,
  ];

  /** The host API, set by the parcel before the element connects. */
  @property({ attribute: false }) host?: HostApi;

  /** Per-instance settings from the layout (none used yet). */
  @property({ attribute: false }) settings?: Record<string, unknown>;

  /** The CRM calendar; defaults to HTTP on the host's service URL. Tests inject their own. */
  @property({ attribute: false }) api?: CalendarApi;

  /** Today in the agent's time zone; tests fix it. */
  @property() today: DayKey = dayKey(new Date());

  @state() private _selected: DayKey = '';
  /** The events of the shown grid, as loaded and then as changed here. */
  @state() private _events: CalendarEvent[] = [];
  @state() private _editing: Editing = { mode: 'none' };
  @state() private _cancellingId?: string;
  @state() private _cancelError?: string;
  @state() private _announcement = '';
  /** The contact last paired with the page's ticket (C4), until the page context names it. */
  @state() private _paired?: { ticketId: string; contactId: string | null };

  @query('sb-calendar-grid') private _grid?: CalendarGrid;

  private readonly hostCtl = new HostController(this, messages);
  private _offPaired?: () => void;

  private readonly _load = new Task(this, {
    task: ([api, from, to], { signal }) => (api ? api.listEvents({ from, to }, signal) : Promise.resolve({ items: [] })),
    args: () => {
      const range = gridRange(monthGrid(monthOf(this._selected || this.today)));
      return [this.api, range.from, range.to] as const;
    },
    onComplete: (list) => {
      this._events = list.items;
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this._offPaired = this.host?.on('contact.paired', ({ emailId, ticketId, contact }) => {
      if (emailId && emailId !== this.hostCtl.context.emailId) return;
      this._paired = { ticketId, contactId: contact?.id ?? null };
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._offPaired?.();
  }

  override willUpdate(): void {
    if (!this.host) return;
    this.api ??= new HttpCalendarApi(this.host);
    if (!this._selected) this._selected = this.today;
  }

  override render() {
    if (!this.host) return nothing;
    const { t, locale } = this.hostCtl;
    const day = this._selected;
    const grid = monthGrid(monthOf(day));
    const events = eventsOn(this._events, day);
    return html`<header>
        <button type="button" aria-label=${t('previousMonth')} @click=${() => this._selectMonth(-1)}><span aria-hidden="true">‹</span></button>
        <h2 aria-live="polite">${monthTitle(monthOf(day), locale)}</h2>
        <button type="button" aria-label=${t('nextMonth')} @click=${() => this._selectMonth(1)}><span aria-hidden="true">›</span></button>
        <button type="button" @click=${this._onToday}>${t('today')}</button>
      </header>
      <sb-calendar-grid
        exportparts="grid"
        .host=${this.host}
        .selected=${day}
        .today=${this.today}
        .counts=${eventCounts(this._events, grid)}
        @sb-day-select=${this._onDaySelect}
      ></sb-calendar-grid>
      ${this._load.render({
        pending: () => html`<p class="status muted" role="status">${t('loading')}</p>`,
        error: (error) => html`<div class="alert" role="alert">
          <p>${t('loadFailed')}: ${errorMessage(error, t)}</p>
          <button type="button" @click=${() => void this._load.run()}>${t('retry')}</button>
        </div>`,
      })}
      <p class="visually-hidden" role="status">${this._announcement}</p>
      <section class="day" aria-labelledby="sb-calendar-day-heading">
        <h3 id="sb-calendar-day-heading">${t('eventsOf', { day: dayTitle(day, locale) })}</h3>
        ${events.length
          ? html`<ul>
              ${events.map((event) => this._renderEvent(event))}
            </ul>`
          : html`<p class="empty muted">${t('noEvents')}</p>`}
        ${this._cancelError ? html`<p class="alert" role="alert">${this._cancelError}</p>` : nothing}
        ${this._editing.mode === 'none'
          ? html`<p><button type="button" class="primary" @click=${this._onNew}>${t('newEvent')}</button></p>`
          : html`<sb-event-form
              exportparts="form"
              .host=${this.host}
              .api=${this.api}
              .day=${day}
              .link=${this._link()}
              .event=${this._editing.mode === 'edit' ? this._editing.event : undefined}
              @sb-event-saved=${this._onSaved}
              @sb-cancel=${this._closeForm}
            ></sb-event-form>`}
      </section>`;
  }

  private _renderEvent(event: CalendarEvent) {
    const { t, locale } = this.hostCtl;
    const busy = this._cancellingId === event.id;
    return html`<li class=${event.cancelled ? 'cancelled' : ''}>
      <span class="time">${timeOfDay(event.startsAt, locale)}–${timeOfDay(event.endsAt, locale)}</span>
      <span class="badge">${t(`kind_${event.kind}`)}</span>
      <span class="title">${event.title}</span>
      ${event.contactId ? html`<span class="muted">${t('linkedToContact')}</span>` : nothing}
      ${event.cancelled
        ? html`<span class="badge">${t('cancelled')}</span>`
        : html`<button type="button" class="link" aria-label=${t('editLabel', { title: event.title })} @click=${() => this._onEdit(event)}>
              ${t('edit')}
            </button>
            <button
              type="button"
              class="link"
              aria-label=${t('cancelEventLabel', { title: event.title })}
              aria-disabled=${busy ? 'true' : 'false'}
              @click=${() => void this._cancel(event)}
            >
              ${busy ? t('cancelling') : t('cancelEvent')}
            </button>`}
    </li>`;
  }

  /** The page's contact and ticket for a new event; a pairing on this email's ticket wins over the context. */
  private _link(): EventLink {
    const { contactId, ticket } = this.hostCtl.context;
    const paired = this._paired && (!ticket || this._paired.ticketId === ticket.id) ? this._paired : undefined;
    return {
      contactId: paired ? (paired.contactId ?? undefined) : contactId,
      ticketId: ticket?.id ?? paired?.ticketId,
    };
  }

  private _selectMonth(delta: number): void {
    this._selected = addMonths(this._selected, delta);
  }

  private async _onToday(): Promise<void> {
    this._selected = this.today;
    await this.updateComplete;
    await this._grid?.updateComplete;
    this._grid?.focusSelected();
  }

  private _onDaySelect(event: CustomEvent<DaySelectDetail>): void {
    this._selected = event.detail.day;
  }

  private _onNew(): void {
    this._editing = { mode: 'new' };
  }

  private _onEdit(event: CalendarEvent): void {
    this._editing = { mode: 'edit', event };
  }

  private _closeForm(): void {
    this._editing = { mode: 'none' };
  }

  /** Shows the saved event at once and selects its (possibly new) day. */
  private _onSaved(event: CustomEvent<CalendarEvent>): void {
    const saved = event.detail;
    this._events = [...this._events.filter((e) => e.id !== saved.id), saved];
    this._selected = dayKey(new Date(saved.startsAt));
    this._editing = { mode: 'none' };
    this._announcement = this.hostCtl.t('saved');
  }

  private async _cancel(target: CalendarEvent): Promise<void> {
    if (this._cancellingId || !this.api) return;
    this._cancellingId = target.id;
    this._cancelError = undefined;
    try {
      const cancelled = await this.api.cancelEvent(target.id);
      this._events = this._events.map((e) => (e.id === cancelled.id ? cancelled : e));
    } catch (error) {
      const { t } = this.hostCtl;
      this._cancelError = t('cancelFailed', { message: errorMessage(error, t) });
    } finally {
      this._cancellingId = undefined;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-calendar-widget': CalendarWidget;
  }
}
