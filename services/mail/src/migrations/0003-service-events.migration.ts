import { Migration } from '@mikro-orm/migrations';
import { eventOutboxTableSql } from '@switchboard/service-kit';

/** Service events (decision 0010): mail's outbox of email.sent and email.received. */
export class MailServiceEvents extends Migration {
  override async up(): Promise<void> {
    for (const sql of eventOutboxTableSql('mail')) this.addSql(sql);
  }
}
