import { Migration } from '@mikro-orm/migrations';

/**
 * Tags of a ticket (E13: macros add and remove them), one row per tag, normalized
 * (`normalizeTag`); the tag index serves a later filter by tag. `tag_change` records each keyed
 * change (a macro action's `emailId:index`) in the same transaction as the change, so a retried
 * action changes nothing.
 */
export class TicketTags extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "tickets"."ticket_tag" (
      "ticket_id" uuid not null references "tickets"."ticket" ("id") on delete cascade,
      "tag" text not null check (length("tag") between 1 and 50),
      primary key ("ticket_id", "tag")
    )`);
    this.addSql('create index "ticket_tag_tag_idx" on "tickets"."ticket_tag" ("tag", "ticket_id")');
    this.addSql(`create table "tickets"."tag_change" (
      "ticket_id" uuid not null references "tickets"."ticket" ("id") on delete cascade,
      "key" text not null,
      "applied_at" timestamptz not null default now(),
      primary key ("ticket_id", "key")
    )`);
  }
}
