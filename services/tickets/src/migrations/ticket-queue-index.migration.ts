import { Migration } from '@mikro-orm/migrations';

/**
 * Every ticket list is now limited to the caller's queues (docs/decisions/0009-who-may-see-what.md):
 * like the other filter columns, queue_id is indexed with (updated_at desc, id desc), so a queue's
 * tickets are an index range scan and a rare queue is not found by walking every ticket.
 */
export class TicketQueueIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index "ticket_queue_id_updated_idx" on "tickets"."ticket" ("queue_id", "updated_at" desc, "id" desc)');
  }
}
