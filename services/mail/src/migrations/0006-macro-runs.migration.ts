import { Migration } from '@mikro-orm/migrations';

/**
 * Send and run a macro (issue 10, E13): a send records the macro's actions as they were at that
 * moment, one step row per action, in the send's transaction; the worker runs the steps in order
 * after the SMTP server accepted the message and records each one's outcome and finishing order.
 */
export class MacroRuns extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "mail"."macro_run" (
      "email_id" uuid primary key references "mail"."email" ("id") on delete cascade,
      "macro_id" uuid not null,
      "name" text not null,
      "created_at" timestamptz not null default now()
    )`);
    this.addSql(`create table "mail"."macro_step" (
      "email_id" uuid not null references "mail"."macro_run" ("email_id") on delete cascade,
      "index" integer not null,
      "action" jsonb not null,
      "state" text not null default 'pending' check ("state" in ('pending', 'done', 'skipped', 'failed')),
      "reason" text null,
      "finished_at" timestamptz null,
      "finish_seq" bigint null,
      primary key ("email_id", "index")
    )`);
    // The order in which steps finished, across all sends: the fault test checks it per email.
    this.addSql('create sequence "mail"."macro_step_finish_seq"');
  }
}
