import { createServiceApp, type BlobStore, type ServiceApp, type ServiceAppOptions } from '@switchboard/service-kit';
import type { JWTVerifyGetKey } from 'jose';
import { attachmentsRoutes } from './attachments/attachments.routes';
import { sweepBlobs } from './blobs/blob-sweep';
import { createBlobSweeper } from './blobs/blob-sweeper';
import { createOutboxRelay } from './delivery/relay';
import { draftsRoutes } from './emails/drafts.routes';
import { threadRoutes } from './emails/thread.routes';
import { mailEntities } from './entities';
import { mailMigrations } from './migrations';
import { queuesRoutes } from './queues/queues.routes';
import { keepFillingDemoTicketCopies } from './seed/demo-ticket-copies';
import { seedDemoIfEmpty } from './seed/demo-seed';
import type { TicketsClient } from './tickets-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where attachment bytes live. */
    blobStore: BlobStore;
    /** The tickets service, called as the service `mail` (M1). */
    ticketsClient: TicketsClient;
    /** Moves outbox rows to the send queue; `kick()` asks it to look now instead of at its next poll. */
    outboxRelay?: { kick(): void };
  }
}

/** What the mail service needs; server.ts reads these from the environment. */
export interface MailAppOptions {
  /** postgres:// URL; the service keeps its tables in the `mail` schema. */
  databaseUrl: string;
  /** Connection pool size (1 for embedded PostgreSQL). */
  poolSize?: number;
  /** Pino options, or false for silence (tests). */
  logger?: ServiceAppOptions['logger'];
  /** Token verification keys: the identity service's JWKS in production. */
  getKey: JWTVerifyGetKey;
  /** Attachment bytes. */
  blobStore: BlobStore;
  /** The tickets service. */
  ticketsClient: TicketsClient;
  /** Seed the demo queues, and the demo inbound emails when there are no emails yet. */
  seedDemo?: boolean;
  /**
   * Redis of the send queue (REDIS_URL). With it the app runs an outbox relay that a send
   * kicks; without it sends wait in the outbox for a worker process's relay.
   */
  redisUrl?: string;
  /** BullMQ key prefix of the send queue (MAIL_QUEUE_PREFIX, default `sb`); the worker's must match. */
  queuePrefix?: string;
  /**
   * Removal of attachment bytes no email uses (BLOB_SWEEP_INTERVAL_MS, BLOB_SWEEP_GRACE_MS):
   * a sweep at start, then `intervalMs` after each. Off when absent or `intervalMs` is 0.
   */
  blobSweep?: { intervalMs: number; graceMs: number };
}

/** Builds the mail service (migrations applied); it does not listen. */
export async function buildApp(options: MailAppOptions): Promise<ServiceApp> {
  const app = await createServiceApp({
    name: 'mail',
    logger: options.logger,
    auth: { audience: 'mail', getKey: options.getKey },
    orm: {
      databaseUrl: options.databaseUrl,
      schema: 'mail',
      entities: mailEntities,
      migrations: mailMigrations,
      poolSize: options.poolSize,
    },
  });
  app.decorate('blobStore', options.blobStore);
  app.decorate('ticketsClient', options.ticketsClient);
  await app.register(queuesRoutes);
  await app.register(draftsRoutes);
  await app.register(threadRoutes);
  await app.register(attachmentsRoutes);
  if (options.redisUrl) {
    const relay = createOutboxRelay({ orm: app.orm, connection: options.redisUrl, prefix: options.queuePrefix ?? 'sb', logger: app.log });
    app.decorate('outboxRelay', relay);
    app.addHook('onReady', async () => relay.start());
    app.addHook('preClose', async () => relay.stop());
  }
  if (options.blobSweep?.intervalMs) {
    const { intervalMs, graceMs } = options.blobSweep;
    const sweeper = createBlobSweeper({
      intervalMs,
      sweep: (signal) => sweepBlobs(app.orm.em.fork(), options.blobStore, { graceMs, signal }),
      log: app.log,
    });
    app.addHook('onReady', async () => sweeper.start());
    app.addHook('preClose', async () => sweeper.stop());
  }
  if (options.seedDemo) {
    let filling: { stop(): Promise<void> } | undefined;
    app.addHook('onReady', async () => {
      const seeded = await seedDemoIfEmpty(app.orm.em.fork(), options.blobStore);
      if (seeded) app.log.info(seeded, 'seeded demo mail');
      filling = keepFillingDemoTicketCopies(() => app.orm.em.fork(), options.ticketsClient, app.log);
    });
    app.addHook('preClose', async () => filling?.stop());
  }
  return app;
}
