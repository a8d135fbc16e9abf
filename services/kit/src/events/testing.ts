import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE_EVENT_TYPES } from '@switchboard/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { isListening } from '../testing/infra';
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

/** A redis-server of a test's own, without persistence, that it may kill and start again empty. */
export interface PrivateRedis {
  url: string;
  /** SIGKILL: everything in it is lost. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

/** Starts a private redis-server on a free loopback port (never the machine's 6379). */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let tries = 0; tries < 400 && !(await isListening(port)); tries++) await sleep(25);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
    start,
  };
}
