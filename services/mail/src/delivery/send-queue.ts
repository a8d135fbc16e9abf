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

/** A send to enqueue: its email, and the trace context of the request that sent it. */
export interface QueuedSend {
  emailId: string;
  traceparent?: string | null;
}

/** Where a send's job stands: waiting, delayed or active (`live`), `finished` (completed or failed), or `missing`. */
type SendJobState = 'live' | 'finished' | 'missing';

/**
 * The state of each email's job, in one pipelined round trip: the job hash's `timestamp` (every
 * job has one) and `finishedOn`. Not `getJobState`, whose scan of the wait list grows with the backlog.
 */
async function sendJobStates(queue: Queue<SendJobData>, emailIds: readonly string[]): Promise<SendJobState[]> {
  if (emailIds.length === 0) return [];
  const lookups = (await queue.backend.client).pipeline();
  for (const id of emailIds) lookups.runCommand('hmget', [queue.toKey(id), 'timestamp', 'finishedOn']);
  const replies = (await lookups.exec()) ?? [];
  return emailIds.map((_id, i) => {
    const [error, fields] = replies[i] ?? [new Error('Redis answered no job lookup'), null];
    if (error) throw error;
    const [timestamp, finishedOn] = fields as (string | null)[];
    return !timestamp ? 'missing' : finishedOn ? 'finished' : 'live';
  });
}

/**
 * Makes sure a job exists for each send: adds it when missing, and replaces a finished
 * (completed or failed) job of the same id, which would otherwise swallow the add. Waiting,
 * delayed and active jobs are left alone. Returns how many jobs were added. Two round trips
 * whatever the count (the lookups, one `addBulk`); removing finished jobs costs one more each.
 */
export async function ensureSendJobs(queue: Queue<SendJobData>, sends: readonly QueuedSend[]): Promise<number> {
  const states = await sendJobStates(queue, sends.map(({ emailId }) => emailId));
  await Promise.all(sends.filter((_send, i) => states[i] === 'finished').map(({ emailId }) => queue.remove(emailId)));
  const added = sends.filter((_send, i) => states[i] !== 'live');
  if (added.length > 0) {
    await queue.addBulk(
      added.map(({ emailId, traceparent }) => ({ name: SEND_JOB_NAME, data: traceparent ? { emailId, traceparent } : { emailId }, opts: { jobId: emailId } })),
    );
  }
  return added.length;
}

/** Of these emails, the ones whose job is missing or finished (one round trip). */
export async function sendJobsNotLive(queue: Queue<SendJobData>, emailIds: readonly string[]): Promise<string[]> {
  const states = await sendJobStates(queue, emailIds);
  return emailIds.filter((_id, i) => states[i] !== 'live');
}
