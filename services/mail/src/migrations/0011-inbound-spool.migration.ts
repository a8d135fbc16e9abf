import { Migration } from '@mikro-orm/migrations';

/**
 * The inbound spool (issue 13): a message the SMTP listener answered 250 for once its raw bytes
 * were stored, waiting to be parsed and recorded in a batch. A row outlives a crash, so a
 * restarted (or another) replica records it; it is deleted in the transaction that records it.
 */
export class InboundSpool extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "mail"."inbound_spool" (
      "id" uuid primary key,
      "raw_sha256" text not null references "mail"."blob" ("sha256"),
      "raw_size" bigint not null,
      "queue_id" uuid null references "mail"."queue" ("id"),
      "source" text not null check ("source" in ('smtp', 'imap')),
      "received_at" timestamptz not null default now(),
      "attempts" int not null default 0,
      "last_error" text null
    )`);
    this.addSql('create index "inbound_spool_received_idx" on "mail"."inbound_spool" ("received_at", "id")');
    // The blob sweep asks whether a spooled message still needs its bytes.
    this.addSql('create index "inbound_spool_raw_idx" on "mail"."inbound_spool" ("raw_sha256")');
  }
}
