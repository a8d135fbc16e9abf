import { Migration } from '@mikro-orm/migrations';

/**
 * A run keeps its steps in one jsonb array on its `macro_run` row (E13, issue 10): element i is
 * step i, `{action, state, reason, finishedAt, finishSeq}`. A send then writes one row for its
 * macro instead of one per action plus the run, and a runner's finish rewrites that one row, so
 * mail's PostgreSQL writes 3 row versions per run (record, claim, finish) where it wrote 11 for a
 * 4-action macro. The steps' rows move into the array as they are; `macro_step_finish_seq` stays
 * (it numbers the steps' ends, now kept in `finishSeq`); the table goes with its pending index.
 *
 * The sweep reads runs a runner may take, a step pending and none failed, from a partial index
 * whose predicate is that test on the array itself: no column to keep in step with the steps, and
 * the claim statements match the predicate as they write it (`RUNNABLE` in `macro-store.ts`). A
 * run whose steps all ended, or that waits for Try again, leaves the index.
 */
export class MacroStepsInRun extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "mail"."macro_run" add column "steps" jsonb not null default '[]'`);
    this.addSql(`update "mail"."macro_run" r set steps = s.steps
      from (select email_id, jsonb_agg(jsonb_build_object('action', action, 'state', state, 'reason', reason,
              'finishedAt', finished_at, 'finishSeq', finish_seq) order by "index") as steps
            from "mail"."macro_step" group by email_id) s
      where s.email_id = r.email_id`);
    this.addSql(`alter table "mail"."macro_run" alter column "steps" drop default`);
    this.addSql('drop table "mail"."macro_step"');
    this.addSql(`create index "macro_run_runnable_email_id_index" on "mail"."macro_run" ("email_id")
      where "steps" @> '[{"state": "pending"}]' and not "steps" @> '[{"state": "failed"}]'`);
  }
}
