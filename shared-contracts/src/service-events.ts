import { Type, type Static, type TSchema } from '@sinclair/typebox';

// Events between services (decision 0010): a producer records one in the same transaction as
// its change; the kit's relay publishes it to every service that consumes its type. Schemas use
// patterns, not formats, so a consumer checks them with TypeBox alone.

const Id = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
const Version = Type.Integer({ minimum: 1 });
const Address = Type.String({ minLength: 1, maxLength: 320 });

/** A contact's name or company changed (CRM). Tickets keeps its copies from it. */
export const ContactChangedSchema = Type.Object({
  id: Id,
  name: Type.String({ minLength: 1 }),
  companyId: Type.Union([Id, Type.Null()]),
  companyName: Type.Union([Type.String(), Type.Null()]),
  /** The company's version the name was read at: a company.changed with a newer one wins. */
  companyVersion: Type.Union([Version, Type.Null()]),
  /** The contact's version after the change. */
  version: Version,
});
export type ContactChanged = Static<typeof ContactChangedSchema>;

/** A company was renamed (CRM); its contacts' company names changed with it. */
export const CompanyChangedSchema = Type.Object({
  id: Id,
  name: Type.String({ minLength: 1 }),
  version: Version,
});
export type CompanyChanged = Static<typeof CompanyChangedSchema>;

/** An email left (`email.sent`, after the SMTP server accepted it) or arrived (`email.received`) (mail). */
export const EmailActivityEventSchema = Type.Object({
  emailId: Id,
  ticketId: Type.Union([Id, Type.Null()]),
  contactId: Type.Union([Id, Type.Null()]),
  from: Type.Union([Address, Type.Null()]),
  to: Type.Array(Address),
  subject: Type.String(),
  /** When it was sent or received (RFC 3339). */
  at: Type.String({ minLength: 10 }),
  direction: Type.Union([Type.Literal('out'), Type.Literal('in')]),
});
export type EmailActivityEvent = Static<typeof EmailActivityEventSchema>;

/** Every event type and its payload's schema; consumers validate payloads against these. */
export const SERVICE_EVENT_SCHEMAS = {
  'contact.changed': ContactChangedSchema,
  'company.changed': CompanyChangedSchema,
  'email.sent': EmailActivityEventSchema,
  'email.received': EmailActivityEventSchema,
} as const satisfies Record<string, TSchema>;

/** The name of an event between services. */
export type ServiceEventType = keyof typeof SERVICE_EVENT_SCHEMAS;

/** The payload of one event type. */
export type ServiceEventPayload<T extends ServiceEventType> = Static<(typeof SERVICE_EVENT_SCHEMAS)[T]>;

/** Every event type, for consumers that subscribe to some and unsubscribe from the rest. */
export const SERVICE_EVENT_TYPES = Object.keys(SERVICE_EVENT_SCHEMAS) as ServiceEventType[];

/** An event as it travels: the payload with its id, aggregate and version. */
export interface ServiceEventEnvelope<T extends ServiceEventType = ServiceEventType> {
  /** Unique id: consumers apply each id once. */
  id: string;
  type: T;
  /** What changed, e.g. `contact`; with `aggregateId` the key events are ordered by. */
  aggregate: string;
  aggregateId: string;
  /** The aggregate's version after the change; null for events that need no ordering. */
  version: number | null;
  /** When the producer recorded it (RFC 3339). */
  occurredAt: string;
  payload: ServiceEventPayload<T>;
}
