import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A send accepted in the same transaction that queued its email; the relay moves it to BullMQ. */
export const OutboxEntity = defineEntity({
  name: 'Outbox',
  tableName: 'outbox',
  properties: {
    emailId: p.uuid().primary(),
    createdAt: p.datetime().defaultRaw('now()'),
    relayedAt: p.datetime().nullable(),
    /** The relay hands the row to the worker from this time on: after the undo window, or at the scheduled time. */
    releaseAt: p.datetime().defaultRaw('now()'),
    /** The W3C trace context of the request that wrote the row (tracing on), carried into the job (issue 17). */
    traceparent: p.string().nullable(),
  },
});

export type OutboxRecord = InferEntity<typeof OutboxEntity>;
