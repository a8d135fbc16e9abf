import { Migration } from '@mikro-orm/migrations';

/**
 * Typo correction takes words of trigram similarity 0.25 and up (pg_trgm's default is 0.3): two
 * swapped letters in a six-letter word ("retrun") share only 3 of 11 trigrams with the word meant.
 * It runs only when a search found nothing, so a looser match costs nothing otherwise.
 */
export class TypoThreshold extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $do$
      declare
        trigrams text := (select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm');
      begin
        execute format($f$create or replace function kb.near_words(typed text, max integer) returns setof text language sql stable strict
          set pg_trgm.similarity_threshold = 0.25
          as $b$ select w.word from kb.word w where w.word operator(%1$I.%%) typed
                 order by %1$I.similarity(w.word, typed) desc, w.word limit max $b$$f$, trigrams);
      end
    $do$`);
  }
}
