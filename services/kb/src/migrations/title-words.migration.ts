import { Migration } from '@mikro-orm/migrations';

/**
 * Each word of each article's title, B-tree-indexed by word (bench/kb-search). A search for one
 * word (a typo replaced by its correction, or one word as the agent starts typing) matched many
 * titles through the GIN index, which answers only bitmaps: it read the word's whole posting list
 * (4,600 articles of 100k for a topic word) to rank the first 50, so the search grew with the
 * table. Walking this index in order stops after the 50 visible articles ranking needs, whatever
 * the table's size. A trigger keeps the rows on every insert and title change; a deleted article
 * takes its rows along.
 */
export class TitleWords extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "kb"."title_word" (
      "word" text collate "C" not null,
      "article_id" uuid not null references "kb"."article" ("id") on delete cascade,
      primary key ("word", "article_id")
    )`);
    this.addSql('create index "title_word_article_idx" on "kb"."title_word" ("article_id")');
    this.addSql(`insert into "kb"."title_word" ("word", "article_id")
      select distinct l.word, a.id from "kb"."article" a, unnest(tsvector_to_array(a."title_search")) l(word)`);
    this.addSql(`create function kb.remember_title_words() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' then
          delete from kb.title_word where article_id = new.id and not (word = any (tsvector_to_array(new.title_search)));
        end if;
        insert into kb.title_word (word, article_id)
          select l.word, new.id from unnest(tsvector_to_array(new.title_search)) l(word) order by l.word
          on conflict do nothing;
        return null;
      end
    $$`);
    this.addSql(`create trigger "article_title_words" after insert or update of "title" on "kb"."article"
      for each row execute function kb.remember_title_words()`);
  }
}
