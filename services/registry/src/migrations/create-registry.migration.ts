import { Migration } from '@mikro-orm/migrations';

/**
 * Published versions with their files, the per-environment release pointers, and page layouts.
 * The primary keys carry the lookups: a version by (name, version), an asset by
 * (name, version, path), a release by (name, environment). Layouts have one row per owner
 * through partial unique indexes (a user's, a team's, the page default).
 */
export class CreateRegistry extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists "registry"');
    this.addSql(`create table "registry"."widget_version" (
      "name" text not null,
      "version" text not null,
      "manifest" jsonb not null,
      "source" text not null check ("source" in ('upload', 'url')),
      "entry_path" text null,
      "entry_url" text null,
      "integrity" text not null check ("integrity" like 'sha384-%'),
      "published_at" timestamptz not null default now(),
      "published_by" text not null,
      "failure_count" integer not null default 0,
      "failure_last_reason" text null,
      "failure_last_at" timestamptz null,
      primary key ("name", "version"),
      constraint "widget_version_entry" check (("source" = 'upload') = ("entry_path" is not null) and ("source" = 'url') = ("entry_url" is not null))
    )`);

    // Bytes live in the blob store under their sha256; a row per (version, path) points at one.
    this.addSql(`create table "registry"."widget_file" (
      "name" text not null,
      "version" text not null,
      "path" text not null,
      "sha256" text not null check ("sha256" ~ '^[0-9a-f]{64}$'),
      "size" bigint not null,
      primary key ("name", "version", "path"),
      foreign key ("name", "version") references "registry"."widget_version" ("name", "version") on delete cascade
    )`);

    this.addSql(`create table "registry"."widget_release" (
      "name" text not null,
      "environment" text not null,
      "active_version" text null,
      "history" text[] not null default '{}',
      "canary" jsonb null,
      "updated_at" timestamptz not null default now(),
      primary key ("name", "environment"),
      foreign key ("name", "active_version") references "registry"."widget_version" ("name", "version")
    )`);

    this.addSql(`create table "registry"."layout" (
      "id" uuid primary key,
      "page" text not null,
      "user_id" uuid null,
      "team_id" uuid null,
      "items" jsonb not null,
      "version" integer not null default 1 check ("version" >= 1),
      "updated_at" timestamptz not null default now(),
      constraint "layout_one_owner" check ("user_id" is null or "team_id" is null)
    )`);
    this.addSql('create unique index "layout_user_unique" on "registry"."layout" ("page", "user_id") where "user_id" is not null');
    this.addSql('create unique index "layout_team_unique" on "registry"."layout" ("page", "team_id") where "team_id" is not null');
    this.addSql(
      'create unique index "layout_default_unique" on "registry"."layout" ("page") where "user_id" is null and "team_id" is null',
    );
  }
}
