import { Migration } from '@mikro-orm/migrations';

/**
 * A send waiting for its next attempt after a transient SMTP failure (issue 17): when, and the
 * reply that failed, so that the email shows "Retrying: <reason>, next attempt at <time>".
 */
export class SendRetry extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "mail"."email" add column "retry_at" timestamptz null, add column "retry_reason" text null, add column "retry_code" int null');
  }
}
