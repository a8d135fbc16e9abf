import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { SERVICE_EVENT_SCHEMAS, SERVICE_EVENT_TYPES, type ServiceEventEnvelope, type ServiceEventPayload, type ServiceEventType } from '@switchboard/contracts';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Worker, type Job } from 'bullmq';
import { createPeriodicTask } from '../background/periodic-task';
import { DEFAULT_EVENTS_PREFIX, eventQueueName, eventsRedisClient, outageReport, subscribersKey, type EventsLog, type RedisConnection } from './redis';
import { quoteSchema } from './tables';

/** Applies one event's effect with the EntityManager of the transaction that records it as processed. */
export type ServiceEventHandler<T extends ServiceEventType> = (payload: ServiceEventPayload<T>, em: EntityManager, event: ServiceEventEnvelope<T>) => Promise<void>;

/** One handler per consumed event type. */
export type ServiceEventHandlers = { [T in ServiceEventType]?: ServiceEventHandler<T> };

/** What came of one delivery. */
export type ConsumeOutcome = 'applied' | 'stale' | 'rejected' | 'duplicate';

/** Options of a consuming service's event consumer. */
export interface ServiceEventConsumerOptions {
  orm: MikroORM;
  /** The consumer's schema, holding `processed_event` and `aggregate_version` (`eventInboxTablesSql`). */
  schema: string;
  /** The consuming service's name: its queue is `events-<name>`. */
  consumer: string;
  handlers: ServiceEventHandlers;
  connection: RedisConnection;
  /** BullMQ key prefix (default `{sb}`); producers and consumers must agree. */
  prefix?: string;
  log: EventsLog;
  /** Events applied at once (default 4). Ordering holds at any concurrency: versions decide. */
  concurrency?: number;
  /** How long a job's lock lives without renewal, in ms (default 30 s): a killed consumer's events run again after about this. */
  lockDurationMs?: number;
  /** How long processed event ids are kept, in ms (default 7 days); a redelivery after that would apply again. */
  retentionMs?: number;
  /** How often the subscriptions are written again, in ms (default 5000): a Redis that lost its data gets them back. */
  resubscribeIntervalMs?: number;
}

/** The running consumer. */
export interface ServiceEventConsumer {
  /** Subscribes the consumer to its event types and starts taking events. */
  start(): Promise<void>;
  /** Applies one event as a delivery would (tests, and the worker's job). */
  consume(event: ServiceEventEnvelope): Promise<ConsumeOutcome>;
  /** Stops taking events, waits for the ones in flight, disconnects. */
  stop(): Promise<void>;
}

type Validator = { Check(value: unknown): boolean; Errors(value: unknown): Iterable<{ path: string; message: string }> };
const validators = new Map<string, Validator>(SERVICE_EVENT_TYPES.map((type) => [type, TypeCompiler.Compile(SERVICE_EVENT_SCHEMAS[type])]));

/**
 * Creates a consumer: a BullMQ worker on the service's own queue that applies each event in ONE
 * transaction with the row recording its id (`processed_event`), so a redelivered event (a relay
 * that published twice, a consumer killed before its ack) has no second effect. An event with a
 * version applies only when it is newer than the aggregate's last applied one (`aggregate_version`,
 * its row lock serializing events of one aggregate), so an older event arriving late is skipped.
 * Payloads are checked against the contracts' schemas; a bad one is recorded `rejected` and logged.
 */
export function createServiceEventConsumer(options: ServiceEventConsumerOptions): ServiceEventConsumer {
  const { log, handlers, consumer } = options;
  const prefix = options.prefix ?? DEFAULT_EVENTS_PREFIX;
  const s = quoteSchema(options.schema);

  const consume = (event: ServiceEventEnvelope): Promise<ConsumeOutcome> =>
    options.orm.em.fork().transactional(async (em) => {
      const handler = handlers[event.type] as ServiceEventHandler<ServiceEventType> | undefined;
      const validator = validators.get(event.type);
      const valid = handler !== undefined && validator?.Check(event.payload) === true;
      const record = (outcome: ConsumeOutcome) =>
        em.execute<{ event_id: string }[]>(
          `insert into ${s}."processed_event" (event_id, type, outcome) values (?, ?, ?) on conflict do nothing returning event_id`,
          [event.id, event.type, outcome],
        );
      if (!valid) {
        const errors = handler && validator ? [...validator.Errors(event.payload)].slice(0, 3).map((e) => `${e.path}: ${e.message}`) : ['no handler'];
        log.error({ eventId: event.id, type: event.type, errors }, 'events: rejected an event');
        return (await record('rejected')).length > 0 ? 'rejected' : 'duplicate';
      }
      // The id first: a second delivery of the event waits here for the first, then sees it.
      if ((await record('applied')).length === 0) return 'duplicate';
      if (event.version !== null) {
        const newer = await em.execute<{ version: string }[]>(
          `insert into ${s}."aggregate_version" (aggregate, aggregate_id, version) values (?, ?, ?)
           on conflict (aggregate, aggregate_id) do update set version = excluded.version
             where ${s}."aggregate_version".version < excluded.version
           returning version`,
          [event.aggregate, event.aggregateId, event.version],
        );
        if (newer.length === 0) {
          await em.execute(`update ${s}."processed_event" set outcome = 'stale' where event_id = ?`, [event.id]);
          return 'stale';
        }
      }
      await handler(event.payload, em, event);
      return 'applied';
    });

  let client: ReturnType<typeof eventsRedisClient> | undefined;
  let control: ReturnType<typeof eventsRedisClient> | undefined;
  let worker: Worker<ServiceEventEnvelope, ConsumeOutcome> | undefined;

  /** Subscribes to the handled types and unsubscribes from the rest (a handler removed in this release). */
  const subscribe = async () => {
    const pipeline = control!.pipeline();
    for (const type of SERVICE_EVENT_TYPES) {
      if (handlers[type]) pipeline.sadd(subscribersKey(prefix, type), consumer);
      else pipeline.srem(subscribersKey(prefix, type), consumer);
    }
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
  };
  const subscriptionOutage = outageReport(log, `events: ${consumer} subscriptions`);
  const resubscribeTask = createPeriodicTask({
    name: 'events subscriptions',
    intervalMs: options.resubscribeIntervalMs ?? 5000,
    log,
    onError: (error) => subscriptionOutage.failed(error),
    step: async () => {
      await subscribe();
      subscriptionOutage.recovered();
    },
  });

  const retentionMs = options.retentionMs ?? 7 * 24 * 3600 * 1000;
  const pruneTask = createPeriodicTask({
    name: 'processed events prune',
    intervalMs: Math.min(retentionMs, 3600_000),
    log,
    step: async () => {
      await options.orm.em
        .fork()
        .transactional((em) => em.execute(`delete from ${s}."processed_event" where processed_at < now() - make_interval(secs => ?)`, [retentionMs / 1000]));
    },
  });

  return {
    async start() {
      control = eventsRedisClient(options.connection, 'control', consumer, log);
      // Subscribed before the service is ready (unless Redis is away: then the task retries).
      await subscribe().then(
        () => subscriptionOutage.recovered(),
        (error: unknown) => subscriptionOutage.failed(error),
      );
      resubscribeTask.start();
      const lockDuration = options.lockDurationMs ?? 30_000;
      client = eventsRedisClient(options.connection, 'worker', consumer, log);
      worker = new Worker<ServiceEventEnvelope, ConsumeOutcome>(eventQueueName(consumer), (job: Job<ServiceEventEnvelope>) => consume(job.data), {
        connection: client,
        prefix,
        concurrency: options.concurrency ?? 4,
        lockDuration,
        stalledInterval: lockDuration,
        // Applying twice has no effect, so an event whose consumers keep dying is tried again.
        maxStalledCount: 100,
      });
      const outage = outageReport(log, `events: ${consumer} consumer`);
      worker.on('error', (error) => outage.failed(error));
      worker.on('ready', () => outage.recovered());
      worker.on('failed', (job, error) => log.warn({ err: error, eventId: job?.id, type: job?.name }, 'events: applying an event failed'));
      pruneTask.start();
    },
    consume,
    async stop() {
      await Promise.all([pruneTask.stop(), resubscribeTask.stop()]);
      await worker?.close();
      client?.disconnect();
      control?.disconnect();
    },
  };
}
