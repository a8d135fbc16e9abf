import { Migration } from '@mikro-orm/migrations';

/** Layouts moved to the registry service, which also knows the widget versions they show. */
export class DropLayouts extends Migration {
  override async up(): Promise<void> {
    this.addSql('drop table if exists "identity"."layouts"');
  }
}
