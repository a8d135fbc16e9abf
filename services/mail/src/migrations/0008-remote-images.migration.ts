import { Migration } from '@mikro-orm/migrations';

/**
 * Remote images of received emails (issue 13): the stored body shows each http(s) image as
 * `remote:<position>`; its address is kept here, never sent to the browser, and mail fetches it
 * only once an agent allowed the email's remote images.
 */
export class RemoteImages extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "mail"."remote_image" (
      "email_id" uuid not null references "mail"."email" ("id") on delete cascade,
      "position" int not null,
      "url" text not null,
      "allowed" boolean not null default false,
      primary key ("email_id", "position")
    )`);
  }
}
