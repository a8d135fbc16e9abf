import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { queryPrepared } from '@switchboard/service-kit';
import type { EmailMacroRun, Macro, MacroAction, MacroStepState } from '@switchboard/contracts';

/**
 * One step of a run as `macro_run.steps` holds it, at its index in the array: the action as it was
 * at the send, how it ended and its place in the finishing order (null while pending).
 */
export interface StoredStep {
  action: MacroAction;
  state: MacroStepState;
  reason: string | null;
  /** When it ended, as PostgreSQL writes a timestamptz in JSON. */
  finishedAt: string | null;
  /** Its number from `mail.macro_step_finish_seq`. */
  finishSeq: number | null;
}

/** The steps of a run not started yet: every action pending, in the macro's order. */
export const pendingSteps = (actions: MacroAction[]): StoredStep[] =>
  actions.map((action) => ({ action, state: 'pending', reason: null, finishedAt: null, finishSeq: null }));

/**
 * Records the macro a send runs, in the send's transaction: its name and its actions as they are
 * now, one pending step each, in one row. Any earlier run of the email (a failed send sent again)
 * goes; with no macro the email keeps none.
 */
export async function recordMacroRun(tx: EntityManager, emailId: string, macro: Pick<Macro, 'id' | 'name' | 'actions'> | null): Promise<void> {
  await tx.execute('delete from "mail"."macro_run" where email_id = ?', [emailId]);
  if (!macro) return;
  await tx.execute('insert into "mail"."macro_run" (email_id, macro_id, name, steps) values (?, ?, ?, ?::jsonb)', [
    emailId,
    macro.id,
    macro.name,
    JSON.stringify(pendingSteps(macro.actions)),
  ]);
}

/** The email's macro and how far it got, or null when it was sent without one. */
export async function readMacroRun(em: EntityManager, emailId: string): Promise<EmailMacroRun | null> {
  const [run] = await em.execute<{ macro_id: string; name: string; steps: StoredStep[] }[]>(
    'select macro_id, name, steps from "mail"."macro_run" where email_id = ?',
    [emailId],
  );
  if (!run) return null;
  return {
    emailId,
    macroId: run.macro_id,
    name: run.name,
    steps: run.steps.map((step, index) => ({
      index,
      type: step.action.type,
      state: step.state,
      reason: step.reason,
      finishedAt: step.finishedAt === null ? null : new Date(step.finishedAt).toISOString(),
    })),
  };
}

/**
 * Puts the email's failed steps back to pending (Try again, E13); true when there was one. The
 * steps after a failure never ran, so they are still pending and run after it. A run no runner
 * holds is a fresh run: its takes are counted anew, and any wait for a next try ends.
 */
export async function retryFailedSteps(tx: EntityManager, emailId: string): Promise<boolean> {
  const rows = await tx.execute<{ email_id: string }[]>(
    `update "mail"."macro_run" set
        steps = (select jsonb_agg(case when s.value->>'state' = 'failed'
            then s.value || '{"state": "pending", "reason": null, "finishedAt": null, "finishSeq": null}'::jsonb
            else s.value end order by s.ord)
          from jsonb_array_elements(steps) with ordinality as s(value, ord)),
        attempts = case when lease_token is null then 0 else attempts end,
        lease_until = case when lease_token is null then null else lease_until end
      where email_id = ? and steps @> '[{"state": "failed"}]' returning email_id`,
    [emailId],
  );
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
  /** Every step as the run's row held it when taken: the finish writes them back with the ends. */
  stored: StoredStep[];
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

/** A run a runner took and how it left it. */
export type FinishedRun = RunEnd & Pick<PendingMacro, 'stored'>;

/** The runners' reads and writes of macro runs. */
export interface MacroStepStore {
  /**
   * Leases up to `limit` runs to `token` for `leaseMs`: sent emails' runs with steps pending, none
   * failed (the rest wait for Try again), and no live lease; answers them with their steps. With
   * `emailIds`, only those emails' runs (read by key); with null, any such run (a scan). One statement.
   */
  claim(token: string, limit: number, leaseMs: number, emailIds: string[] | null): Promise<PendingMacro[]>;
  /** Extends the lease of these runs while `token` still holds it. One statement. */
  renew(token: string, emailIds: string[], leaseMs: number): Promise<void>;
  /**
   * Records how the runs' steps ended, numbered in finishing order (each run's in index order), and
   * gives up their lease; only for runs `token` still holds (a runner that lost its lease records
   * nothing: the next holder runs the steps again, replaying nothing, and records them). Two
   * statements when steps ended (their numbers and time, then the record), else one.
   */
  finish(token: string, runs: FinishedRun[]): Promise<void>;
}

type ClaimRow = { email_id: string; attempts: number; owner_id: string; ticket_id: string | null; sent_at: Date | string; steps: StoredStep[] };

/** A run with a step pending and none failed (those wait for Try again): a run not finished. */
export const RUNNABLE = `r.steps @> '[{"state": "pending"}]' and not r.steps @> '[{"state": "failed"}]'`;

/**
 * A run a runner may take, lease aside: its email sent (`email_sent`, set as the send is recorded)
 * and RUNNABLE. Written as the predicate of the partial index `macro_run_claimable_email_id_index`
 * (migration 0018), so that the planner matches it and the sweep reads only that index's entries:
 * the runs of sent emails still to run, never the queued sends' runs.
 */
export const CLAIMABLE = `r.email_sent and ${RUNNABLE}`;

/**
 * The claim of runs chosen by `which`, whose parameters come first: then the limit, the token and
 * the lease in seconds (`$n` and on). Skips runs another runner is leasing or finishing (their rows
 * are locked). Answers a row per run, with its steps.
 */
const claimSql = (which: string, n: number) => `with picked as (
    select r.email_id from "mail"."macro_run" r
      where ${which}
        and (r.lease_until is null or r.lease_until < now())
      limit $${n} for update of r skip locked
  ),
  leased as (
    update "mail"."macro_run" r set lease_token = $${n + 1}, lease_until = now() + make_interval(secs => $${n + 2}), attempts = r.attempts + 1
      from picked where r.email_id = picked.email_id returning r.email_id, r.attempts, r.steps
  )
  select l.email_id, l.attempts, e.owner_id, e.ticket_id, e.sent_at, l.steps
    from leased l join "mail"."email" e on e.id = l.email_id
    order by l.email_id`;

/** Kicked emails' runs, read by key. */
const CLAIM_KICKED_SQL = claimSql(`r.email_id = any($1::uuid[]) and ${CLAIMABLE}`, 2);
/** Any claimable run (a read of the partial index). */
const CLAIM_ANY_SQL = claimSql(CLAIMABLE, 1);

const RENEW_SQL = `update "mail"."macro_run" set lease_until = now() + make_interval(secs => $1) where email_id = any($2::uuid[]) and lease_token = $3`;

/** Numbers for `count` step ends in the order asked (`macro_step_finish_seq`), and the database's time. */
const NUMBERS_SQL = `select nextval('"mail"."macro_step_finish_seq"') as seq, now() as at from generate_series(1, $1) order by seq`;

// The runner writes each run's steps back whole: the steps as it took them, with the ends of this
// take. Nobody else writes a run's steps while its lease is held (Try again changes only failed
// steps, which a leased run has none of), and a runner that lost the lease writes nothing.
const FINISH_SQL = `update "mail"."macro_run" r set lease_token = null,
      lease_until = case when i.retry_ms is null then null else now() + make_interval(secs => i.retry_ms / 1000.0) end,
      steps = coalesce(i.steps, r.steps)
    from jsonb_to_recordset($1::jsonb) as i(email_id uuid, retry_ms int, steps jsonb)
    where r.email_id = i.email_id and r.lease_token = $2`;

/** A number from `macro_step_finish_seq` and the database's time, for one step's end. */
type EndNumber = { seq: string; at: Date | string };

/** The run's steps with this take's ends, each numbered by the next of `numbers` in index order; null when none ended. */
function endedSteps(run: FinishedRun, numbers: Iterator<EndNumber>): StoredStep[] | null {
  if (run.ended.length === 0) return null;
  const steps = [...run.stored];
  for (const end of [...run.ended].sort((a, b) => a.index - b.index)) {
    const { seq, at } = numbers.next().value as EndNumber;
    steps[end.index] = { ...steps[end.index]!, state: end.state, reason: end.reason, finishedAt: new Date(at).toISOString(), finishSeq: Number(seq) };
  }
  return steps;
}

/**
 * Creates the store over the ORM's connections. Each statement is one call for a batch of runs
 * that finds them by key in `macro_run`, which grows with every send: it runs unnamed, planned at
 * each call for the table as it is then (decision 0022), as a generic plan cached while the table
 * was small would go on scanning it.
 */
export function createMacroStepStore(orm: MikroORM): MacroStepStore {
  const em = orm.em;
  return {
    async claim(token, limit, leaseMs, emailIds) {
      const lease = [limit, token, leaseMs / 1000];
      const rows = emailIds
        ? await queryPrepared<ClaimRow>(em, null, CLAIM_KICKED_SQL, [`{${emailIds.join(',')}}`, ...lease])
        : await queryPrepared<ClaimRow>(em, null, CLAIM_ANY_SQL, lease);
      return rows.map((row) => ({
        emailId: row.email_id,
        ownerId: row.owner_id,
        ticketId: row.ticket_id,
        sentAt: new Date(row.sent_at),
        attempts: row.attempts,
        steps: row.steps.flatMap((step, index) => (step.state === 'pending' ? [{ index, action: step.action }] : [])),
        stored: row.steps,
      }));
    },
    async renew(token, emailIds, leaseMs) {
      await queryPrepared(em, null, RENEW_SQL, [leaseMs / 1000, `{${emailIds.join(',')}}`, token]);
    },
    async finish(token, runs) {
      const count = runs.reduce((sum, run) => sum + run.ended.length, 0);
      const numbers = (count === 0 ? [] : await queryPrepared<EndNumber>(em, null, NUMBERS_SQL, [count]))[Symbol.iterator]();
      const records = runs.map((run) => ({ email_id: run.emailId, retry_ms: run.retryInMs, steps: endedSteps(run, numbers) }));
      await queryPrepared(em, null, FINISH_SQL, [JSON.stringify(records), token]);
    },
  };
}
