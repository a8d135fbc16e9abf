import { Migration } from '@mikro-orm/migrations';

/**
 * Inbound mail (issue 13): every delivered raw message is recorded once under its key (the
 * Message-ID, else the sha256 of its bytes), with what became of it; received emails are unread
 * until the agent opens them; each queue says whether a reply reopens a closed ticket.
 */
export class InboundMail extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "mail"."inbound_message" (
      "id" uuid primary key,
      "dedup_key" text not null,
      "raw_sha256" text null references "mail"."blob" ("sha256"),
      "raw_size" bigint not null,
      "queue_id" uuid null references "mail"."queue" ("id"),
      "source" text not null check ("source" in ('smtp', 'imap')),
      "kind" text not null check ("kind" in ('message', 'auto-reply', 'bounce')),
      "state" text not null check ("state" in ('stored', 'quarantined', 'refused')),
      "reason" text null,
      "email_id" uuid null references "mail"."email" ("id") on delete set null,
      "threaded_at" timestamptz null,
      "received_at" timestamptz not null default now(),
      constraint "inbound_message_dedup_key_unique" unique ("dedup_key")
    )`);
    // The blob sweep asks whether a raw message still needs its bytes.
    this.addSql('create index "inbound_message_raw_idx" on "mail"."inbound_message" ("raw_sha256")');
    // Stored messages whose threading did not finish (tickets was down): the retry reads these.
    this.addSql('create index "inbound_message_unthreaded_idx" on "mail"."inbound_message" ("received_at") where "threaded_at" is null and "state" = \'stored\'');
    this.addSql('alter table "mail"."email" add column "unread" boolean not null default false');
    this.addSql('alter table "mail"."queue" add column "reopen_on_reply" boolean not null default true');
  }
}
