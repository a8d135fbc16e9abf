import type { CalendarEvent, Locale } from '@switchboard/contracts';

/** A calendar day in the agent's time zone, as `YYYY-MM-DD`. */
export type DayKey = string;

/** A month: `month` counts from 0 (January), as in `Date`. */
export interface Month {
  year: number;
  month: number;
}

/** Keys that move the focused day of the grid (WAI-ARIA date picker pattern). */
export interface GridKey {
  key: string;
  /** With Shift, PageUp and PageDown move by a year. */
  shiftKey?: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
const intlLocale = (locale: Locale) => (locale === 'cs' ? 'cs-CZ' : 'en-GB');

/** The day of a moment in the local time zone. */
export function dayKey(date: Date): DayKey {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight at the start of a day. */
export function startOfDay(day: DayKey): Date {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date);
}

/** The day `count` days later (earlier when negative); calendar days, so DST changes do not matter. */
export function addDays(day: DayKey, count: number): DayKey {
  const date = startOfDay(day);
  date.setDate(date.getDate() + count);
  return dayKey(date);
}

/** The same day `count` months later, moved back to the month's last day when it has fewer (31 Jan + 1 = 28/29 Feb). */
export function addMonths(day: DayKey, count: number): DayKey {
  const date = startOfDay(day);
  const target = new Date(date.getFullYear(), date.getMonth() + count, 1);
  const lastDay = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
  target.setDate(Math.min(date.getDate(), lastDay));
  return dayKey(target);
}

/** The month a day is in. */
export function monthOf(day: DayKey): Month {
  const date = startOfDay(day);
  return { year: date.getFullYear(), month: date.getMonth() };
}

/** Whether the day lies in the month. */
export function inMonth(day: DayKey, month: Month): boolean {
  const of = monthOf(day);
  return of.year === month.year && of.month === month.month;
}

/** Monday-based weekday: 0 for Monday … 6 for Sunday (both Czech and British weeks start on Monday). */
function weekday(day: DayKey): number {
  return (startOfDay(day).getDay() + 6) % 7;
}

/** The weeks shown for a month, Monday first: from the week of the 1st to the week of the last day. */
export function monthGrid(month: Month): DayKey[][] {
  const first = dayKey(new Date(month.year, month.month, 1));
  const last = dayKey(new Date(month.year, month.month + 1, 0));
  const weeks: DayKey[][] = [];
  for (let start = addDays(first, -weekday(first)); start <= last; start = addDays(start, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(start, i)));
  }
  return weeks;
}

/** The time range a grid shows, for `GET /calendar/events?from=&to=`: midnight of its first day to midnight after its last. */
export function gridRange(grid: DayKey[][]): { from: string; to: string } {
  const lastWeek = grid[grid.length - 1];
  return { from: startOfDay(grid[0][0]).toISOString(), to: startOfDay(addDays(lastWeek[6], 1)).toISOString() };
}

/** The day a key moves the focus to, or null for a key the grid does not handle. */
export function moveDay(day: DayKey, { key, shiftKey = false }: GridKey): DayKey | null {
  switch (key) {
    case 'ArrowLeft':
      return addDays(day, -1);
    case 'ArrowRight':
      return addDays(day, 1);
    case 'ArrowUp':
      return addDays(day, -7);
    case 'ArrowDown':
      return addDays(day, 7);
    case 'Home':
      return addDays(day, -weekday(day));
    case 'End':
      return addDays(day, 6 - weekday(day));
    case 'PageUp':
      return addMonths(day, shiftKey ? -12 : -1);
    case 'PageDown':
      return addMonths(day, shiftKey ? 12 : 1);
    default:
      return null;
  }
}

/** Whether an event takes up part of a day (an event ending at midnight does not reach the next day). */
export function overlapsDay(event: Pick<CalendarEvent, 'startsAt' | 'endsAt'>, day: DayKey): boolean {
  const start = startOfDay(day).getTime();
  const end = startOfDay(addDays(day, 1)).getTime();
  const eventStart = Date.parse(event.startsAt);
  const eventEnd = Math.max(Date.parse(event.endsAt), eventStart + 1);
  return eventStart < end && eventEnd > start;
}

/** Number of live (not cancelled) events per day they touch, for the days of a grid. */
export function eventCounts(events: readonly CalendarEvent[], grid: DayKey[][]): Map<DayKey, number> {
  const counts = new Map<DayKey, number>();
  for (const day of grid.flat()) {
    const count = events.filter((event) => !event.cancelled && overlapsDay(event, day)).length;
    if (count > 0) counts.set(day, count);
  }
  return counts;
}

/** The events of one day, by start. */
export function eventsOn(events: readonly CalendarEvent[], day: DayKey): CalendarEvent[] {
  return events.filter((event) => overlapsDay(event, day)).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

/** Short weekday names, Monday first, in the agent's language: `Po` … `Ne`, `Mon` … `Sun`. */
export function weekdayNames(locale: Locale, width: 'short' | 'long' = 'short'): string[] {
  const format = new Intl.DateTimeFormat(intlLocale(locale), { weekday: width });
  // 1 January 2024 was a Monday.
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(2024, 0, 1 + i)));
}

/** A month's title: `prosinec 2026`, `December 2026`. */
export function monthTitle(month: Month, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { month: 'long', year: 'numeric' }).format(new Date(month.year, month.month, 1));
}

/** A day in full: `pondělí 7. prosince 2026`, `Monday, 7 December 2026`. */
export function dayTitle(day: DayKey, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    startOfDay(day),
  );
}

/** A time of day: `9:30` / `09:30`. */
export function timeOfDay(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** A moment as the value of `<input type="datetime-local">` in the local time zone (`2026-12-07T09:30`). */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  return `${dayKey(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The ISO timestamp of a `datetime-local` value, or null when it is not one. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
