import { intFromEnv, requireEnv } from '../server';
import type { ServiceEventsConfig } from './events.plugin';

/**
 * Reads the events' environment in a service's `server.ts`: REDIS_URL (events are off without
 * it: undefined), EVENTS_PREFIX (`{sb}`), EVENTS_LOCK_DURATION_MS (30000).
 */
export function serviceEventsFromEnvironment(): ServiceEventsConfig | undefined {
  if (!process.env.REDIS_URL) return undefined;
  return {
    connection: process.env.REDIS_URL,
    prefix: requireEnv('EVENTS_PREFIX', '{sb}'),
    lockDurationMs: intFromEnv('EVENTS_LOCK_DURATION_MS', 30_000, 1),
  };
}
