import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { createPeriodicTask } from '@switchboard/service-kit';
import { createRedisClient } from '../../delivery/redis';
import { openSecret } from '../../transport/secrets';
import type { InboundDeps } from '../receive';
import { pollMailbox, type PollResult } from './poll-mailbox';

/** The BullMQ queue of IMAP polls: one repeatable job (a job scheduler) per queue with a mailbox. */
export const IMAP_QUEUE_NAME = 'mail-imap';

/** Options of the IMAP pollers. */
export interface ImapPollersOptions {
  deps: InboundDeps;
  /** Redis (REDIS_URL). */
  redisUrl: string;
  /** BullMQ key prefix (MAIL_QUEUE_PREFIX). */
  prefix: string;
  /** Opens the sealed IMAP URLs (MAIL_SECRET_KEY). */
  secretKey: Buffer;
  /** A poll of each mailbox starts this often (IMAP_POLL_INTERVAL_MS). */
  everyMs: number;
  /** How long a poll waits in IDLE for more mail; keep it below `everyMs`. */
  idleMs: number;
  /**
   * How long a mailbox stays locked after its poller stopped renewing it (IMAP_LOCK_MS, default
   * 30 s): a poller killed mid-poll holds its mailbox no longer than this.
   */
  lockMs?: number;
}

/** Running pollers. */
export interface ImapPollers {
  /** Makes the job schedulers match the queues that name a mailbox now. */
  sync(): Promise<void>;
  /** Polls one queue's mailbox now, unless a poll of it runs elsewhere (then null). */
  pollQueue(queueId: string): Promise<PollResult | null>;
  close(): Promise<void>;
}

type PollJob = { queueId: string };

/** Deletes the lock only if it is still ours. */
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
/** Extends the lock only if it is still ours. */
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

/**
 * IMAP pollers for every replica (issue 13): each queue with a mailbox has a BullMQ job
 * scheduler (`imap:<queue id>`) that adds a poll job every `everyMs`; one worker takes each job,
 * and a Redis lock per mailbox (released only by its holder, renewed while it polls, expiring
 * `lockMs` after a holder died) keeps a poll that runs long from overlapping the next one on
 * another replica. Schedulers follow the queue table:
 * synced at start and every minute.
 */
export function createImapPollers(options: ImapPollersOptions): ImapPollers {
  const { deps, prefix } = options;
  const producer = createRedisClient(options.redisUrl, 'producer', deps.log);
  const queue = new Queue<PollJob>(IMAP_QUEUE_NAME, { connection: producer, prefix });
  queue.on('error', (error) => deps.log.warn({ err: error }, 'IMAP poll queue error'));
  const lockMs = options.lockMs ?? 30_000;

  async function pollQueue(queueId: string): Promise<PollResult | null> {
    const key = `${prefix}:imap-lock:${queueId}`;
    const token = randomUUID();
    if ((await producer.set(key, token, 'PX', lockMs, 'NX')) !== 'OK') return null;
    const renewing = setInterval(() => void producer.eval(RENEW, 1, key, token, lockMs).catch(() => undefined), lockMs / 3);
    try {
      const [row] = await deps.orm.em
        .fork()
        .execute<{ imap_url_encrypted: string | null; imap_mailbox: string }[]>('select imap_url_encrypted, imap_mailbox from mail.queue where id = ?', [queueId]);
      if (!row?.imap_url_encrypted) return null;
      const imapUrl = openSecret(row.imap_url_encrypted, options.secretKey);
      return await pollMailbox(deps, { queueId, imapUrl, mailbox: row.imap_mailbox, idleMs: options.idleMs });
    } finally {
      clearInterval(renewing);
      await producer.eval(RELEASE, 1, key, token).catch(() => undefined);
    }
  }

  const workerClient = createRedisClient(options.redisUrl, 'worker', deps.log);
  const worker = new Worker<PollJob, PollResult | null>(IMAP_QUEUE_NAME, (job) => pollQueue(job.data.queueId), {
    connection: workerClient,
    prefix,
    concurrency: 4,
    lockDuration: lockMs,
  });
  worker.on('error', (error) => deps.log.warn({ err: error }, 'IMAP poll worker error'));
  worker.on('failed', (job, error) => deps.log.warn({ err: error, queueId: job?.data.queueId }, 'IMAP poll failed'));

  async function sync(): Promise<void> {
    const rows = await deps.orm.em.fork().execute<{ id: string }[]>('select id from mail.queue where imap_url_encrypted is not null');
    const wanted = new Set(rows.map((row) => `imap:${row.id}`));
    for (const row of rows) {
      await queue.upsertJobScheduler(`imap:${row.id}`, { every: options.everyMs }, { name: 'poll', data: { queueId: row.id }, opts: { removeOnComplete: 100, removeOnFail: 100 } });
    }
    for (const scheduler of await queue.getJobSchedulers()) {
      if (scheduler.key.startsWith('imap:') && !wanted.has(scheduler.key)) await queue.removeJobScheduler(scheduler.key);
    }
  }

  const syncing = createPeriodicTask({ name: 'imap-scheduler-sync', intervalMs: 60_000, step: sync, log: deps.log });
  syncing.start();

  return {
    sync,
    pollQueue,
    async close() {
      await syncing.stop();
      await worker.close();
      await queue.close();
      // BullMQ does not close connections it was handed.
      producer.disconnect();
      workerClient.disconnect();
    },
  };
}
