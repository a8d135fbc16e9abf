import { Migration } from '@mikro-orm/migrations';

/**
 * Each pair of words in each article's title (words of three to forty letters, the lesser first
 * in collation C), B-tree-indexed by the pair (bench/kb-search). A suggestion finds candidates by
 * two common stems of the email together in a title; through the GIN index that read both words'
 * whole posting lists (a topic word is in 4,600 titles of 100k) to rank the first 50 titles
 * holding both, so suggestions grew with the table. The pair's rows, in this index's order, are
 * exactly the titles holding both words: reading the first 50 costs the same whatever the table's
 * size. A trigger keeps the rows on every insert and title change; a deleted article takes its
 * rows along.
 */
export class TitlePairs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "kb"."title_pair" (
      "first" text collate "C" not null,
      "second" text collate "C" not null,
      "article_id" uuid not null references "kb"."article" ("id") on delete cascade,
      primary key ("first", "second", "article_id"),
      check ("first" < "second")
    )`);
    this.addSql('create index "title_pair_article_idx" on "kb"."title_pair" ("article_id")');
    // The words a title's pairs are made of: those a suggestion's stems stand for (kb.word's lengths).
    this.addSql(`create function kb.title_pairs(title_search tsvector) returns table (first text, second text)
      language sql immutable strict as $$
        select x.word, y.word
        from unnest(tsvector_to_array(title_search)) x(word), unnest(tsvector_to_array(title_search)) y(word)
        where length(x.word) between 3 and 40 and length(y.word) between 3 and 40 and x.word collate "C" < y.word collate "C"
      $$`);
    this.addSql(`insert into "kb"."title_pair" ("first", "second", "article_id")
      select p.first, p.second, a.id from "kb"."article" a, kb.title_pairs(a."title_search") p`);
    this.addSql(`create function kb.remember_title_pairs() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' then
          delete from kb.title_pair where article_id = new.id;
        end if;
        insert into kb.title_pair (first, second, article_id) select p.first, p.second, new.id from kb.title_pairs(new.title_search) p;
        return null;
      end
    $$`);
    this.addSql(`create trigger "article_title_pairs" after insert or update of "title" on "kb"."article"
      for each row execute function kb.remember_title_pairs()`);
  }
}
