import { Migration } from '@mikro-orm/migrations';

/**
 * The emails with macro steps still pending (E13), for the macro sweep every 15 s: a partial
 * index holds only pending steps, so the sweep reads a few entries instead of scanning
 * `macro_step`, which keeps every step a macro ever ran.
 */
export class PendingMacroSteps extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "macro_step_pending_email_id_index" on "mail"."macro_step" ("email_id") where "state" = 'pending'`);
  }
}
