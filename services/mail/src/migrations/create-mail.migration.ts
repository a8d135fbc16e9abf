import { Migration } from '@mikro-orm/migrations';

/**
 * Queues, emails, attachments over content-addressed blobs, and the send outbox.
 * Every list the agent sees is the owner's emails of one status, newest first, so
 * (owner_id, status, updated_at desc) serves them; a ticket's thread reads (ticket_id, created_at).
 */
export class CreateMail extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists "mail"');
    // Name and From address are copies of identity's queue (decision 0002); transport settings
    // live only here. A null smtp_url_encrypted means the service's default transport.
    this.addSql(`create table "mail"."queue" (
      "id" uuid primary key,
      "name" text not null,
      "from_address" text not null,
      "from_name" text null,
      "smtp_url_encrypted" text null,
      "created_at" timestamptz not null default now()
    )`);
    this.addSql(`create table "mail"."email" (
      "id" uuid primary key,
      "owner_id" uuid not null,
      "version" integer not null default 1,
      "direction" text not null check ("direction" in ('outbound', 'inbound')),
      "status" text not null check ("status" in ('draft', 'queued', 'sending', 'sent', 'failed', 'received')),
      "queue_id" uuid null references "mail"."queue" ("id"),
      "ticket_id" uuid null,
      "ticket_number" bigint null,
      "ticket_title" text null,
      "contact_id" uuid null,
      "from" jsonb null,
      "to" jsonb not null default '[]',
      "cc" jsonb not null default '[]',
      "bcc" jsonb not null default '[]',
      "subject" text not null default '',
      "html" text not null default '',
      "important" boolean not null default false,
      "postponed" boolean not null default false,
      "reply_to_email_id" uuid null,
      "reply_mode" text null check ("reply_mode" in ('reply', 'forward')),
      "message_id" text null,
      "in_reply_to" text null,
      "references" text null,
      "send_attempts" integer not null default 0,
      "queued_at" timestamptz null,
      "sent_at" timestamptz null,
      "smtp_response" text null,
      "failure_reason" text null,
      "failure_code" integer null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    )`);
    this.addSql('create index "email_owner_status_idx" on "mail"."email" ("owner_id", "status", "updated_at" desc)');
    this.addSql('create index "email_ticket_idx" on "mail"."email" ("ticket_id", "created_at")');
    this.addSql('create unique index "email_message_id_idx" on "mail"."email" ("message_id")');
    // Bytes are stored once per content (sha256); attachments reference them, so "choose from
    // ticket" and Forward add rows without copying bytes.
    this.addSql(`create table "mail"."blob" (
      "sha256" text primary key,
      "size" bigint not null,
      "created_at" timestamptz not null default now()
    )`);
    this.addSql(`create table "mail"."attachment" (
      "id" uuid primary key,
      "email_id" uuid not null references "mail"."email" ("id") on delete cascade,
      "blob_sha256" text not null references "mail"."blob" ("sha256"),
      "file_name" text not null,
      "content_type" text not null,
      "size" bigint not null,
      "inline" boolean not null default false,
      "content_id" text null,
      "created_at" timestamptz not null default now()
    )`);
    this.addSql('create index "attachment_email_idx" on "mail"."attachment" ("email_id", "created_at")');
    // One row per accepted send, written in the transaction that queues the email. The relay
    // sets relayed_at once the BullMQ job (id = email id) exists.
    this.addSql(`create table "mail"."outbox" (
      "email_id" uuid primary key references "mail"."email" ("id") on delete cascade,
      "created_at" timestamptz not null default now(),
      "relayed_at" timestamptz null
    )`);
    this.addSql('create index "outbox_pending_idx" on "mail"."outbox" ("created_at") where "relayed_at" is null');
  }
}
