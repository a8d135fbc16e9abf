import { Migration } from '@mikro-orm/migrations';

/**
 * The draft version the last accepted send named (issue 17), so that a repeated send of that
 * version answers 409 EMAIL_ALREADY_SENT whatever happened to the email since.
 */
export class SendVersion extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "mail"."email" add column "send_version" int null');
  }
}
