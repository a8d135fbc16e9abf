import { Migration } from '@mikro-orm/migrations';

/**
 * Tickets, favourites and email links. Every list is read newest-first, so each filter column
 * is indexed together with (updated_at desc, id desc): a filtered page is an index range scan.
 * Title search is a generated tsvector with a GIN index; built-in full text search works on
 * PGlite too, where pg_trgm would have to be loaded as an extension.
 */
export class CreateTickets extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists "tickets"');
    // Human-facing numbers start at 1000 so that #1000 looks like a ticket, not a count.
    this.addSql('create sequence "tickets"."ticket_number_seq" as bigint start with 1000');
    this.addSql(`create table "tickets"."ticket" (
      "id" uuid primary key,
      "number" bigint not null default nextval('tickets.ticket_number_seq'),
      "title" text not null check (length("title") between 1 and 300),
      "status" text not null default 'open' check ("status" in ('open', 'pending', 'closed')),
      "priority" text not null default 'normal' check ("priority" in ('low', 'normal', 'high', 'urgent')),
      "queue_id" uuid null,
      "contact_id" uuid null,
      "company_id" uuid null,
      "contact_name" text null,
      "company_name" text null,
      "assignee_id" uuid null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "search" tsvector generated always as (to_tsvector('simple', "title")) stored,
      constraint "ticket_number_unique" unique ("number")
    )`);
    this.addSql('alter sequence "tickets"."ticket_number_seq" owned by "tickets"."ticket"."number"');
    this.addSql('create index "ticket_search_idx" on "tickets"."ticket" using gin ("search")');
    this.addSql('create index "ticket_updated_idx" on "tickets"."ticket" ("updated_at" desc, "id" desc)');
    for (const column of ['assignee_id', 'contact_id', 'company_id']) {
      this.addSql(
        `create index "ticket_${column}_updated_idx" on "tickets"."ticket" ("${column}", "updated_at" desc, "id" desc)`,
      );
    }

    // The primary key (user_id first) serves "my favourites"; ticket_id serves the cascade.
    this.addSql(`create table "tickets"."favourite" (
      "user_id" uuid not null,
      "ticket_id" uuid not null references "tickets"."ticket" ("id") on delete cascade,
      "created_at" timestamptz not null default now(),
      primary key ("user_id", "ticket_id")
    )`);
    this.addSql('create index "favourite_ticket_idx" on "tickets"."favourite" ("ticket_id")');

    this.addSql(`create table "tickets"."email_link" (
      "email_id" uuid primary key,
      "ticket_id" uuid not null references "tickets"."ticket" ("id") on delete cascade,
      "linked_by" text not null,
      "linked_at" timestamptz not null default now()
    )`);
    this.addSql('create index "email_link_ticket_idx" on "tickets"."email_link" ("ticket_id", "linked_at" desc)');
  }
}
