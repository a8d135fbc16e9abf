import { Migration } from '@mikro-orm/migrations';

/**
 * Categories, articles, their kept versions and the word list of typo correction.
 *
 * PostgreSQL has no Czech stemmer, so search uses `kb.folded`: the `simple` configuration
 * behind the `unaccent` dictionary (case and diacritics ignored, words not stemmed; prefix
 * queries stand in for stems). `search` weighs the title (A) above the body (B), GIN-indexed.
 * `kb.word` holds every word of every article (a trigger keeps it), trigram-indexed: a typed
 * word that begins no known word is replaced by the nearest ones (pg_trgm `%`), as the pg_trgm
 * documentation suggests for spelling (`kb.near_words`). unaccent and pg_trgm go into schema `kb` unless the
 * database has them elsewhere already (the CRM's schema); everything is written against
 * whichever schema holds them.
 */
export class CreateKb extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists "kb"');
    // Services migrate each under a lock of their own schema, so the CRM's or the templates'
    // migration may create the same extension at the same moment: then theirs is the one used.
    for (const extension of ['unaccent', 'pg_trgm']) {
      this.addSql(`do $do$ begin
        create extension if not exists ${extension} with schema "kb";
      exception when unique_violation then null;
      end $do$`);
    }
    this.addSql(`do $do$
      declare
        accents text := (select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent');
      begin
        create text search configuration kb.folded (copy = pg_catalog.simple);
        execute format('alter text search configuration kb.folded alter mapping for asciiword, word, numword, asciihword, hword,
          numhword, hword_asciipart, hword_part, hword_numpart with %I.unaccent, pg_catalog.simple', accents);
      end
    $do$`);

    this.addSql(`create table "kb"."category" (
      "id" uuid primary key,
      "parent_id" uuid null references "kb"."category" ("id") on delete restrict,
      "name_cs" text not null check (length("name_cs") between 1 and 120),
      "name_en" text not null check (length("name_en") between 1 and 120),
      "position" integer not null default 0,
      "created_at" timestamptz not null default now()
    )`);

    this.addSql(`create table "kb"."article" (
      "id" uuid primary key,
      "category_id" uuid null references "kb"."category" ("id") on delete set null,
      "title" text not null check (length("title") between 1 and 200),
      "body_html" text not null,
      "body_text" text not null,
      "language" text not null check ("language" in ('cs', 'en')),
      "visibility" text not null check ("visibility" in ('everyone', 'teams')),
      "team_ids" uuid[] not null default '{}',
      "status" text not null default 'draft' check ("status" in ('draft', 'published')),
      "version" integer not null default 1,
      "created_by" uuid null,
      "created_at" timestamptz not null default now(),
      "updated_by" uuid null,
      "updated_at" timestamptz not null default now(),
      "published_at" timestamptz null,
      "search" tsvector generated always as
        (setweight(to_tsvector('kb.folded', "title"), 'A') || setweight(to_tsvector('kb.folded', "body_text"), 'B')) stored
    )`);
    this.addSql('create index "article_search_idx" on "kb"."article" using gin ("search")');
    this.addSql('create index "article_updated_idx" on "kb"."article" ("updated_at" desc, "id")');
    this.addSql('create index "article_category_idx" on "kb"."article" ("category_id", "updated_at" desc)');

    this.addSql(`create table "kb"."article_version" (
      "article_id" uuid not null references "kb"."article" ("id") on delete cascade,
      "version" integer not null,
      "title" text not null,
      "body_html" text not null,
      "status" text not null,
      "updated_by" uuid null,
      "updated_at" timestamptz not null,
      primary key ("article_id", "version")
    )`);

    this.addSql(`create table "kb"."word" ("word" text collate "C" primary key)`);
    this.addSql(`do $do$
      declare
        trigrams text := (select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm');
      begin
        execute format('create index "word_trgm_idx" on "kb"."word" using gin ("word" %I.gin_trgm_ops)', trigrams);
        execute format($f$create function kb.near_words(typed text, max integer) returns setof text language sql stable strict
          as $b$ select w.word from kb.word w where w.word operator(%1$I.%%) typed
                 order by %1$I.similarity(w.word, typed) desc, w.word limit max $b$$f$, trigrams);
      end
    $do$`);
    this.addSql(`create function kb.remember_words() returns trigger language plpgsql as $$
      begin
        insert into kb.word (word) select lexeme from unnest(new.search) where length(lexeme) between 3 and 40 on conflict do nothing;
        return null;
      end
    $$`);
    this.addSql(`create trigger "article_words" after insert or update of "title", "body_text" on "kb"."article"
      for each row execute function kb.remember_words()`);
  }
}
