import { Redis, type RedisOptions } from 'ioredis';
import { outageLog, type DeliveryLogger } from './logger';

/** Where Redis is: a `redis://` URL or ioredis options. */
export type RedisConnection = string | RedisOptions;

/** Reconnect quickly after an outage: 200 ms, 400 ms, ... at most every 2 s, forever. */
const retryStrategy = (times: number) => Math.min(times * 200, 2000);

/**
 * An ioredis client for one role, with an `error` listener (an unhandled one would crash the
 * process) that reports an outage once and its end once.
 * - `worker`: BullMQ workers block on Redis; commands wait for a reconnect (maxRetriesPerRequest null).
 * - `producer`: the relay fails fast while Redis is away (no offline queue, 5 s command timeout)
 *   and tries again on its next tick.
 */
export function createRedisClient(connection: RedisConnection, role: 'worker' | 'producer', logger: DeliveryLogger): Redis {
  const roleOptions: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 5000 };
  const options: RedisOptions = { retryStrategy, ...roleOptions, connectionName: `mail-${role}` };
  const client = typeof connection === 'string' ? new Redis(connection, options) : new Redis({ ...connection, ...options });
  const outage = outageLog(logger, `redis (${role})`);
  client.on('error', (error: unknown) => outage.failed(error));
  client.on('ready', () => outage.recovered());
  return client;
}
