import { randomBytes } from 'node:crypto';
import { SERVICE_EVENT_TYPES } from '@switchboard/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { eventQueueName, subscribersKey } from './redis';

/** The Redis tests use: the machine's, unless TEST_REDIS_URL says otherwise. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A hash-tagged event prefix of a test's own, so parallel test files never share queues. */
export const testEventsPrefix = (name: string) => `{sbtest-${name}-${randomBytes(4).toString('hex')}}`;

/** Deletes a test's event queues of these consumers and every subscription under its prefix. */
export async function dropTestEvents(prefix: string, consumers: string[], redisUrl = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    for (const consumer of consumers) {
      const queue = new Queue(eventQueueName(consumer), { connection: redis, prefix });
      await queue.obliterate({ force: true });
      await queue.close();
    }
    await redis.del(...SERVICE_EVENT_TYPES.map((type) => subscribersKey(prefix, type)));
  } finally {
    redis.disconnect();
  }
}
