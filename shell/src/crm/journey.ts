import type { Activity, ActivityKind, Locale, Ticket } from '@switchboard/contracts';
import { ticketPath } from '../navigation/routes';

/** What the journey can be narrowed to: an activity kind (emails by direction) or tickets. */
export const JOURNEY_FILTERS = ['all', 'email-in', 'email-out', 'call', 'note', 'meeting', 'task', 'ticket'] as const;
export type JourneyFilter = (typeof JOURNEY_FILTERS)[number];

/** One entry of the timeline. */
export type JourneyItem = { type: 'activity'; at: string; activity: Activity } | { type: 'ticket'; at: string; ticket: Ticket };

/** A day of the timeline, newest first. */
export interface JourneyDay {
  /** `YYYY-MM-DD` in the agent's time zone. */
  day: string;
  items: JourneyItem[];
}

/** The activity kind the CRM is asked for under a filter; `null` when no activities are wanted. */
export function activityKind(filter: JourneyFilter): ActivityKind | undefined | null {
  if (filter === 'all') return undefined;
  if (filter === 'ticket') return null;
  return filter === 'email-in' || filter === 'email-out' ? 'email' : filter;
}

/** Whether an activity belongs under a filter (emails by direction; the kind is filtered by the CRM). */
function activityMatches(activity: Activity, filter: JourneyFilter): boolean {
  if (filter === 'email-in') return activity.direction === 'in';
  if (filter === 'email-out') return activity.direction === 'out';
  return filter !== 'ticket';
}

/**
 * The timeline so far, newest first: the loaded activities, and the tickets (placed at their
 * creation) down to the oldest loaded activity while older activities remain to be loaded, so
 * that paging on never slips an older ticket above a newer activity.
 */
export function journeyItems(
  activities: readonly Activity[],
  tickets: readonly Ticket[],
  filter: JourneyFilter,
  moreActivities: boolean,
): JourneyItem[] {
  const shownActivities = activities.filter((a) => activityMatches(a, filter));
  const oldest = moreActivities && activities.length ? activities[activities.length - 1].occurredAt : null;
  const shownTickets = filter === 'all' || filter === 'ticket' ? tickets.filter((t) => !oldest || Date.parse(t.createdAt) >= Date.parse(oldest)) : [];
  const items: JourneyItem[] = [
    ...shownActivities.map((activity): JourneyItem => ({ type: 'activity', at: activity.occurredAt, activity })),
    ...shownTickets.map((ticket): JourneyItem => ({ type: 'ticket', at: ticket.createdAt, ticket })),
  ];
  return items.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The local day of a timestamp, `YYYY-MM-DD`. */
export function localDay(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Items (newest first) grouped by their local day, keeping the order. */
export function groupByDay(items: readonly JourneyItem[]): JourneyDay[] {
  const days: JourneyDay[] = [];
  for (const item of items) {
    const day = localDay(item.at);
    const last = days[days.length - 1];
    if (last?.day === day) last.items.push(item);
    else days.push({ day, items: [item] });
  }
  return days;
}

const intlLocale = (locale: Locale) => (locale === 'cs' ? 'cs-CZ' : 'en-GB');

/** A day's heading: `pondělí 7. prosince 2026`, `Monday, 7 December 2026`. */
export function dayHeading(day: string, locale: Locale): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(year, month - 1, date),
  );
}

/** A time of day in the agent's language. */
export function timeOfDay(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** The shell path or https URL an item opens: its link, else its ticket's page. */
export function itemTarget(item: JourneyItem): string | null {
  if (item.type === 'ticket') return ticketPath(item.ticket.id);
  const { link, ticketId } = item.activity;
  if (link) return link;
  return ticketId ? ticketPath(ticketId) : null;
}
