import type { MikroORM } from '@mikro-orm/postgresql';
import { Queue, Worker, type Job } from 'bullmq';
import { outageLog, type DeliveryLogger } from '../delivery/logger';
import { createRedisClient, type RedisConnection } from '../delivery/redis';
import { sendJobOptions, DEFAULT_RETRY_POLICY } from '../delivery/send-queue';
import type { MacroRunner } from './macro-runner';
import { createMacroSweeper, type MacroJobs, type MacroSweeperOptions } from './macro-sweeper';

/** The queue of sent emails whose macro is to run (E13); the job id is the email id. */
export const MACRO_QUEUE_NAME = 'mail-macro';
const MACRO_JOB_NAME = 'macro';
/** Crashes of its worker a macro job survives before it fails, as a send job. */
const MAX_STALLS = 10;

interface MacroJobData {
  emailId: string;
}

export interface MacroQueueOptions {
  connection: RedisConnection;
  /** BullMQ key prefix; the send queue's. */
  prefix: string;
  /** Applies the actions; runs in this queue's jobs. */
  runner: MacroRunner;
  /** Macros in flight in this process (default 16): each mostly waits on tickets and the CRM. */
  concurrency?: number;
  /** As the send worker's (default 30 s). */
  lockDurationMs?: number;
  /** Where the macro sweep looks for sent emails whose macro has no job. */
  orm: MikroORM;
  /** The sweep's interval and grace period (defaults in macro-sweeper.ts). */
  sweep?: Pick<MacroSweeperOptions, 'intervalMs' | 'graceMs'>;
  logger: DeliveryLogger;
}

/** The macro queue of a worker process: what the send worker hands sent emails to, and the worker that runs them. */
export interface MacroQueue {
  /**
   * The send worker's side (the same interface as running the macro in place): makes sure a
   * job exists for the email (a waiting or running one takes the add; a finished one is gone).
   */
  macros: MacroRunner;
  worker: Worker<MacroJobData>;
  /** Stops taking jobs, waits for the ones in flight, disconnects. Close the send worker first. */
  close(): Promise<void>;
}

/**
 * Runs sent emails' macros on a queue of their own (decision 0013), so a send job ends when the
 * SMTP server accepted the message and its slot goes to the next send, while the macro's calls to
 * tickets and the CRM run beside it. The send job adds the macro job after marking the email sent
 * (and again whenever it finds the email sent already), so a crash in between loses no macro: the
 * send job runs again and adds it. A job lost afterwards (a Redis without persistence restarted)
 * is added again by the macro sweep (macro-sweeper.ts). Steps are recorded once each as before,
 * so a job that runs twice replays nothing.
 */
export function createMacroQueue(options: MacroQueueOptions): MacroQueue {
  const { logger } = options;
  const lockDuration = options.lockDurationMs ?? 30_000;
  const producer = createRedisClient(options.connection, 'producer', logger);
  // A finished job goes at once (the steps' rows are the record), so adding the email's job again is one call.
  const defaultJobOptions = { ...sendJobOptions(DEFAULT_RETRY_POLICY), removeOnComplete: true, removeOnFail: true };
  const queue = new Queue<MacroJobData>(MACRO_QUEUE_NAME, { connection: producer, prefix: options.prefix, defaultJobOptions });
  queue.on('error', (error) => logger.debug({ err: error.message }, 'macro queue error'));

  const run = async (job: Job<MacroJobData>) => {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await options.runner.runAfterSend(job.data.emailId, lastAttempt);
  };
  const client = createRedisClient(options.connection, 'worker', logger);
  const worker = new Worker<MacroJobData>(MACRO_QUEUE_NAME, run, {
    connection: client,
    prefix: options.prefix,
    concurrency: options.concurrency ?? 16,
    lockDuration,
    stalledInterval: lockDuration,
    maxStalledCount: MAX_STALLS,
  });
  const outage = outageLog(logger, 'macro worker');
  worker.on('error', (error) => outage.failed(error));
  worker.on('ready', () => outage.recovered());

  const add = async (emailId: string) => {
    await queue.add(MACRO_JOB_NAME, { emailId }, { jobId: emailId });
  };
  const jobs: MacroJobs = {
    async missing(emailIds) {
      const found = await Promise.all(emailIds.map((emailId) => queue.getJob(emailId)));
      return emailIds.filter((_emailId, i) => !found[i] || found[i]!.finishedOn);
    },
    add,
  };
  const sweeper = createMacroSweeper({ orm: options.orm, jobs, logger, ...options.sweep });
  sweeper.start();
  return {
    macros: { runAfterSend: add },
    worker,
    async close() {
      await sweeper.stop();
      await worker.close();
      await queue.close();
      client.disconnect();
      producer.disconnect();
    },
  };
}
