import { Migration } from '@mikro-orm/migrations';

/** Users, teams, email queues with their members, signing keys and layouts, plus the default layout. */
export class InitialSchema extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists "identity"');
    this.addSql(`create table "identity"."users" (
      "id" uuid primary key,
      "email" varchar(254) not null constraint "users_email_unique" unique,
      "name" varchar(200) not null,
      "password_hash" text not null,
      "role" text not null constraint "users_role_check" check ("role" in ('agent', 'admin')),
      "locale" text not null default 'en' constraint "users_locale_check" check ("locale" in ('en', 'cs')),
      "created_at" timestamptz not null default now(),
      constraint "users_email_lowercase" check ("email" = lower("email"))
    )`);
    this.addSql(`create table "identity"."teams" (
      "id" uuid primary key,
      "name" varchar(200) not null constraint "teams_name_unique" unique,
      "created_at" timestamptz not null default now()
    )`);
    this.addSql(`create table "identity"."team_members" (
      "team_id" uuid not null references "identity"."teams" ("id") on delete cascade,
      "user_id" uuid not null references "identity"."users" ("id") on delete cascade,
      primary key ("team_id", "user_id")
    )`);
    this.addSql('create index "team_members_user_id_index" on "identity"."team_members" ("user_id")');
    this.addSql(`create table "identity"."email_queues" (
      "id" uuid primary key,
      "name" varchar(200) not null constraint "email_queues_name_unique" unique,
      "from_address" varchar(254) not null,
      "created_at" timestamptz not null default now()
    )`);
    this.addSql(`create table "identity"."queue_members" (
      "queue_id" uuid not null references "identity"."email_queues" ("id") on delete cascade,
      "user_id" uuid not null references "identity"."users" ("id") on delete cascade,
      primary key ("queue_id", "user_id")
    )`);
    this.addSql('create index "queue_members_user_id_index" on "identity"."queue_members" ("user_id")');
    this.addSql(`create table "identity"."signing_keys" (
      "kid" varchar(128) primary key,
      "public_jwk" jsonb not null,
      "private_key" text not null,
      "active" boolean not null,
      "created_at" timestamptz not null default now()
    )`);
    // One active key at most: a replica that loses the race to create it reads the winner's.
    this.addSql('create unique index "signing_keys_one_active" on "identity"."signing_keys" ("active") where "active"');
    this.addSql(`create table "identity"."layouts" (
      "id" uuid primary key default gen_random_uuid(),
      "page" varchar(64) not null,
      "user_id" uuid null references "identity"."users" ("id") on delete cascade,
      "team_id" uuid null references "identity"."teams" ("id") on delete cascade,
      "widgets" jsonb not null,
      "version" integer not null default 1,
      "updated_at" timestamptz not null default now(),
      constraint "layouts_one_owner" check ("user_id" is null or "team_id" is null),
      constraint "layouts_page_owner_unique" unique nulls not distinct ("page", "user_id", "team_id")
    )`);
    this.addSql('create index "layouts_team_id_index" on "identity"."layouts" ("team_id")');
    this.addSql(`insert into "identity"."layouts" ("page", "widgets")
      values ('email-detail', '[{"widget":"email"},{"widget":"tickets"}]')`);
  }
}
