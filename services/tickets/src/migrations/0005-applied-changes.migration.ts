import { Migration } from '@mikro-orm/migrations';

/**
 * Keyed changes are not only tags any more: status, priority, assignee and queue changes with a
 * key (a macro action's `emailId:index`, E13) are recorded in the same table, so `tag_change` is
 * renamed to what it holds.
 */
export class AppliedChanges extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "tickets"."tag_change" rename to "applied_change"');
    this.addSql('alter index "tickets"."tag_change_pkey" rename to "applied_change_pkey"');
  }
}
