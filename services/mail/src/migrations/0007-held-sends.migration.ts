import { Migration } from '@mikro-orm/migrations';

/**
 * Undo send and scheduled send (issue 14, E14, E15): an outbox row waits until its `release_at`
 * (the end of the agent's undo window, or the chosen time) before the relay hands it to the
 * worker; the email shows the same time. A `scheduled` email waits for its time; one held back
 * because the customer wrote first is a postponed draft again with `held_at` set. Each agent's
 * undo window lives in `agent_setting`.
 */
export class HeldSends extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "mail"."email" drop constraint "email_status_check"');
    this.addSql(`alter table "mail"."email" add constraint "email_status_check"
      check ("status" in ('draft', 'scheduled', 'queued', 'sending', 'sent', 'failed', 'received'))`);
    this.addSql('alter table "mail"."email" add column "release_at" timestamptz null, add column "held_at" timestamptz null');
    this.addSql('alter table "mail"."outbox" add column "release_at" timestamptz not null default now()');
    this.addSql('drop index "mail"."outbox_pending_idx"');
    this.addSql('create index "outbox_pending_idx" on "mail"."outbox" ("release_at") where "relayed_at" is null');
    this.addSql(`create table "mail"."agent_setting" (
      "user_id" uuid primary key,
      "undo_send_seconds" integer not null check ("undo_send_seconds" between 0 and 60)
    )`);
  }
}
