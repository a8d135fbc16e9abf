import { Migration } from '@mikro-orm/migrations';

/** A KB editor is an agent who also writes and publishes knowledge-base articles (issue 11). */
export class KbEditorRole extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "identity"."users" drop constraint "users_role_check"');
    this.addSql(`alter table "identity"."users" add constraint "users_role_check" check ("role" in ('agent', 'kb-editor', 'admin'))`);
  }
}
