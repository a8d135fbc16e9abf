import type { MikroORM } from '@mikro-orm/postgresql';
import { createPeriodicTask } from '@switchboard/service-kit';
import { outageLog, type DeliveryLogger } from '../delivery/logger';

/** The macro queue as the sweep sees it. */
export interface MacroJobs {
  /** Of these emails, the ones with no job (waiting, delayed or running) in the queue. */
  missing(emailIds: string[]): Promise<string[]>;
  /** Adds the email's job (a job there already takes the add). */
  add(emailId: string): Promise<void>;
}

export interface MacroSweeperOptions {
  orm: MikroORM;
  jobs: MacroJobs;
  /** Time between sweeps, in ms (default 15 s). */
  intervalMs?: number;
  /** How long after its send a macro may still be on its way to the queue, in ms (default 60 s). */
  graceMs?: number;
  logger: DeliveryLogger;
}

export interface MacroSweeper {
  start(): void;
  stop(): Promise<void>;
  /** One sweep; resolves with how many macros were re-enqueued. */
  sweep(): Promise<number>;
}

/** Emails read per page of a sweep. */
const PAGE = 200;

/**
 * Re-enqueues macros whose job was lost (E13), as the outbox sweep does for sends: a Redis
 * without persistence that restarted, a job swallowed while the previous one was finishing. An
 * email sent more than the grace period ago, with steps still pending and none failed (those wait
 * for Try again), and no job in the queue gets its job again. Running a macro twice is safe: each
 * step's key makes its change once, and a run with nothing pending does nothing.
 */
export function createMacroSweeper(options: MacroSweeperOptions): MacroSweeper {
  const { jobs, logger } = options;
  const connection = options.orm.em.getConnection();
  const graceSeconds = (options.graceMs ?? 60_000) / 1000;

  /** One page of emails with an unfinished macro, past the grace period, after `after` in id order. */
  const unfinished = async (after: string | null) => {
    const rows = await connection.execute<{ email_id: string }[]>(
      `select distinct s.email_id from "mail"."macro_step" s join "mail"."email" e on e.id = s.email_id
        where s.state = 'pending' and e.status = 'sent' and e.sent_at < now() - make_interval(secs => ?)
          and not exists (select 1 from "mail"."macro_step" f where f.email_id = s.email_id and f.state = 'failed')
          ${after === null ? '' : 'and s.email_id > ?'}
        order by s.email_id limit ?`,
      [graceSeconds, ...(after === null ? [] : [after]), PAGE],
      'all',
    );
    return rows.map((row) => row.email_id);
  };

  const sweep = async () => {
    let requeued = 0;
    let after: string | null = null;
    for (;;) {
      const emailIds = await unfinished(after);
      const lost = emailIds.length > 0 ? await jobs.missing(emailIds) : [];
      for (const emailId of lost) await jobs.add(emailId);
      requeued += lost.length;
      if (emailIds.length < PAGE) break;
      after = emailIds[emailIds.length - 1]!;
    }
    if (requeued > 0) logger.warn({ requeued }, 'macro sweep re-enqueued macros whose job was missing');
    return requeued;
  };

  const outage = outageLog(logger, 'macro sweep');
  const task = createPeriodicTask({
    name: 'macro sweep',
    intervalMs: options.intervalMs ?? 15_000,
    log: logger,
    onError: (error) => outage.failed(error),
    step: async () => {
      await sweep();
      outage.recovered();
    },
  });
  return { start: () => task.start(), stop: () => task.stop(), sweep };
}
