import { SEND_QUEUE_NAME, type SendJobData } from '@switchboard/contracts';
import { Queue, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DeliveryLogger } from './logger';

/** Name of every job on the send queue; the job id is the email id. */
export const SEND_JOB_NAME = 'send';

/** Retry policy of a send: attempts and the first backoff delay (doubled on each retry). */
export interface SendRetryPolicy {
  attempts: number;
  backoffMs: number;
}

/**
 * 8 attempts, waiting 1 s, 2 s, 4 s ... 64 s between them (about 2 minutes in all), for errors
 * other than an SMTP reply (the database, a crash). An SMTP server's transient refusal waits on
 * the worker's retry schedule instead (retry-schedule.ts: for 2 days).
 */
export const DEFAULT_RETRY_POLICY: SendRetryPolicy = { attempts: 8, backoffMs: 1000 };

/** Job options of a send: retries with exponential backoff; finished jobs expire (the database keeps the outcome). */
export function sendJobOptions(policy: SendRetryPolicy): DefaultJobOptions {
  return {
    attempts: policy.attempts,
    backoff: { type: 'exponential', delay: policy.backoffMs },
    removeOnComplete: { age: 60 * 60, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 60 * 60, count: 10_000 },
  };
}

/** The producer side of the send queue, on a client of the `producer` role. */
export function openSendQueue(client: Redis, prefix: string, policy: SendRetryPolicy, logger: DeliveryLogger): Queue<SendJobData> {
  const queue = new Queue<SendJobData>(SEND_QUEUE_NAME, {
    connection: client,
    prefix,
    defaultJobOptions: sendJobOptions(policy),
  });
  // The client's own listener reports outages; this keeps the queue's re-emitted errors from crashing.
  queue.on('error', (error) => logger.debug({ err: error.message }, 'send queue error'));
  return queue;
}

/**
 * Makes sure a job exists for the email: adds it when missing, and replaces a finished
 * (completed or failed) job of the same id, which would otherwise swallow the add.
 * Waiting, delayed and active jobs are left alone. Returns true when a job was added.
 * Reads the job's hash (not `getJobState`, whose scan of the wait list grows with the backlog).
 */
export async function ensureSendJob(queue: Queue<SendJobData>, emailId: string, traceparent?: string | null): Promise<boolean> {
  const job = await queue.getJob(emailId);
  if (job && !job.finishedOn) return false;
  if (job) await queue.remove(emailId);
  await queue.add(SEND_JOB_NAME, traceparent ? { emailId, traceparent } : { emailId }, { jobId: emailId });
  return true;
}
