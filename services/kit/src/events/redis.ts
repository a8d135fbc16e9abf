import { Redis, type RedisOptions } from 'ioredis';

/** Where Redis is: a `redis://` URL or ioredis options. */
export type RedisConnection = string | RedisOptions;

/** Where the events code logs. */
export interface EventsLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Reconnect quickly after an outage: 200 ms, 400 ms, ... at most every 2 s, forever. */
const retryStrategy = (times: number) => Math.min(times * 200, 2000);

/** How each role's client behaves while Redis is away. */
const ROLE_OPTIONS: Record<'producer' | 'worker' | 'control', RedisOptions> = {
  /** The relay: fails fast and tries again on its next poll. */
  producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 5000 },
  /** A consumer's BullMQ worker: blocking commands wait for a reconnect. */
  worker: { maxRetriesPerRequest: null },
  /** Subscriptions and epoch checks: wait for a connection at most 5 s, then fail (and run again later). */
  control: { maxRetriesPerRequest: 1, commandTimeout: 5000 },
};

/** An ioredis client for one role, with an `error` listener that logs an outage once. */
export function eventsRedisClient(connection: RedisConnection, role: 'producer' | 'worker' | 'control', name: string, log: EventsLog): Redis {
  const roleOptions = ROLE_OPTIONS[role];
  const options: RedisOptions = { retryStrategy, ...roleOptions, connectionName: `${name}-events-${role}` };
  const client = typeof connection === 'string' ? new Redis(connection, options) : new Redis({ ...connection, ...options });
  const outage = outageReport(log, `events: redis (${role})`);
  client.on('error', (error: unknown) => outage.failed(error));
  client.on('ready', () => outage.recovered());
  return client;
}

/** Logs the first failure of an outage at warn and its end at info, instead of every failed try. */
export function outageReport(log: EventsLog, what: string): { failed(error: unknown): void; recovered(): void } {
  let down = false;
  return {
    failed(error) {
      if (!down) log.warn({ err: error }, `${what} failing; retrying quietly until it recovers`);
      down = true;
    },
    recovered() {
      if (down) log.info({}, `${what} recovered`);
      down = false;
    },
  };
}

/** The default BullMQ prefix of event queues: hash-tagged, so a queue's keys share one Redis Cluster slot. */
export const DEFAULT_EVENTS_PREFIX = '{sb}';

/** The queue a consuming service reads its events from. */
export const eventQueueName = (consumer: string) => `events-${consumer}`;

/**
 * A key a producer's relays create when it is missing: a Redis that lost its data (restarted
 * without persistence, flushed) no longer has it, and the relay that creates it anew replays.
 */
export const epochKey = (prefix: string, producer: string) => `${prefix}:events:epoch:${producer}`;

/** The Redis set of the services consuming an event type (under the prefix's hash tag). */
export const subscribersKey = (prefix: string, type: string) => `${prefix}:events:subscribers:${type}`;
