import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createServiceEventConsumer, type ServiceEventConsumer, type ServiceEventHandlers } from './event-consumer';
import { createServiceEventRelay, type ServiceEventRelay } from './event-relay';
import type { RedisConnection } from './redis';

declare module 'fastify' {
  interface FastifyInstance {
    /** The service's events: `kick()` relays recorded events now instead of at the next poll. */
    serviceEvents?: { kick(): void };
  }
}

/** Where a service's events go and come from (see `serviceEventsFromEnvironment`). */
export interface ServiceEventsConfig {
  /** Redis of the event queues (REDIS_URL). */
  connection: RedisConnection;
  /** BullMQ key prefix (EVENTS_PREFIX, default `{sb}`). */
  prefix?: string;
  /** Consumer job lock, in ms (EVENTS_LOCK_DURATION_MS, default 30 s). */
  lockDurationMs?: number;
}

/** Options of `serviceEventsPlugin`. */
export interface ServiceEventsPluginOptions extends ServiceEventsConfig {
  /** The service's schema: its `event_outbox` and consumer tables live there. */
  schema: string;
  /** Relay the events this service records (it has an `event_outbox`). */
  relay?: boolean;
  /** Consume events: the service's name (its queue) and one handler per type. */
  consumer?: { name: string; handlers: ServiceEventHandlers };
}

/**
 * Runs a service's event relay and consumer from `onReady` until `preClose` (before the
 * database closes), and decorates `app.serviceEvents`. The relay is kicked after every write
 * request's response, so routes need not know about it; it also polls every 500 ms.
 */
export const serviceEventsPlugin = fp(
  async (app: FastifyInstance, options: ServiceEventsPluginOptions) => {
    const common = { orm: app.orm, schema: options.schema, connection: options.connection, prefix: options.prefix, log: app.log };
    const relay: ServiceEventRelay | undefined = options.relay ? createServiceEventRelay(common) : undefined;
    const consumer: ServiceEventConsumer | undefined =
      options.consumer &&
      createServiceEventConsumer({ ...common, consumer: options.consumer.name, handlers: options.consumer.handlers, lockDurationMs: options.lockDurationMs });
    app.decorate('serviceEvents', { kick: () => relay?.kick() });
    // A write request's transaction has committed by its response: relay what it recorded now.
    if (relay) {
      app.addHook('onResponse', (request, _reply, done) => {
        if (request.method !== 'GET' && request.method !== 'HEAD') relay.kick();
        done();
      });
    }
    app.addHook('onReady', async () => {
      relay?.start();
      await consumer?.start();
    });
    app.addHook('preClose', async () => {
      await Promise.all([relay?.stop(), consumer?.stop()]);
    });
  },
  { name: 'switchboard-service-events', dependencies: ['switchboard-orm'] },
);
