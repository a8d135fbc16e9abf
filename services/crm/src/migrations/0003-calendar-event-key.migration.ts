import { Migration } from '@mikro-orm/migrations';

/** An optional idempotency key on calendar events: a macro's follow-up is scheduled once (issue 10, E13). */
export class CalendarEventKey extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "crm"."calendar_event" add column "external_key" text null');
    this.addSql('alter table "crm"."calendar_event" add constraint "calendar_event_external_key_unique" unique ("external_key")');
  }
}
