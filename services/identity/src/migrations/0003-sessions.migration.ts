import { Migration } from '@mikro-orm/migrations';

/** Server-side sessions, so logout and "sign out everywhere" end a session at once. */
export class Sessions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "identity"."sessions" (
      "id" uuid primary key,
      "user_id" uuid not null references "identity"."users" ("id") on delete cascade,
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz not null
    )`);
    this.addSql('create index "sessions_user_id_index" on "identity"."sessions" ("user_id")');
  }
}
