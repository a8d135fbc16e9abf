import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A ticket (M1). `number` comes from the `ticket_number_seq` sequence; the generated `search`
 * tsvector column lives only in SQL (see the migration): the ORM never reads or writes it.
 */
export const TicketEntity = defineEntity({
  name: 'Ticket',
  tableName: 'ticket',
  properties: {
    id: p.uuid().primary(),
    number: p.bigint('number').unique().defaultRaw(`nextval('tickets.ticket_number_seq')`),
    title: p.text(),
    status: p.enum(['open', 'pending', 'closed'] as const).default('open'),
    priority: p.enum(['low', 'normal', 'high', 'urgent'] as const).default('normal'),
    queueId: p.uuid().nullable(),
    contactId: p.uuid().nullable(),
    companyId: p.uuid().nullable(),
    contactName: p.text().nullable(),
    companyName: p.text().nullable(),
    assigneeId: p.uuid().nullable(),
    teamId: p.uuid().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});

/** A ticket row as the ORM hands it out. */
export type TicketRecord = InferEntity<typeof TicketEntity>;
