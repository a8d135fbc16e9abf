import { Migration } from '@mikro-orm/migrations';

/**
 * How many articles hold each known word, kept by the word list's trigger, and the completions of
 * a typed prefix from it (bench/kb-search). A prefix query (`zbo:*`) makes the GIN index read the
 * whole posting list of every matching word, which at 100k articles cost ten times a query of
 * the same words spelled out; search and suggestions now ask `kb.completions` for the known words
 * a prefix stands for, most used first, and match those exactly. The counts also tell a common
 * word of an email from a rare one without reading any article.
 */
export class WordCounts extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "kb"."word" add column "articles" integer not null default 0');
    this.addSql(`update "kb"."word" w set "articles" = c.n
      from (select l.lexeme, count(*)::integer as n from "kb"."article" a, unnest(a."search") l group by l.lexeme) c
      where c.lexeme = w."word"`);
    this.addSql('drop trigger "article_words" on "kb"."article"');
    // One statement, in word order: two articles changed at once lock the words they share in
    // the same order.
    this.addSql(`create or replace function kb.remember_words() returns trigger language plpgsql as $$
      begin
        insert into kb.word as w (word, articles)
          select d.lexeme, sum(d.delta)::integer from (
            select unnest(tsvector_to_array(new.search)) as lexeme, 1 as delta where tg_op <> 'DELETE'
            union all
            select unnest(tsvector_to_array(old.search)), -1 where tg_op <> 'INSERT'
          ) d
          where length(d.lexeme) between 3 and 40 group by d.lexeme having sum(d.delta) <> 0 order by d.lexeme
          on conflict (word) do update set articles = w.articles + excluded.articles;
        return null;
      end
    $$`);
    this.addSql(`create trigger "article_words" after insert or delete or update of "title", "body_text" on "kb"."article"
      for each row execute function kb.remember_words()`);
    // The known words beginning with `typed` (a range of the primary key, collation C), the most
    // used first: what a prefix stands for.
    this.addSql(`create function kb.completions(typed text, max integer) returns table (word text, articles integer)
      language sql stable strict as $$
        select w.word, w.articles from kb.word w
        where w.word >= typed and w.word < typed || chr(1114111) and w.articles > 0
        order by w.articles desc, w.word limit max
      $$`);
  }
}
