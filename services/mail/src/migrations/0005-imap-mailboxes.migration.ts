import { Migration } from '@mikro-orm/migrations';

/**
 * IMAP mailboxes of queues (issue 13): a queue may name one (its URL sealed like the SMTP URL);
 * the poller keeps how far it read per queue, under the mailbox's UIDVALIDITY.
 */
export class ImapMailboxes extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "mail"."queue" add column "imap_url_encrypted" text null');
    this.addSql(`alter table "mail"."queue" add column "imap_mailbox" text not null default 'INBOX'`);
    this.addSql(`create table "mail"."imap_cursor" (
      "queue_id" uuid primary key references "mail"."queue" ("id") on delete cascade,
      "uid_validity" text not null,
      "last_uid" bigint not null,
      "updated_at" timestamptz not null default now()
    )`);
  }
}
