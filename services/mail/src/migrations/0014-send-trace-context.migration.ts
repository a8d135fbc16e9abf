import { Migration } from '@mikro-orm/migrations';

/**
 * A send's trace context (issue 17): the send route stores the W3C `traceparent` of its request's
 * span with the outbox row, the relay puts it into the job's data, and the worker's span for the
 * job continues that trace to the SMTP answer. Null when tracing is off.
 */
export class SendTraceContext extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "mail"."outbox" add column "traceparent" text null');
  }
}
