import { Migration } from '@mikro-orm/migrations';

/**
 * A typo is replaced by one known word, the nearest by trigram similarity and, among equally
 * near ones, the one in the most articles (bench/kb-search: each correction is one more posting
 * list read in full, so three corrections cost three times one at 100k articles). With one pick,
 * a short word inside the typo must not win: "retrun" shares more trigrams with "run" than with
 * "return", so only words within two letters of the typo's length are taken (a swapped, missing
 * or extra letter or two). Words no article holds any more (count 0) are never offered.
 */
export class OneCorrection extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $do$
      declare
        trigrams text := (select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm');
      begin
        execute format($f$create or replace function kb.near_words(typed text, max integer) returns setof text language sql stable strict
          set pg_trgm.similarity_threshold = 0.25
          as $b$ select w.word from kb.word w where w.word operator(%1$I.%%) typed and w.articles > 0
                   and abs(length(w.word) - length(typed)) <= 2
                 order by %1$I.similarity(w.word, typed) desc, w.articles desc, w.word limit max $b$$f$, trigrams);
      end
    $do$`);
  }
}
