import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { queryPrepared } from '@switchboard/service-kit';
import type { EmailMacroRun, Macro, MacroAction, MacroStepState } from '@switchboard/contracts';

/**
 * Records the macro a send runs, in the send's transaction: its name and its actions as they are
 * now, one pending step each. Any earlier run of the email (a failed send sent again) goes;
 * with no macro the email keeps none.
 */
export async function recordMacroRun(tx: EntityManager, emailId: string, macro: Pick<Macro, 'id' | 'name' | 'actions'> | null): Promise<void> {
  await tx.execute('delete from "mail"."macro_run" where email_id = ?', [emailId]);
  if (!macro) return;
  await tx.execute('insert into "mail"."macro_run" (email_id, macro_id, name) values (?, ?, ?)', [emailId, macro.id, macro.name]);
  await tx.execute(
    `insert into "mail"."macro_step" (email_id, "index", action)
      select ?, a.ord - 1, a.value from jsonb_array_elements(?::jsonb) with ordinality as a(value, ord)`,
    [emailId, JSON.stringify(macro.actions)],
  );
}

interface StepRow {
  index: number;
  action: MacroAction;
  state: MacroStepState;
  reason: string | null;
  finished_at: Date | string | null;
}

/** The email's macro and how far it got, or null when it was sent without one. */
export async function readMacroRun(em: EntityManager, emailId: string): Promise<EmailMacroRun | null> {
  const [run] = await em.execute<{ macro_id: string; name: string }[]>(
    'select macro_id, name from "mail"."macro_run" where email_id = ?',
    [emailId],
  );
  if (!run) return null;
  const steps = await em.execute<StepRow[]>(
    'select "index", action, state, reason, finished_at from "mail"."macro_step" where email_id = ? order by "index"',
    [emailId],
  );
  return {
    emailId,
    macroId: run.macro_id,
    name: run.name,
    steps: steps.map((step) => ({
      index: step.index,
      type: step.action.type,
      state: step.state,
      reason: step.reason,
      finishedAt: step.finished_at === null ? null : new Date(step.finished_at).toISOString(),
    })),
  };
}

/**
 * Puts the email's failed steps back to pending (Try again, E13); true when there was one. The
 * steps after a failure never ran, so they are still pending and run after it.
 */
export async function retryFailedSteps(tx: EntityManager, emailId: string): Promise<boolean> {
  const rows = await tx.execute<{ index: number }[]>(
    `update "mail"."macro_step" set state = 'pending', reason = null, finished_at = null, finish_seq = null
      where email_id = ? and state = 'failed' returning "index"`,
    [emailId],
  );
  // A fresh run: its takes are counted anew, and any wait for a next try ends.
  if (rows.length > 0) await tx.execute('update "mail"."macro_run" set attempts = 0, lease_until = null where email_id = ? and lease_token is null', [emailId]);
  return rows.length > 0;
}

/** What a runner runs for one sent email. */
export interface PendingMacro {
  emailId: string;
  /** The agent who sent it (a follow-up goes into their calendar). */
  ownerId: string;
  ticketId: string | null;
  sentAt: Date;
  /** How many times a runner took this run, this take included. */
  attempts: number;
  /** The steps still to run, in order. */
  steps: { index: number; action: MacroAction }[];
}

/** How one step of a run ended. */
export interface StepEnd {
  index: number;
  state: Exclude<MacroStepState, 'pending'>;
  reason: string | null;
}

/** Where a runner left one run it took: the steps that ended, in order, and when to try the rest again (null: now, or none left). */
export interface RunEnd {
  emailId: string;
  ended: StepEnd[];
  retryInMs: number | null;
}

/** The runners' reads and writes of macro runs; each call is one statement. */
export interface MacroStepStore {
  /**
   * Leases up to `limit` runs to `token` for `leaseMs`: sent emails' runs with steps pending, none
   * failed (the rest wait for Try again), and no live lease; answers them with their pending steps.
   * With `emailIds`, only those emails' runs (read by key); with null, any such run (a scan).
   */
  claim(token: string, limit: number, leaseMs: number, emailIds: string[] | null): Promise<PendingMacro[]>;
  /** Extends the lease of these runs while `token` still holds it. */
  renew(token: string, emailIds: string[], leaseMs: number): Promise<void>;
  /**
   * Records how the runs' steps ended, numbered in finishing order (each run's in index order), and
   * gives up their lease; only for runs `token` still holds (a runner that lost its lease records
   * nothing: the next holder runs the steps again, replaying nothing, and records them).
   */
  finish(token: string, runs: RunEnd[]): Promise<void>;
}

type ClaimRow = { email_id: string; attempts: number; owner_id: string; ticket_id: string | null; sent_at: Date | string; index: number; action: MacroAction };

/**
 * The claim of runs chosen by `which`, whose parameters come first: then the limit, the token and
 * the lease in seconds (`$n` and on). Skips runs another runner is leasing or finishing (their rows
 * are locked).
 */
const claimSql = (which: string, n: number) => `with picked as (
    select r.email_id from "mail"."macro_run" r
      where ${which}
        and (r.lease_until is null or r.lease_until < now())
        and exists (select 1 from "mail"."email" e where e.id = r.email_id and e.status = 'sent')
        and not exists (select 1 from "mail"."macro_step" f where f.email_id = r.email_id and f.state = 'failed')
      limit $${n} for update of r skip locked
  ),
  leased as (
    update "mail"."macro_run" r set lease_token = $${n + 1}, lease_until = now() + make_interval(secs => $${n + 2}), attempts = r.attempts + 1
      from picked where r.email_id = picked.email_id returning r.email_id, r.attempts
  )
  select l.email_id, l.attempts, e.owner_id, e.ticket_id, e.sent_at, s."index", s.action
    from leased l join "mail"."email" e on e.id = l.email_id
    join "mail"."macro_step" s on s.email_id = l.email_id and s.state = 'pending'
    order by l.email_id, s."index"`;

/** Kicked emails' runs, read by key. */
const CLAIM_KICKED_SQL = claimSql(
  `r.email_id = any($1::uuid[]) and exists (select 1 from "mail"."macro_step" s where s.email_id = r.email_id and s.state = 'pending')`,
  2,
);
/** Any run with steps pending (a scan). */
const CLAIM_ANY_SQL = claimSql(`r.email_id in (select s.email_id from "mail"."macro_step" s where s.state = 'pending')`, 1);

const RENEW_SQL = `update "mail"."macro_run" set lease_until = now() + make_interval(secs => $1) where email_id = any($2::uuid[]) and lease_token = $3`;

// Each run's steps end in their index order. The ordered subquery is not flattened (a Subquery
// Scan over the Sort), so nextval numbers them in that order.
const FINISH_SQL = `with released as (
    update "mail"."macro_run" r set lease_token = null,
        lease_until = case when i.retry_ms is null then null else now() + make_interval(secs => i.retry_ms / 1000.0) end
      from jsonb_to_recordset($1::jsonb) as i(email_id uuid, retry_ms int)
      where r.email_id = i.email_id and r.lease_token = $2 returning r.email_id
  ),
  numbered as (
    select e.email_id, e.index, e.state, e.reason, nextval('"mail"."macro_step_finish_seq"') as seq
      from (select * from jsonb_to_recordset($3::jsonb) as x(email_id uuid, index int, state text, reason text) order by x.email_id, x.index) e
  )
  update "mail"."macro_step" s set state = n.state, reason = n.reason, finished_at = now(), finish_seq = n.seq
    from numbered n where s.email_id = n.email_id and s."index" = n.index and s.state = 'pending'
      and n.email_id in (select email_id from released)`;

/**
 * Creates the store over the ORM's connections. Its statements run many times a second under
 * load, so each is a named prepared statement (parsed and planned once per pooled connection).
 */
export function createMacroStepStore(orm: MikroORM): MacroStepStore {
  const em = orm.em;
  return {
    async claim(token, limit, leaseMs, emailIds) {
      const lease = [limit, token, leaseMs / 1000];
      const rows = emailIds
        ? await queryPrepared<ClaimRow>(em, 'mail.macro.claim-kicked', CLAIM_KICKED_SQL, [`{${emailIds.join(',')}}`, ...lease])
        : await queryPrepared<ClaimRow>(em, 'mail.macro.claim-any', CLAIM_ANY_SQL, lease);
      const runs = new Map<string, PendingMacro>();
      for (const row of rows) {
        let run = runs.get(row.email_id);
        if (!run) {
          run = { emailId: row.email_id, ownerId: row.owner_id, ticketId: row.ticket_id, sentAt: new Date(row.sent_at), attempts: row.attempts, steps: [] };
          runs.set(row.email_id, run);
        }
        run.steps.push({ index: row.index, action: row.action });
      }
      return [...runs.values()];
    },
    async renew(token, emailIds, leaseMs) {
      await queryPrepared(em, 'mail.macro.renew', RENEW_SQL, [leaseMs / 1000, `{${emailIds.join(',')}}`, token]);
    },
    async finish(token, runs) {
      const ended = runs.flatMap((run) => run.ended.map((end) => ({ email_id: run.emailId, ...end })));
      await queryPrepared(em, 'mail.macro.finish', FINISH_SQL, [
        JSON.stringify(runs.map((run) => ({ email_id: run.emailId, retry_ms: run.retryInMs }))),
        token,
        JSON.stringify(ended),
      ]);
    },
  };
}
