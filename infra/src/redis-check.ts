import { Redis } from 'ioredis';
import { PlatformError } from './platform-error';

/** The Redis `npm start` expects when REDIS_URL is not set. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Resolves when Redis at `url` answers PING; otherwise throws a PlatformError saying how to start
 * one. One attempt with a short timeout: no reconnect loop, no unhandled error events.
 */
export async function checkRedis(url = DEFAULT_REDIS_URL, timeoutMs = 1500): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // The 'error' event carries the cause (ECONNREFUSED ...); connect() rejects with less.
  let cause: Error | undefined;
  redis.on('error', (error: Error) => (cause ??= error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    const reason = cause?.message ?? (error instanceof Error ? error.message : String(error));
    throw new PlatformError(
      [
        `Redis does not answer at ${url} (${reason}).`,
        'Switchboard needs Redis (set REDIS_URL to use another one). To start one on this machine:',
        '  redis-server --daemonize yes --bind 127.0.0.1 --port 6379',
        'and if redis-server is not installed:',
        '  apt-get install -y redis-server    (or: brew install redis)',
      ].join('\n'),
    );
  } finally {
    redis.disconnect();
  }
}
