import type { MikroORM } from '@mikro-orm/postgresql';
import type { SendJobData } from '@switchboard/contracts';
import {
  createOutboxRelay as relayOutboxTable,
  type OutboxDestination,
  type OutboxRelay,
  type OutboxRelayOptions as KitRelayOptions,
  type OutboxTable,
} from '@switchboard/service-kit';
import type { Queue } from 'bullmq';
import { outageLog, type DeliveryLogger } from './logger';
import { createRedisClient, type RedisConnection } from './redis';
import { DEFAULT_RETRY_POLICY, ensureSendJobs, openSendQueue, sendJobsNotLive, type SendRetryPolicy } from './send-queue';

export type { OutboxRelay } from '@switchboard/service-kit';

/** Where the send relay reads and writes; polling, sweeping and batches as the kit's relay has them. */
export interface OutboxRelayOptions extends Pick<KitRelayOptions, 'pollIntervalMs' | 'sweepIntervalMs' | 'batchSize'> {
  orm: MikroORM;
  connection: RedisConnection;
  /** BullMQ key prefix (MAIL_QUEUE_PREFIX); tests use one of their own. */
  prefix: string;
  logger: DeliveryLogger;
  retryPolicy?: SendRetryPolicy;
}

/** An accepted send: the row the send route writes in the transaction that queues its email. */
type SendRow = { email_id: string; traceparent: string | null };

/**
 * The send outbox. A row is released at its `release_at` (the end of the undo window or the
 * scheduled time, E14, E15), never earlier; a relayed send stays due while its email is unsent.
 */
const SEND_OUTBOX: OutboxTable = {
  name: '"mail"."outbox"',
  key: 'email_id',
  orderBy: 'release_at',
  ready: 'release_at <= now()',
  stillDue: `exists (select 1 from "mail"."email" e where e.id = o.email_id and e.status in ('scheduled', 'queued', 'sending'))`,
};

/**
 * The send queue as the outbox's destination. Jobs are keyed by email id, so a row relayed
 * twice still makes one job. A job is lost when it is gone (a Redis restart without
 * persistence, a flushed key) or finished while its email is still unsent; the worker settles
 * the email before it finishes a job, so the sweep's second read skips a send that completed.
 */
function sendQueueDestination(queue: Queue<SendJobData>): OutboxDestination<SendRow> {
  return {
    publish: (rows) => ensureSendJobs(queue, rows.map((row) => ({ emailId: row.email_id, traceparent: row.traceparent }))),
    async lost(rows) {
      const notLive = new Set(await sendJobsNotLive(queue, rows.map((row) => row.email_id)));
      return rows.filter((row) => notLive.has(row.email_id));
    },
    async liveCount() {
      const live = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      return Object.values(live).reduce((sum, n) => sum + n, 0);
    },
  };
}

/**
 * Creates the relay that moves accepted sends from the outbox table to the send queue and
 * re-enqueues lost jobs: the kit's outbox relay over mail's table and queue. The API and each
 * worker process run one; they share the rows.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { logger } = options;
  const client = createRedisClient(options.connection, 'producer', logger);
  const queue = openSendQueue(client, options.prefix, options.retryPolicy ?? DEFAULT_RETRY_POLICY, logger);
  const relay = relayOutboxTable<SendRow>({
    orm: options.orm,
    table: SEND_OUTBOX,
    destination: sendQueueDestination(queue),
    log: logger,
    outage: outageLog(logger, 'outbox relay'),
    onRepublished: (requeued) => logger.warn({ requeued }, 'sweep re-enqueued sends whose job was missing'),
    pollIntervalMs: options.pollIntervalMs,
    sweepIntervalMs: options.sweepIntervalMs,
    batchSize: options.batchSize,
  });
  return {
    ...relay,
    /** Stops the relay, then closes the queue and its Redis client. */
    async stop() {
      await relay.stop();
      await queue.close();
      client.disconnect();
    },
  };
}
