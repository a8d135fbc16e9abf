import { Migration } from '@mikro-orm/migrations';
import { eventInboxTablesSql, eventOutboxTableSql } from '@switchboard/service-kit';

/** Service events (decision 0010): CRM's outbox (contact.changed, company.changed) and its consumer tables (mail's emails). */
export class CrmServiceEvents extends Migration {
  override async up(): Promise<void> {
    for (const sql of [...eventOutboxTableSql('crm'), ...eventInboxTablesSql('crm')]) this.addSql(sql);
  }
}
