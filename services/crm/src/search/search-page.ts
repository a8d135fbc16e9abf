import { decodeCursor, encodeCursor, type CursorPosition } from './cursor';
import { prefixConditions, searchWords, wordConditions, type Conditions } from './search-words';

/** A row a list is ordered by. */
export interface SortedRow {
  id: string;
  sort_name: string;
}

/** What one list request asks. */
export interface SearchPageOptions {
  q?: string;
  cursor?: string;
  limit: number;
  /** Conditions every row must meet besides the search (`c.company_id = ?`). */
  filters: Conditions;
  /** The table's alias in the statement (`c`): it has `words`, `search`, `sort_name`, `id`. */
  alias: string;
}

/**
 * One page of a list by name, searched in two steps: word prefixes (the tsvector index), and
 * only when those find nothing on a first page, the words anywhere inside (the trigram index).
 * The cursor remembers which step the list is on, so its pages never mix the two. `select`
 * runs the statement's conditions and returns up to `limit` rows ordered by (sort_name, id).
 */
export async function searchPage<Row extends SortedRow>(
  options: SearchPageOptions,
  select: (conditions: Conditions, limit: number) => Promise<Row[]>,
): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const { alias, limit } = options;
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const words = searchWords(options.q);
  const prefix = words.length ? prefixConditions(words, `${alias}.words`, `${alias}.search`) : null;

  const run = async (mode: CursorPosition['mode'], search: Conditions | null) => {
    const conditions: Conditions = { sql: [...options.filters.sql], params: [...options.filters.params] };
    if (search) {
      conditions.sql.push(...search.sql);
      conditions.params.push(...search.params);
    }
    if (after) {
      conditions.sql.push(`(${alias}.sort_name, ${alias}.id) > (?, ?)`);
      conditions.params.push(after.key, after.id);
    }
    const rows = await select(conditions, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor({ key: last.sort_name, id: last.id, mode }) : null };
  };

  if (words.length === 0) return run(undefined, null);
  const inside = () => run('inside', wordConditions(words, `${alias}.search`, `${alias}.sort_name`));
  if (after?.mode === 'inside' || !prefix) return inside();
  const byWords = await run('words', prefix);
  return byWords.rows.length === 0 && !after ? inside() : byWords;
}
