import { Migration } from '@mikro-orm/migrations';

/**
 * A run may be taken once its email is sent: `macro_run.email_sent`, set by the statement that
 * records the send (`markSent`), and the runners' partial index holds only such runs. The sweep
 * for runs nobody kicked for read every run with a step pending and tested each one's email: in a
 * burst of queued sends with macros that was every queued send's run, each tested against its
 * email, on every poll (about 18 ms a sweep with 10,000 queued, measured in the mail bench). Now it
 * reads the sent runs alone, and neither claim reads the email. Runs of emails sent before this
 * migration are marked here.
 */
export class MacroRunEmailSent extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "mail"."macro_run" add column "email_sent" boolean not null default false`);
    this.addSql(`update "mail"."macro_run" r set email_sent = true from "mail"."email" e where e.id = r.email_id and e.status = 'sent'`);
    this.addSql(`create index "macro_run_claimable_email_id_index" on "mail"."macro_run" ("email_id")
      where "email_sent" and "steps" @> '[{"state": "pending"}]' and not "steps" @> '[{"state": "failed"}]'`);
    this.addSql('drop index "mail"."macro_run_runnable_email_id_index"');
  }
}
