import { Migration } from '@mikro-orm/migrations';

/**
 * Inbound mail (issue 13): a received email is unread until the assignee of its ticket opens it;
 * the home page lists the agent's unread ones, so the unread links have their own index.
 */
export class UnreadEmails extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "tickets"."email_link" add column "unread" boolean not null default false');
    this.addSql('create index "email_link_unread_idx" on "tickets"."email_link" ("ticket_id") where "unread"');
  }
}
