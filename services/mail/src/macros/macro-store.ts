import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
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
  return rows.length > 0;
}

/** What the worker runs for one sent email. */
export interface PendingMacro {
  /** The agent who sent it (a follow-up goes into their calendar). */
  ownerId: string;
  ticketId: string | null;
  sentAt: Date;
  /** The steps still to run, in order. */
  steps: { index: number; action: MacroAction }[];
}

/** How one step of a run ended. */
export interface StepEnd {
  index: number;
  state: Exclude<MacroStepState, 'pending'>;
  reason: string | null;
}

/** The worker's reads and writes of macro steps; each call is one statement. */
export interface MacroStepStore {
  /**
   * The pending steps of a sent email, in order; none when the email is not sent, has no macro,
   * or a step failed (the rest wait for Try again).
   */
  pending(emailId: string): Promise<PendingMacro | null>;
  /** Settles pending steps of one run and numbers them in finishing order (their index order); a settled step stays as it is. */
  finish(emailId: string, ended: StepEnd[]): Promise<void>;
}

/** Creates the store over the ORM's connection. */
export function createMacroStepStore(orm: MikroORM): MacroStepStore {
  const connection = orm.em.getConnection();
  return {
    async pending(emailId) {
      const rows = await connection.execute<(StepRow & { owner_id: string; ticket_id: string | null; sent_at: Date | string })[]>(
        `select s."index", s.action, e.owner_id, e.ticket_id, e.sent_at from "mail"."macro_step" s
          join "mail"."email" e on e.id = s.email_id
          where s.email_id = ? and s.state = 'pending' and e.status = 'sent'
            and not exists (select 1 from "mail"."macro_step" f where f.email_id = s.email_id and f.state = 'failed')
          order by s."index"`,
        [emailId],
        'all',
      );
      if (rows.length === 0) return null;
      return {
        ownerId: rows[0].owner_id,
        ticketId: rows[0].ticket_id,
        sentAt: new Date(rows[0].sent_at),
        steps: rows.map((row) => ({ index: row.index, action: row.action })),
      };
    },
    async finish(emailId, ended) {
      // A run's steps end in their index order. The ordered subquery is not flattened (a Subquery
      // Scan over the Sort), so nextval numbers them in that order.
      await connection.execute(
        `with numbered as (
          select e.index, e.state, e.reason, nextval('"mail"."macro_step_finish_seq"') as seq
            from (select * from jsonb_to_recordset(?::jsonb) as r(index int, state text, reason text) order by r.index) e
        )
        update "mail"."macro_step" s set state = numbered.state, reason = numbered.reason, finished_at = now(), finish_seq = numbered.seq
          from numbered where s.email_id = ? and s."index" = numbered.index and s.state = 'pending'`,
        [JSON.stringify(ended), emailId],
        'run',
      );
    },
  };
}
