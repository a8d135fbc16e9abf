import {
  crmApi,
  type CalendarEvent,
  type CalendarEventList,
  type CreateCalendarEventBody,
  type HostApi,
  type PatchCalendarEventBody,
} from '@switchboard/contracts';
import { ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';

/** A time range `[from, to)` as ISO timestamps. */
export interface TimeRange {
  from: string;
  to: string;
}

/** The calls the Calendar widget makes to the CRM service. */
export interface CalendarApi {
  /** `GET /calendar/events`: the agent's events overlapping the range, cancelled ones included, by start. */
  listEvents(range: TimeRange, signal?: AbortSignal): Promise<CalendarEventList>;
  /** `POST /calendar/events`. */
  createEvent(body: CreateCalendarEventBody, signal?: AbortSignal): Promise<CalendarEvent>;
  /** `PATCH /calendar/events/:id`: edit or move; a stale `version` fails with 409. */
  updateEvent(id: string, body: PatchCalendarEventBody, signal?: AbortSignal): Promise<CalendarEvent>;
  /** `POST /calendar/events/:id/cancel`: kept, marked cancelled. */
  cancelEvent(id: string, signal?: AbortSignal): Promise<CalendarEvent>;
}

/** The CRM service's calendar over HTTP, with a token for the `crm` audience on every call. */
export class HttpCalendarApi implements CalendarApi {
  private readonly client: ServiceClient;

  constructor(host: Pick<HostApi, 'serviceUrl' | 'getToken'>, options?: ServiceClientOptions) {
    this.client = new ServiceClient(host, options);
  }

  listEvents(range: TimeRange, signal?: AbortSignal): Promise<CalendarEventList> {
    return this.client.call(crmApi.listEvents, { query: { ...range, includeCancelled: true }, signal });
  }

  createEvent(body: CreateCalendarEventBody, signal?: AbortSignal): Promise<CalendarEvent> {
    return this.client.call(crmApi.createEvent, { body, signal });
  }

  updateEvent(id: string, body: PatchCalendarEventBody, signal?: AbortSignal): Promise<CalendarEvent> {
    return this.client.call(crmApi.updateEvent, { params: { id }, body, signal });
  }

  cancelEvent(id: string, signal?: AbortSignal): Promise<CalendarEvent> {
    return this.client.call(crmApi.cancelEvent, { params: { id }, signal });
  }
}
