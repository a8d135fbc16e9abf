import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createOutboxRelay } from './relay';

declare module 'fastify' {
  interface FastifyInstance {
    /** Moves outbox rows to the send queue; `kick()` asks it to look now instead of at its next poll. */
    outboxRelay?: { kick(): void };
  }
}

/** Options of the API's outbox relay. */
export interface OutboxRelayPluginOptions {
  /** Redis of the send queue (REDIS_URL). */
  redisUrl: string;
  /** BullMQ key prefix of the send queue (MAIL_QUEUE_PREFIX); the worker's must match. */
  prefix: string;
}

/**
 * Kicks within this window make one relay pass: under load a pass per send's commit cost the
 * API more statements than the sends themselves (issue 17); a send waits this much longer.
 */
const KICK_WINDOW_MS = 5;

/**
 * Runs an outbox relay in the API process from `onReady` until `preClose`, decorated as
 * `app.outboxRelay` so the send route can kick it after its commit.
 */
export const outboxRelayPlugin = fp(
  async (app: FastifyInstance, options: OutboxRelayPluginOptions) => {
    const relay = createOutboxRelay({ orm: app.orm, connection: options.redisUrl, prefix: options.prefix, logger: app.log });
    let kickTimer: NodeJS.Timeout | undefined;
    const kick = () => {
      kickTimer ??= setTimeout(() => {
        kickTimer = undefined;
        relay.kick();
      }, KICK_WINDOW_MS);
    };
    app.decorate('outboxRelay', { kick });
    app.addHook('onReady', async () => relay.start());
    app.addHook('preClose', async () => {
      clearTimeout(kickTimer);
      await relay.stop();
    });
  },
  { name: 'mail-outbox-relay', dependencies: ['switchboard-orm'] },
);
