import { Migration } from '@mikro-orm/migrations';

/**
 * Contacts, companies, activities and calendar events.
 *
 * Search ignores case and diacritics: `crm.fold` is `lower(unaccent(...))` declared immutable
 * (unaccent itself is only stable, because its dictionary could change), so that generated
 * columns and indexes may use it. A search looks for word prefixes first, in `words` (a
 * tsvector of the folded search text, GIN): a few short posting lists however large the table.
 * Only when that finds nothing does it look for the words inside others, by the trigram GIN
 * index of `search` (pg_trgm, `like '%word%'`), whose common trigrams (`ova`) have long lists
 * (56 ms for two names among a million contacts). unaccent and pg_trgm are contrib extensions,
 * trusted (a database owner may create them) since PostgreSQL 13, and loaded into the embedded
 * PGlite. They go into schema `crm` unless the database has them elsewhere already; the function
 * and the indexes are written against whichever schema holds them.
 *
 * Matching by address and number reads the `contact_email` / `contact_phone` key tables by
 * their btree indexes; a contact's addresses and numbers as typed live in its row (jsonb).
 * Lists are ordered by `sort_name` in the C collation, so that one btree serves both the order
 * and name-prefix lookups.
 */
export class CreateCrm extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists "crm"');
    this.addSql('create extension if not exists unaccent with schema "crm"');
    this.addSql('create extension if not exists pg_trgm with schema "crm"');
    this.addSql(`do $do$
      declare
        accents text := (select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent');
      begin
        execute format($f$create function crm.fold(value text) returns text language sql immutable strict parallel safe
          as $b$ select lower(%1$I.unaccent(%2$L::regdictionary, value)) $b$$f$, accents, accents || '.unaccent');
      end
    $do$`);
    // What search looks in; concat_ws is only "stable" by its signature, over text it is not.
    // `*_search` is the text the trigram index reads: addresses and numbers whole. `*_words` is
    // the tsvector of word prefixes: addresses cut at punctuation (whole, each would be a lexeme
    // of its own, and a prefix such as `karel:*` would read tens of thousands of them) and
    // numbers also without a country code of one, two or three digits (the national number).
    this.addSql(`create function crm.contact_search(name text, title text, company_name text, emails jsonb, phones jsonb)
      returns text language sql immutable parallel safe as $$
        select crm.fold(concat_ws(' ', name, title, company_name,
          (select string_agg(e ->> 'address', ' ') from jsonb_array_elements(emails) e),
          (select string_agg(p ->> 'number', ' ') from jsonb_array_elements(phones) p)))
      $$`);
    this.addSql(`create function crm.contact_words(name text, title text, company_name text, emails jsonb, phones jsonb)
      returns tsvector language sql immutable parallel safe as $$
        select to_tsvector('simple', crm.fold(concat_ws(' ', name, title, company_name,
          (select string_agg(regexp_replace(e ->> 'address', '[^[:alnum:]]+', ' ', 'g'), ' ') from jsonb_array_elements(emails) e),
          (select string_agg(concat_ws(' ', substr(p ->> 'number', 2), substr(p ->> 'number', 3), substr(p ->> 'number', 4),
            substr(p ->> 'number', 5)), ' ') from jsonb_array_elements(phones) p))))
      $$`);
    this.addSql(`create function crm.company_search(name text, ico text, vat_id text, domains text[])
      returns text language sql immutable parallel safe as $$
        select crm.fold(concat_ws(' ', name, ico, vat_id, array_to_string(domains, ' ')))
      $$`);
    this.addSql(`create function crm.company_words(name text, ico text, vat_id text, domains text[])
      returns tsvector language sql immutable parallel safe as $$
        select to_tsvector('simple', crm.fold(concat_ws(' ', name, ico, vat_id,
          regexp_replace(array_to_string(domains, ' '), '[^[:alnum:]]+', ' ', 'g'))))
      $$`);

    this.addSql(`create table "crm"."company" (
      "id" uuid primary key,
      "name" text not null check (length("name") between 1 and 200),
      "ico" text null,
      "vat_id" text null,
      "domains" text[] not null default '{}',
      "addresses" jsonb not null default '[]',
      "sla_ref" text null,
      "notes" text null,
      "owner_id" uuid null,
      "team_id" uuid null,
      "version" integer not null default 1,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "sort_name" text collate "C" generated always as (crm.fold("name")) stored,
      "search" text generated always as (crm.company_search("name", "ico", "vat_id", "domains")) stored,
      "words" tsvector generated always as (crm.company_words("name", "ico", "vat_id", "domains")) stored
    )`);
    this.addSql('create index "company_sort_idx" on "crm"."company" ("sort_name", "id")');
    this.addSql('create index "company_domains_idx" on "crm"."company" using gin ("domains")');
    this.addSql('create index "company_words_idx" on "crm"."company" using gin ("words")');

    // `company_name` is the company's name, kept in step by the repository in one transaction.
    this.addSql(`create table "crm"."contact" (
      "id" uuid primary key,
      "name" text not null check (length("name") between 1 and 200),
      "title" text null,
      "emails" jsonb not null default '[]',
      "phones" jsonb not null default '[]',
      "company_id" uuid null references "crm"."company" ("id") on delete set null,
      "company_name" text null,
      "notes" text null,
      "notes_private" boolean not null default false,
      "owner_id" uuid null,
      "team_id" uuid null,
      "version" integer not null default 1,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "sort_name" text collate "C" generated always as (crm.fold("name")) stored,
      "search" text generated always as (crm.contact_search("name", "title", "company_name", "emails", "phones")) stored,
      "words" tsvector generated always as (crm.contact_words("name", "title", "company_name", "emails", "phones")) stored
    )`);
    this.addSql('create index "contact_sort_idx" on "crm"."contact" ("sort_name", "id")');
    this.addSql('create index "contact_company_idx" on "crm"."contact" ("company_id", "sort_name", "id")');
    this.addSql('create index "contact_words_idx" on "crm"."contact" using gin ("words")');

    this.addSql(`do $do$
      declare
        trigrams text := (select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm');
      begin
        execute format('create index "contact_search_idx" on "crm"."contact" using gin ("search" %I.gin_trgm_ops)', trigrams);
        execute format('create index "company_search_idx" on "crm"."company" using gin ("search" %I.gin_trgm_ops)', trigrams);
      end
    $do$`);

    // Match keys: the address trimmed and lowercased, the number in E.164.
    this.addSql(`create table "crm"."contact_email" (
      "contact_id" uuid not null references "crm"."contact" ("id") on delete cascade,
      "address_key" text not null,
      primary key ("contact_id", "address_key")
    )`);
    this.addSql('create index "contact_email_key_idx" on "crm"."contact_email" ("address_key")');
    this.addSql(`create table "crm"."contact_phone" (
      "contact_id" uuid not null references "crm"."contact" ("id") on delete cascade,
      "number" text not null,
      primary key ("contact_id", "number")
    )`);
    this.addSql('create index "contact_phone_number_idx" on "crm"."contact_phone" ("number")');

    this.addSql(`create table "crm"."activity" (
      "id" uuid primary key,
      "contact_id" uuid not null references "crm"."contact" ("id") on delete cascade,
      "kind" text not null check ("kind" in ('email', 'call', 'note', 'meeting', 'task')),
      "direction" text null check ("direction" in ('in', 'out')),
      "occurred_at" timestamptz not null,
      "ticket_id" uuid null,
      "title" text not null,
      "body" text null,
      "link" text null,
      "private" boolean not null default false,
      "author_id" text null,
      "team_id" uuid null,
      "external_key" text null constraint "activity_external_key_unique" unique,
      "created_at" timestamptz not null default now()
    )`);
    this.addSql('create index "activity_contact_idx" on "crm"."activity" ("contact_id", "occurred_at" desc, "id" desc)');
    this.addSql('create index "activity_contact_kind_idx" on "crm"."activity" ("contact_id", "kind", "occurred_at" desc, "id" desc)');

    this.addSql(`create table "crm"."calendar_event" (
      "id" uuid primary key,
      "owner_id" uuid not null,
      "kind" text not null check ("kind" in ('callback', 'meeting', 'follow-up')),
      "title" text not null,
      "starts_at" timestamptz not null,
      "ends_at" timestamptz not null,
      "contact_id" uuid null references "crm"."contact" ("id") on delete set null,
      "ticket_id" uuid null,
      "notes" text null,
      "cancelled" boolean not null default false,
      "version" integer not null default 1,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      check ("ends_at" > "starts_at")
    )`);
    this.addSql('create index "calendar_event_owner_idx" on "crm"."calendar_event" ("owner_id", "starts_at")');
    this.addSql('create index "calendar_event_contact_idx" on "crm"."calendar_event" ("contact_id")');
  }
}
