import { Migration } from '@mikro-orm/migrations';

/**
 * Title search stores every prefix of every title word (`refund` as `r`, `re`, … `refund`), so a
 * typed prefix is one exact GIN key instead of a `refu:*` partial match: PostgreSQL answers a
 * partial match by gathering the posting lists of every key it covers, which at a million
 * tickets cost 170 ms for `invoice charg`, against a few for exact keys (bench/tickets-search).
 * The search column keeps its name and index; PostgreSQL 15 cannot change a generated column's
 * expression, so it is dropped and added again (a table rewrite, under the migration lock).
 */
export class TitlePrefixes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function "tickets"."title_prefixes"(title text) returns tsvector
      language sql immutable strict parallel safe
      as $$ select array_to_tsvector(array(
        select distinct left(w.lexeme, n) from unnest(to_tsvector('simple', title)) w, generate_series(1, length(w.lexeme)) n
      )) $$`);
    this.addSql('alter table "tickets"."ticket" drop column "search"');
    this.addSql('alter table "tickets"."ticket" add column "search" tsvector generated always as ("tickets"."title_prefixes"("title")) stored');
    this.addSql('create index "ticket_search_idx" on "tickets"."ticket" using gin ("search")');
  }
}
