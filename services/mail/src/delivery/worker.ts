import type { MikroORM } from '@mikro-orm/postgresql';
import { SEND_QUEUE_NAME, type SendJobData } from '@switchboard/contracts';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { inSpan, type BlobStore } from '@switchboard/service-kit';
import type { MacroRunner } from '../macros/macro-runner';
import type { TransportRegistry } from '../transport/transports';
import { composeMessage } from './compose';
import { outageLog, type DeliveryLogger } from './logger';
import { createRedisClient, type RedisConnection } from './redis';
import { DEFAULT_RETRY_SCHEDULE, mostAttempts, nextAttemptAt, type RetrySchedule } from './retry-schedule';
import { createSendStore } from './send-store';
import { classifySendError } from './smtp-failure';

/** Crashes of its worker a send job survives before it fails (poison jobs still end). */
const MAX_STALLS = 10;

export interface SendWorkerOptions {
  orm: MikroORM;
  connection: RedisConnection;
  /** BullMQ key prefix; the same as the relay's. */
  prefix: string;
  blobStore: BlobStore;
  transports: TransportRegistry;
  /** Jobs in flight in this process (default 8). */
  concurrency?: number;
  /**
   * How long a job's lock lives without renewal, in ms (default 30 s); also the stalled-check
   * interval. A crashed worker's jobs go back to the queue within about twice this.
   */
  lockDurationMs?: number;
  /** When a transient SMTP failure is tried again, and for how long (default: for 2 days, `retry-schedule.ts`). */
  retrySchedule?: RetrySchedule;
  /**
   * Claims of one email across all its jobs before it is failed for good (default: twice the
   * most attempts the retry schedule makes): guards against a message that crashes every worker that takes it.
   */
  maxSendAttempts?: number;
  logger: DeliveryLogger;
  /** Runs sent emails' macros (E13), told of each send here; without it macros wait. */
  macros?: Pick<MacroRunner, 'kick'>;
  /** Tells the live threads of tickets (issue 13, decision 0015) that a send of theirs was sent or failed. */
  threads?: { changed(ticketIds: readonly string[]): Promise<void> };
}

/** The running send worker. */
export interface SendWorker {
  worker: Worker<SendJobData, string>;
  /** Stops taking jobs, waits for the ones in flight, disconnects from Redis. */
  close(): Promise<void>;
}

/**
 * Creates the BullMQ worker that delivers queued emails. Each job claims its email (row lock,
 * status `sending`, attempt counted, committed) before any SMTP traffic; a job for an email
 * that is already settled does nothing, so a duplicate job never resends a sent email.
 * 4xx replies and network errors are tried again on the retry schedule (the job waits delayed,
 * the email shows the reply and the next attempt's time) until its give-up time; a 5xx reply
 * fails the email at once. Other errors (the database, a crash) use the job's own attempts.
 */
export function createSendWorker(options: SendWorkerOptions): SendWorker {
  const { logger, transports } = options;
  const store = createSendStore(options.orm);
  const schedule = options.retrySchedule ?? DEFAULT_RETRY_SCHEDULE;
  const maxSendAttempts = options.maxSendAttempts ?? mostAttempts(schedule) * 2;
  const lockDuration = options.lockDurationMs ?? 30_000;

  /** Nudges the settled email's ticket thread; the send stands whatever happens here (a reconnecting stream catches up). */
  const settled = async (emailId: string, ticketId: string | null): Promise<void> => {
    if (!options.threads || !ticketId) return;
    try {
      await options.threads.changed([ticketId]);
    } catch (error) {
      logger.warn({ emailId, err: error instanceof Error ? error.message : String(error) }, 'ticket thread not told of the settled send');
    }
  };

  const deliver = async (job: Job<SendJobData, string>, token?: string): Promise<string> => {
    const { emailId } = job.data;
    const claimed = await store.claim(emailId, maxSendAttempts);
    if (typeof claimed === 'string') {
      // Already sent: a duplicate job, or Try again of its macro (macro.routes.ts).
      options.macros?.kick(emailId);
      return claimed;
    }
    const { email, queue, attachments } = claimed;
    const streams: { destroy(): void }[] = [];
    let response: string;
    try {
      const composed = composeMessage(email, queue, attachments, options.blobStore);
      streams.push(...composed.streams);
      response = await sendOverSmtp(transports.forQueue(queue), composed.message);
    } catch (error) {
      for (const stream of streams) stream.destroy();
      const failure = classifySendError(error);
      const log = { emailId, attempt: email.sendAttempts, code: failure.code, reason: failure.reason };
      const next = failure.retryable ? nextAttemptAt(schedule, email.sendAttempts, email.releasedAt, new Date()) : null;
      if (!next) {
        await settled(emailId, await store.markFailed(emailId, failure.reason, failure.code));
        logger.warn(log, 'send failed for good');
        throw new UnrecoverableError(failure.reason);
      }
      await store.markWaitingForRetry(emailId, failure, next);
      logger.info({ ...log, nextAttemptAt: next.toISOString() }, 'send attempt failed; will retry');
      await job.moveToDelayed(next.getTime(), token);
      throw new DelayedError();
    }
    await settled(emailId, await store.markSent(emailId, response));
    logger.debug({ emailId, attempt: email.sendAttempts }, 'sent');
    options.macros?.kick(emailId);
    return 'sent';
  };

  const client = createRedisClient(options.connection, 'worker', logger);
  // With tracing on, each job is a span continuing the send request's trace (the job's traceparent).
  const processJob = (job: Job<SendJobData, string>, token?: string) =>
    inSpan(
      `${SEND_QUEUE_NAME} process`,
      {
        kind: 'consumer',
        traceparent: job.data.traceparent,
        attributes: { 'messaging.system': 'bullmq', 'messaging.destination.name': SEND_QUEUE_NAME, 'messaging.message.id': job.id ?? '', 'messaging.operation.type': 'process' },
      },
      () => deliver(job, token),
    );
  const worker = new Worker<SendJobData, string>(SEND_QUEUE_NAME, processJob, {
    connection: client,
    prefix: options.prefix,
    concurrency: options.concurrency ?? 8,
    lockDuration,
    stalledInterval: lockDuration,
    // A job whose worker died is not at fault, and sends are claimed before SMTP, so running it
    // again is safe. BullMQ's default fails a job the second time it stalls: an email already sent
    // then kept an unfinished macro for good (found by the macro faults test, three worker kills).
    maxStalledCount: MAX_STALLS,
  });
  const outage = outageLog(logger, 'send worker');
  worker.on('error', (error) => outage.failed(error));
  worker.on('ready', () => outage.recovered());
  worker.on('stalled', (jobId) => logger.warn({ emailId: jobId }, 'send job stalled (its worker died); it runs again'));
  return {
    worker,
    async close() {
      await worker.close();
      client.disconnect();
    },
  };
}

/** A mail transport as far as sending goes. */
type Sender = ReturnType<TransportRegistry['forQueue']>;

/**
 * Hands the message to the SMTP server in a client span that records the server's reply code
 * (never the reply's text, which may name the recipient); answers the reply.
 */
function sendOverSmtp(transport: Sender, message: Parameters<Sender['sendMail']>[0]): Promise<string> {
  return inSpan('smtp send', { kind: 'client' }, async (span) => {
    try {
      const { response } = await transport.sendMail(message);
      span.setAttribute('smtp.response.code', Number(/^\d{3}/.exec(response)?.[0] ?? 0));
      return response;
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (code) span.setAttribute('smtp.response.code', code);
      throw error;
    }
  });
}
