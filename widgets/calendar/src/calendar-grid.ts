import type { HostApi } from '@switchboard/contracts';
import { HostController, theme, widgetStyles } from '@switchboard/widget-sdk';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { classMap } from 'lit/directives/class-map.js';
import { type DayKey, dayTitle, inMonth, monthGrid, monthOf, monthTitle, moveDay, weekdayNames } from './calendar-dates';
import { messages } from './messages';

/** Detail of `sb-day-select`. */
export interface DaySelectDetail {
  day: DayKey;
}

/**
 * The month of the selected day as an ARIA grid (L1): days with events in blue, the selected
 * day bold, today ringed. One day is in the tab order; the arrow keys move across days, Home and
 * End to the week's ends, Page Up / Page Down by a month (with Shift by a year). Selection
 * follows the focus.
 *
 * @fires sb-day-select - detail `{ day }`: the agent picked a day (click or keyboard)
 * @csspart grid - the table
 */
@customElement('sb-calendar-grid')
export class CalendarGrid extends LitElement {
  static override styles = [
    widgetStyles,
    css`
      table {
        width: 100%;
        border-collapse: separate;
        border-spacing: 2px;
        table-layout: fixed;
      }
      th {
        padding: 2px 0;
        font-size: 0.786em;
        font-weight: 600;
        color: ${theme.textMuted};
        text-align: center;
      }
      td {
        height: 2.2em;
        padding: 0;
        border: 2px solid transparent;
        border-radius: 6px;
        text-align: center;
        cursor: pointer;
        font-variant-numeric: tabular-nums;
      }
      td:hover {
        background: ${theme.surfaceHover};
      }
      td.outside {
        color: ${theme.textMuted};
      }
      td.events {
        background: ${theme.accentSoft};
        color: ${theme.accentText};
      }
      td.events .num::after {
        content: '';
        display: block;
        width: 4px;
        height: 4px;
        margin: 1px auto 0;
        border-radius: 50%;
        background: ${theme.accent};
      }
      td.today .num {
        text-decoration: underline;
        text-decoration-thickness: 2px;
        text-underline-offset: 3px;
      }
      td.selected {
        border-color: ${theme.accent};
        font-weight: 700;
      }
      td:focus-visible {
        outline: 2px solid ${theme.focus};
        outline-offset: 1px;
      }
    `,
  ];

  /** The host API: language. */
  @property({ attribute: false }) host?: HostApi;

  /** The selected day; the grid shows its month. */
  @property() selected: DayKey = '';

  /** Today in the agent's time zone. */
  @property() today: DayKey = '';

  /** Live events per day, for the days that have any. */
  @property({ attribute: false }) counts: ReadonlyMap<DayKey, number> = new Map();

  private readonly hostCtl = new HostController(this, messages);
  private _focusAfterUpdate = false;

  /** Moves keyboard focus to the selected day. */
  focusSelected(): void {
    this.renderRoot.querySelector<HTMLElement>('td[aria-selected="true"]')?.focus();
  }

  override render() {
    if (!this.host || !this.selected) return nothing;
    const { t, locale } = this.hostCtl;
    const month = monthOf(this.selected);
    const short = weekdayNames(locale);
    const long = weekdayNames(locale, 'long');
    return html`<p id="sb-calendar-grid-hint" class="visually-hidden">${t('gridHint')}</p>
      <table role="grid" part="grid" aria-label=${monthTitle(month, locale)} aria-describedby="sb-calendar-grid-hint" @keydown=${this._onKeydown}>
        <thead>
          <tr>
            ${short.map((name, i) => html`<th scope="col" abbr=${long[i]}>${name}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${monthGrid(month).map(
            (week) => html`<tr>
              ${week.map((day) => this._renderDay(day, inMonth(day, month)))}
            </tr>`,
          )}
        </tbody>
      </table>`;
  }

  override updated(): void {
    if (!this._focusAfterUpdate) return;
    this._focusAfterUpdate = false;
    this.focusSelected();
  }

  private _renderDay(day: DayKey, inside: boolean) {
    const { t, locale } = this.hostCtl;
    const count = this.counts.get(day) ?? 0;
    const selected = day === this.selected;
    const today = day === this.today;
    const details = [dayTitle(day, locale), today ? t('todayMark') : '', count === 1 ? t('dayOneEvent') : count > 1 ? t('dayEvents', { count }) : '']
      .filter(Boolean)
      .join(', ');
    return html`<td
      role="gridcell"
      data-day=${day}
      tabindex=${selected ? 0 : -1}
      aria-selected=${selected ? 'true' : 'false'}
      aria-current=${today ? 'date' : nothing}
      class=${classMap({ outside: !inside, events: count > 0, selected, today })}
      @click=${() => this._select(day, false)}
    >
      <span class="num" aria-hidden="true">${Number(day.slice(8))}</span><span class="visually-hidden">${details}</span>
    </td>`;
  }

  private _onKeydown(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const next = moveDay(this.selected, event);
    if (!next) return;
    event.preventDefault();
    this._select(next, true);
  }

  private _select(day: DayKey, keepFocus: boolean): void {
    this._focusAfterUpdate = keepFocus;
    this.dispatchEvent(new CustomEvent<DaySelectDetail>('sb-day-select', { detail: { day }, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sb-calendar-grid': CalendarGrid;
  }
}
