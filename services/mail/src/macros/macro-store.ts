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
 * are locked). Answers a row per pending step, in index order.
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
  select l.email_id, l.attempts, e.owner_id, e.ticket_id, e.sent_at, (s.ord - 1)::int as "index", s.value->'action' as action
    from leased l join "mail"."email" e on e.id = l.email_id
    cross join lateral jsonb_array_elements(l.steps) with ordinality as s(value, ord)
    where s.value->>'state' = 'pending'
    order by l.email_id, s.ord`;

/** Kicked emails' runs, read by key. */
const CLAIM_KICKED_SQL = claimSql(`r.email_id = any($1::uuid[]) and ${CLAIMABLE}`, 2);
/** Any claimable run (a read of the partial index). */
const CLAIM_ANY_SQL = claimSql(CLAIMABLE, 1);

const RENEW_SQL = `update "mail"."macro_run" set lease_until = now() + make_interval(secs => $1) where email_id = any($2::uuid[]) and lease_token = $3`;

// Each run's steps end in their index order. The ordered subquery is not flattened (a Subquery
// Scan over the Sort), so nextval numbers them in that order; a CTE calling nextval is computed
// once, whole, before the update reads it. Each run's ends are gathered by index and joined to its
// run in one materialized CTE, so the update reads them once: an inlined join there was a nested
// loop that rescanned (or re-aggregated) every run's ends once per run. The update rewrites each
// run's steps array: an ended step that is still pending takes its end, every other step stays.
const FINISH_SQL = `with numbered as (
    select e.email_id, e.index, e.state, e.reason, nextval('"mail"."macro_step_finish_seq"') as seq
      from (select * from jsonb_to_recordset($3::jsonb) as x(email_id uuid, index int, state text, reason text) order by x.email_id, x.index) e
  ),
  runs as materialized (
    select i.email_id, i.retry_ms, ends.by_index
      from jsonb_to_recordset($1::jsonb) as i(email_id uuid, retry_ms int)
      left join (
        select email_id, jsonb_object_agg(index, jsonb_build_object('state', state, 'reason', reason, 'finishedAt', now(), 'finishSeq', seq)) as by_index
          from numbered group by email_id
      ) ends on ends.email_id = i.email_id
  )
  update "mail"."macro_run" r set lease_token = null,
      lease_until = case when runs.retry_ms is null then null else now() + make_interval(secs => runs.retry_ms / 1000.0) end,
      steps = case when runs.by_index is null then r.steps else (
        select jsonb_agg(case when s.value->>'state' = 'pending' and runs.by_index ? (s.ord - 1)::text
            then s.value || (runs.by_index -> (s.ord - 1)::text) else s.value end order by s.ord)
          from jsonb_array_elements(r.steps) with ordinality as s(value, ord)) end
    from runs
    where r.email_id = runs.email_id and r.lease_token = $2`;

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
      await queryPrepared(em, null, RENEW_SQL, [leaseMs / 1000, `{${emailIds.join(',')}}`, token]);
    },
    async finish(token, runs) {
      const ended = runs.flatMap((run) => run.ended.map((end) => ({ email_id: run.emailId, ...end })));
      await queryPrepared(em, null, FINISH_SQL, [
        JSON.stringify(runs.map((run) => ({ email_id: run.emailId, retry_ms: run.retryInMs }))),
        token,
        JSON.stringify(ended),
      ]);
    },
  };
}
