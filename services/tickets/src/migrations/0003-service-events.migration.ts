import { Migration } from '@mikro-orm/migrations';
import { eventInboxTablesSql } from '@switchboard/service-kit';

/**
 * Service events (decision 0010): the consumer tables, and the newest company name tickets knows
 * with its CRM version. Both contact.changed and company.changed carry a company's name; the one
 * with the newer company version wins, whichever arrives last.
 */
export class TicketsServiceEvents extends Migration {
  override async up(): Promise<void> {
    for (const sql of eventInboxTablesSql('tickets')) this.addSql(sql);
    this.addSql(`create table "tickets"."company_copy" (
      "company_id" uuid primary key,
      "name" text not null,
      "version" bigint not null
    )`);
  }
}
