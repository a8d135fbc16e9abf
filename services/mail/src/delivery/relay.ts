import type { MikroORM } from '@mikro-orm/postgresql';
import { outageLog, type DeliveryLogger } from './logger';
import { createRedisClient, type RedisConnection } from './redis';
import { DEFAULT_RETRY_POLICY, ensureSendJob, openSendQueue, type SendRetryPolicy } from './send-queue';

export interface OutboxRelayOptions {
  orm: MikroORM;
  connection: RedisConnection;
  /** BullMQ key prefix (MAIL_QUEUE_PREFIX); tests use one of their own. */
  prefix: string;
  logger: DeliveryLogger;
  /** How often pending outbox rows are looked for without a kick, in ms (default 1000). */
  pollIntervalMs?: number;
  /** How often emails whose job vanished from Redis are re-enqueued, in ms (default 5000). */
  sweepIntervalMs?: number;
  /** Outbox rows moved per transaction (default 200). */
  batchSize?: number;
  retryPolicy?: SendRetryPolicy;
}

/** Moves accepted sends from the outbox table to the send queue, and repairs lost jobs. */
export interface OutboxRelay {
  /** Starts polling and sweeping; the first pass runs at once. Never throws when Redis is down. */
  start(): void;
  /** Relays now (the send route calls this after its commit); passes coalesce. */
  kick(): void;
  /** Stops the timers, waits for a running pass, closes the queue and its Redis client. */
  stop(): Promise<void>;
  /** One full relay pass; resolves with the number of rows relayed. For tests and benches. */
  relayPending(): Promise<number>;
  /** One sweep; resolves with the number of jobs re-enqueued. */
  sweep(): Promise<number>;
}

/**
 * Creates the transactional outbox relay. Every database access runs in an explicit
 * transaction (the embedded PostgreSQL serializes them). Outbox rows are claimed with
 * `FOR UPDATE SKIP LOCKED`, so several relays (the API and each worker process) share the
 * work; jobs are keyed by email id, so a row relayed twice still makes one job.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { orm, logger } = options;
  const batchSize = options.batchSize ?? 200;
  const client = createRedisClient(options.connection, 'producer', logger);
  const queue = openSendQueue(client, options.prefix, options.retryPolicy ?? DEFAULT_RETRY_POLICY, logger);
  const outage = outageLog(logger, 'outbox relay');
  const timers: NodeJS.Timeout[] = [];
  let relayRequested = false;
  let sweepRequested = false;
  let active: Promise<void> | null = null;
  let stopped = false;

  /** Relays one batch inside one transaction; the row locks are held until relayed_at is set. */
  const relayBatch = () =>
    orm.em.fork().transactional(async (em) => {
      const rows = await em.execute<{ email_id: string }[]>(
        `select email_id from "mail"."outbox" where relayed_at is null
          order by created_at limit ? for update skip locked`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      const ids = rows.map((row) => row.email_id);
      await Promise.all(ids.map((id) => ensureSendJob(queue, id)));
      await em.execute(`update "mail"."outbox" set relayed_at = now() where email_id in (${ids.map(() => '?').join(', ')})`, ids);
      return ids.length;
    });

  const relayPending = async () => {
    let total = 0;
    for (;;) {
      const relayed = await relayBatch();
      total += relayed;
      if (relayed < batchSize || stopped) return total;
    }
  };

  /** Relayed sends of emails still queued or sending: one page after `afterId`, or of the given ids. */
  const openSends = (page: { afterId: string } | { ids: string[] }) =>
    orm.em.fork().transactional(async (em) => {
      const filter =
        'afterId' in page
          ? { sql: 'o.email_id > ? order by o.email_id limit ?', params: [page.afterId, batchSize] }
          : { sql: `o.email_id in (${page.ids.map(() => '?').join(', ')})`, params: page.ids };
      const rows = await em.execute<{ email_id: string }[]>(
        `select o.email_id from "mail"."outbox" o join "mail"."email" e on e.id = o.email_id
          where o.relayed_at is not null and e.status in ('queued', 'sending') and ${filter.sql}`,
        filter.params,
      );
      return rows.map((row) => row.email_id);
    });

  /** Number of relayed sends whose email is still queued or sending. */
  const countOpenSends = () =>
    orm.em.fork().transactional(async (em) => {
      const [row] = await em.execute<{ n: string }[]>(
        `select count(*) as n from "mail"."outbox" o join "mail"."email" e on e.id = o.email_id
          where o.relayed_at is not null and e.status in ('queued', 'sending')`,
      );
      return Number(row?.n ?? 0);
    });

  let sweepsSinceFull = 0;

  /**
   * Re-enqueues relayed sends whose job is gone (a Redis restart without persistence, a
   * flushed key) or finished while the email is still unsent. Cheap when nothing is lost: when
   * the queue holds at least as many live jobs as there are open sends, the per-send check is
   * skipped (except every 12th sweep). The worker settles the email in the database before it
   * finishes a job, so candidates are read again after their job: a send that completed
   * meanwhile is not enqueued a second time.
   */
  const sweep = async () => {
    const live = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    const liveJobs = Object.values(live).reduce((sum, n) => sum + n, 0);
    if (++sweepsSinceFull < 12 && liveJobs >= (await countOpenSends())) return 0;
    sweepsSinceFull = 0;
    let requeued = 0;
    let afterId = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const ids = await openSends({ afterId });
      const jobs = await Promise.all(ids.map((id) => queue.getJob(id)));
      const lost = ids.filter((_id, i) => !jobs[i] || jobs[i]!.finishedOn);
      const stillOpen = lost.length > 0 ? await openSends({ ids: lost }) : [];
      const added = await Promise.all(stillOpen.map((id) => ensureSendJob(queue, id)));
      requeued += added.filter(Boolean).length;
      if (ids.length < batchSize || stopped) break;
      afterId = ids[ids.length - 1]!;
    }
    if (requeued > 0) logger.warn({ requeued }, 'sweep re-enqueued sends whose job was missing');
    return requeued;
  };

  const runPasses = async () => {
    while ((relayRequested || sweepRequested) && !stopped) {
      try {
        if (sweepRequested) {
          sweepRequested = false;
          await sweep();
        }
        if (relayRequested) {
          relayRequested = false;
          const relayed = await relayPending();
          if (relayed > 0) logger.debug({ relayed }, 'outbox relayed');
        }
        outage.recovered();
      } catch (error) {
        outage.failed(error);
        return;
      }
    }
  };

  const schedule = () => {
    if (active || stopped) return;
    active = runPasses().finally(() => {
      active = null;
      if (relayRequested || sweepRequested) schedule();
    });
  };

  return {
    start() {
      relayRequested = true;
      sweepRequested = true;
      schedule();
      const every = (ms: number, request: () => void) => {
        const timer = setInterval(() => {
          request();
          schedule();
        }, ms);
        timer.unref();
        timers.push(timer);
      };
      every(options.pollIntervalMs ?? 1000, () => (relayRequested = true));
      every(options.sweepIntervalMs ?? 5000, () => (sweepRequested = true));
    },
    kick() {
      relayRequested = true;
      schedule();
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await active;
      await queue.close();
      client.disconnect();
    },
    relayPending,
    sweep,
  };
}
