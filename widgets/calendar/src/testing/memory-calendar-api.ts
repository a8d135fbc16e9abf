import type { CalendarEvent, CalendarEventList, CreateCalendarEventBody, PatchCalendarEventBody } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import type { CalendarApi, TimeRange } from '../calendar-api';

/** The CRM calendar in memory for element tests: one agent's events, with the service's time and version checks. */
export class MemoryCalendarApi implements CalendarApi {
  /** The stored events. */
  readonly events: CalendarEvent[];
  /** Ranges asked for, in order. */
  readonly ranges: TimeRange[] = [];
  private nextId = 1;

  constructor(events: CalendarEvent[] = []) {
    this.events = events.map((event) => ({ ...event }));
  }

  async listEvents(range: TimeRange): Promise<CalendarEventList> {
    this.ranges.push(range);
    const items = this.events
      .filter((event) => event.startsAt < range.to && event.endsAt > range.from)
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    return { items: items.map((event) => ({ ...event })) };
  }

  async createEvent(body: CreateCalendarEventBody): Promise<CalendarEvent> {
    checkRange(body.startsAt, body.endsAt);
    const now = new Date().toISOString();
    const id = `00000000-0000-4000-8000-${String(this.nextId++).padStart(12, '0')}`;
    const event: CalendarEvent = {
      id,
      ownerId: '00000000-0000-4000-8000-00000000a001',
      kind: body.kind,
      title: body.title,
      startsAt: body.startsAt,
      endsAt: body.endsAt,
      contactId: body.contactId ?? null,
      ticketId: body.ticketId ?? null,
      notes: body.notes ?? null,
      cancelled: false,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    this.events.push(event);
    return { ...event };
  }

  async updateEvent(id: string, body: PatchCalendarEventBody): Promise<CalendarEvent> {
    const event = this.find(id);
    if (body.version !== event.version) {
      throw new ApiError(409, 'CRM_VERSION_CONFLICT', 'The record changed meanwhile', { current: { ...event } });
    }
    const { version: _version, ...changes } = body;
    const next = { ...event, ...changes };
    checkRange(next.startsAt, next.endsAt);
    Object.assign(event, next, { version: event.version + 1, updatedAt: new Date().toISOString() });
    return { ...event };
  }

  async cancelEvent(id: string): Promise<CalendarEvent> {
    const event = this.find(id);
    event.cancelled = true;
    return { ...event };
  }

  private find(id: string): CalendarEvent {
    const event = this.events.find((e) => e.id === id);
    if (!event) throw new ApiError(404, 'EVENT_NOT_FOUND', 'No such event');
    return event;
  }
}

function checkRange(startsAt: string, endsAt: string): void {
  if (Date.parse(endsAt) <= Date.parse(startsAt)) throw new ApiError(400, 'INVALID_TIME_RANGE', 'The end must be after the start');
}
