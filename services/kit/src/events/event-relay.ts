import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ServiceEventEnvelope, ServiceEventType } from '@switchboard/contracts';
import { Queue, type JobsOptions } from 'bullmq';
import { createOutboxRelay, type OutboxDestination, type OutboxRelayOptions } from '../background/outbox-relay';
import { createPeriodicTask } from '../background/periodic-task';
import {
  DEFAULT_EVENTS_PREFIX,
  epochKey,
  eventQueueName,
  eventsRedisClient,
  outageReport,
  subscribersKey,
  type EventsLog,
  type RedisConnection,
} from './redis';
import { quoteSchema } from './tables';

/** Options of a producer's event relay. */
export interface ServiceEventRelayOptions extends Pick<OutboxRelayOptions, 'pollIntervalMs' | 'batchSize'> {
  orm: MikroORM;
  /** The producer's schema, whose `event_outbox` it relays. */
  schema: string;
  connection: RedisConnection;
  /** BullMQ key prefix (default `{sb}`); producers and consumers must agree. */
  prefix?: string;
  log: EventsLog;
  /** How long relayed events stay in the outbox, in ms (default one day); also how far back a replay reaches. */
  retentionMs?: number;
  /** How often the relay checks whether Redis lost its data, in ms (default 5000). */
  epochIntervalMs?: number;
  /** How long after such a loss the replay waits for consumers to subscribe again, in ms (default 15000). */
  replayDelayMs?: number;
}

/** Moves recorded events to the queues of the services that consume them. */
export interface ServiceEventRelay {
  start(): void;
  /** Relays now (a producer calls this after its commit); kicks coalesce. */
  kick(): void;
  /** Relays every pending event; resolves with how many. */
  relayPending(): Promise<number>;
  /** Deletes events relayed longer ago than the retention; resolves with how many. */
  prune(): Promise<number>;
  /** Marks every event relayed within the retention pending again, so it is published again; resolves with how many. */
  replay(): Promise<number>;
  /** Stops relaying, closes the queues and the Redis client. */
  stop(): Promise<void>;
}

/** An outbox row as `select *` reads it. */
interface EventRow extends Record<string, unknown> {
  id: string;
  type: ServiceEventType;
  aggregate: string;
  aggregate_id: string;
  version: string | number | null;
  payload: unknown;
  /** A Date or the driver's timestamp text. */
  created_at: Date | string;
}

/**
 * Consumers retry a failing event with backoff for about a day (1 s, 2 s, 4 s, ...); a completed
 * job is kept an hour so that a second publication of it (a relay that died before its mark)
 * is absorbed by BullMQ itself; after that the consumer's processed-event table absorbs it.
 */
const JOB_OPTIONS: JobsOptions = {
  attempts: 17,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

const toEnvelope = (row: EventRow): ServiceEventEnvelope => ({
  id: row.id,
  type: row.type,
  aggregate: row.aggregate,
  aggregateId: row.aggregate_id,
  version: row.version === null ? null : Number(row.version),
  occurredAt: new Date(row.created_at).toISOString(),
  payload: row.payload as ServiceEventEnvelope['payload'],
});

/**
 * Creates the relay of a producer's events: the kit's outbox relay over `<schema>.event_outbox`
 * (claims with SKIP LOCKED, so every replica may run one), whose destination fans each event out
 * to the queue of every service subscribed to its type (a Redis set each consumer keeps), with
 * the event id as the job id. The producer never names its consumers.
 */
export function createServiceEventRelay(options: ServiceEventRelayOptions): ServiceEventRelay {
  const { log, schema } = options;
  const prefix = options.prefix ?? DEFAULT_EVENTS_PREFIX;
  const client = eventsRedisClient(options.connection, 'producer', schema, log);
  const queues = new Map<string, Queue>();
  const queueOf = (consumer: string) => {
    let queue = queues.get(consumer);
    if (!queue) {
      queue = new Queue(eventQueueName(consumer), { connection: client, prefix });
      queue.on('error', (error) => log.warn({ err: error, consumer }, 'events: queue error'));
      queues.set(consumer, queue);
    }
    return queue;
  };

  const destination: OutboxDestination<EventRow> = {
    async publish(rows) {
      const types = [...new Set(rows.map((row) => row.type))];
      const subscribers = new Map(await Promise.all(types.map(async (type) => [type, await client.smembers(subscribersKey(prefix, type))] as const)));
      const byConsumer = new Map<string, EventRow[]>();
      for (const row of rows) {
        for (const consumer of subscribers.get(row.type) ?? []) {
          if (!byConsumer.has(consumer)) byConsumer.set(consumer, []);
          byConsumer.get(consumer)!.push(row);
        }
      }
      await Promise.all(
        [...byConsumer].map(([consumer, consumed]) =>
          queueOf(consumer).addBulk(consumed.map((row) => ({ name: row.type, data: toEnvelope(row), opts: { ...JOB_OPTIONS, jobId: row.id } }))),
        ),
      );
      return rows.length;
    },
    // Without a sweep (no `stillDue`) nothing asks; an event is relayed once.
    lost: async () => [],
  };

  const table = quoteSchema(schema);
  const relay = createOutboxRelay<EventRow>({
    orm: options.orm,
    table: { name: `${table}."event_outbox"`, key: 'id', orderBy: 'seq' },
    destination,
    log,
    outage: outageReport(log, `events: ${schema} relay`),
    pollIntervalMs: options.pollIntervalMs ?? 500,
    batchSize: options.batchSize,
  });

  const retentionMs = options.retentionMs ?? 24 * 3600 * 1000;
  const prune = async () => {
    const rows = await options.orm.em
      .fork()
      .transactional((em) =>
        em.execute<{ id: string }[]>(
          `delete from ${table}."event_outbox" where relayed_at < now() - make_interval(secs => ?) returning id`,
          [retentionMs / 1000],
        ),
      );
    return rows.length;
  };
  const pruneTask = createPeriodicTask({ name: 'event outbox prune', intervalMs: Math.min(retentionMs, 3600_000), log, step: async () => void (await prune()) });

  const replay = async () => {
    const rows = await options.orm.em
      .fork()
      .transactional((em) =>
        em.execute<{ id: string }[]>(
          `update ${table}."event_outbox" set relayed_at = null where relayed_at > now() - make_interval(secs => ?) returning id`,
          [retentionMs / 1000],
        ),
      );
    return rows.length;
  };

  // A Redis that lost its data (restarted without persistence) lost the queued events and the
  // subscriptions too. The relay that finds the epoch key gone creates it, waits for consumers to
  // subscribe again (they do every few seconds) and replays the retention window; consumers
  // drop what they had applied by its id.
  const epoch = epochKey(prefix, schema);
  const replayDelayMs = options.replayDelayMs ?? 15_000;
  let knownEpoch: string | null = null;
  let replayAt: number | undefined;
  let lostWhileRunning = false;
  const epochOutage = outageReport(log, `events: ${schema} epoch check`);
  const epochTask = createPeriodicTask({
    name: 'event epoch check',
    intervalMs: options.epochIntervalMs ?? 5000,
    log,
    onError: (error) => epochOutage.failed(error),
    step: async () => {
      // Not connected yet (start-up) or away: the client reports the outage; check next time.
      if (client.status !== 'ready') return;
      const fresh = randomUUID();
      const created = (await client.set(epoch, fresh, 'NX')) === 'OK';
      const current = created ? fresh : await client.get(epoch);
      if (created || (knownEpoch !== null && current !== knownEpoch)) {
        replayAt ??= Date.now() + replayDelayMs;
        lostWhileRunning ||= knownEpoch !== null;
      }
      knownEpoch = current;
      epochOutage.recovered();
      if (replayAt === undefined || Date.now() < replayAt) return;
      replayAt = undefined;
      const replayed = await replay();
      // At this process's first check a missing key is as likely a first start as a lost Redis.
      const why = lostWhileRunning ? 'Redis lost its data' : 'no epoch in Redis (a first start, or Redis lost its data)';
      if (replayed > 0) log[lostWhileRunning ? 'warn' : 'info']({ replayed }, `events: ${why}; replayed the events relayed within the retention`);
      lostWhileRunning = false;
      relay.kick();
    },
  });

  return {
    start() {
      relay.start();
      pruneTask.start();
      epochTask.start();
    },
    kick: () => relay.kick(),
    relayPending: () => relay.relayPending(),
    prune,
    replay,
    async stop() {
      await Promise.all([relay.stop(), pruneTask.stop(), epochTask.stop()]);
      await Promise.all([...queues.values()].map((queue) => queue.close()));
      client.disconnect();
    },
  };
}
