import { Migration } from '@mikro-orm/migrations';

/**
 * Templates (frames and answers) and macros.
 *
 * Search ignores case and diacritics as the CRM's does: `templates.fold` is `lower(unaccent(...))`
 * declared immutable, so that the generated `search` column (name, folder and the body's text
 * without tags) and its trigram GIN index (pg_trgm) may use it. Both extensions go into schema
 * `templates` unless the database has them elsewhere already. `templates.like_word` makes one
 * search word a `like` pattern in SQL, its wildcards taken literally; `templates.closeness` (pg_trgm's
 * `word_similarity`) ranks the matches.
 *
 * An answer's frame is `parent_id`; a frame with answers cannot be deleted (restrict).
 */
export class CreateTemplates extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists "templates"');
    this.addSql('create extension if not exists unaccent with schema "templates"');
    this.addSql('create extension if not exists pg_trgm with schema "templates"');
    this.addSql(`do $do$
      declare
        accents text := (select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent');
      begin
        execute format($f$create function templates.fold(value text) returns text language sql immutable strict parallel safe
          as $b$ select lower(%1$I.unaccent(%2$L::regdictionary, value)) $b$$f$, accents, accents || '.unaccent');
      end
    $do$`);
    this.addSql(`create function templates.like_word(word text) returns text language sql immutable strict parallel safe as $$
        select '%' || replace(replace(replace(templates.fold(word), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
      $$`);
    // concat_ws is only "stable" by its signature; over text it is not.
    this.addSql(`create function templates.template_search(name text, folder text, body text)
      returns text language sql immutable parallel safe as $$
        select templates.fold(concat_ws(' ', name, folder, regexp_replace(body, '<[^>]*>|\\{[{%][^}]*[}%]\\}', ' ', 'g')))
      $$`);

    this.addSql(`create table "templates"."template" (
      "id" uuid primary key,
      "kind" text not null check ("kind" in ('frame', 'answer')),
      "parent_id" uuid null references "templates"."template" ("id") on delete restrict,
      "name" text not null check (length("name") between 1 and 200),
      "folder" text not null default '',
      "language" text not null check ("language" in ('cs', 'en')),
      "body" text not null,
      "variables" text[] not null default '{}',
      "scope" text not null check ("scope" in ('personal', 'team', 'everyone')),
      "owner_id" uuid null,
      "team_id" uuid null,
      "use_count" integer not null default 0,
      "version" integer not null default 1,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "sort_name" text collate "C" generated always as (templates.fold("name")) stored,
      "search" text generated always as (templates.template_search("name", "folder", "body")) stored,
      check ("kind" = 'answer' or "parent_id" is null),
      check (("scope" = 'personal') = ("owner_id" is not null) and ("scope" = 'team') = ("team_id" is not null))
    )`);
    this.addSql('create index "template_parent_idx" on "templates"."template" ("parent_id")');
    this.addSql('create index "template_team_idx" on "templates"."template" ("team_id") where "scope" = \'team\'');
    this.addSql('create index "template_owner_idx" on "templates"."template" ("owner_id") where "scope" = \'personal\'');
    this.addSql(`do $do$
      declare
        trigrams text := (select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm');
      begin
        execute format('create index "template_search_idx" on "templates"."template" using gin ("search" %I.gin_trgm_ops)', trigrams);
        execute format($f$create function templates.closeness(words text, search text) returns real language sql immutable strict parallel safe
          as $b$ select %I.word_similarity(words, search) $b$$f$, trigrams);
      end
    $do$`);

    this.addSql(`create table "templates"."macro" (
      "id" uuid primary key,
      "name" text not null check (length("name") between 1 and 200),
      "actions" jsonb not null,
      "scope" text not null check ("scope" in ('personal', 'team', 'everyone')),
      "owner_id" uuid null,
      "team_id" uuid null,
      "version" integer not null default 1,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "sort_name" text collate "C" generated always as (templates.fold("name")) stored,
      check (("scope" = 'personal') = ("owner_id" is not null) and ("scope" = 'team') = ("team_id" is not null))
    )`);
    this.addSql('create index "macro_sort_idx" on "templates"."macro" ("sort_name", "id")');
  }
}
