import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A scheduled event of one agent (L1). The calendar is the one part of the CRM the ORM reads and
 * writes whole; contacts, companies and activities go through SQL of their own (generated
 * search columns, jsonb lists, trigram and keyset queries).
 */
export const CalendarEventEntity = defineEntity({
  name: 'CalendarEvent',
  tableName: 'calendar_event',
  properties: {
    id: p.uuid().primary(),
    ownerId: p.uuid(),
    kind: p.enum(['callback', 'meeting', 'follow-up'] as const),
    title: p.text(),
    startsAt: p.datetime(),
    endsAt: p.datetime(),
    contactId: p.uuid().nullable(),
    ticketId: p.uuid().nullable(),
    notes: p.text().nullable(),
    /** The creator's idempotency key (a macro's follow-up): one event per key. */
    externalKey: p.text().nullable(),
    cancelled: p.boolean().default(false),
    version: p.integer().default(1),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});

/** A calendar event row as the ORM hands it out. */
export type CalendarEventRecord = InferEntity<typeof CalendarEventEntity>;
