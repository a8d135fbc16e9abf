import { randomUUID } from 'node:crypto';
import type { ServiceEventPayload, ServiceEventType } from '@switchboard/contracts';
import { quoteSchema } from './tables';

/** Anything that runs SQL in the caller's transaction: a transactional EntityManager. */
export interface SqlExecutor {
  execute(query: string, params: unknown[], method: 'all'): Promise<unknown>;
}

/** An event to record. */
export interface NewServiceEvent<T extends ServiceEventType> {
  type: T;
  /** What changed, e.g. `contact`. */
  aggregate: string;
  aggregateId: string;
  /** The aggregate's version after the change; null when consumers need no ordering. */
  version: number | null;
  payload: ServiceEventPayload<T>;
}

/**
 * Records an event in `<schema>.event_outbox`. Call it with the EntityManager of the
 * transaction that makes the change, so the event exists exactly when the change does.
 * Resolves with the event's id.
 */
export async function recordServiceEvent<T extends ServiceEventType>(
  em: SqlExecutor,
  schema: string,
  event: NewServiceEvent<T>,
): Promise<string> {
  const id = randomUUID();
  await em.execute(
    `insert into ${quoteSchema(schema)}."event_outbox" (id, type, aggregate, aggregate_id, version, payload) values (?, ?, ?, ?, ?, ?::jsonb)`,
    [id, event.type, event.aggregate, event.aggregateId, event.version, JSON.stringify(event.payload)],
    'all',
  );
  return id;
}
