import { decodeCursor, encodeCursor, type CursorPosition } from './cursor';
import { namePrefixCondition, prefixConditions, searchWords, wordConditions, type Conditions } from './search-words';

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

/** Where a step of a search starts: before every row (the C collation sorts '' first). */
const STEP_START: CursorPosition = { key: '', id: '00000000-0000-0000-0000-000000000000' };

/**
 * One page of a list by name, searched in steps. First the rows whose name begins with the
 * query (`jana nov`), straight from the btree of the list order; when those run out, the page
 * fills with the other rows having words that begin with the query's words (the tsvector
 * index), and only when neither finds anything on a first page, the words anywhere inside (the
 * trigram index). So a name typed as it is written comes first and costs a page at any size.
 * The cursor remembers the step. `select` runs the statement's conditions and returns up to
 * `limit` rows ordered by (sort_name, id).
 */
export async function searchPage<Row extends SortedRow>(
  options: SearchPageOptions,
  select: (conditions: Conditions, limit: number) => Promise<Row[]>,
): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const { alias } = options;
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const words = searchWords(options.q);
  const prefix = words.length ? prefixConditions(words, `${alias}.words`, `${alias}.search`) : null;

  const run = async (mode: CursorPosition['mode'], search: Conditions | null, limit = options.limit, from = after) => {
    const conditions: Conditions = { sql: [...options.filters.sql], params: [...options.filters.params] };
    if (search) {
      conditions.sql.push(...search.sql);
      conditions.params.push(...search.params);
    }
    if (from) {
      conditions.sql.push(`(${alias}.sort_name, ${alias}.id) > (?, ?)`);
      conditions.params.push(from.key, from.id);
    }
    const rows = await select(conditions, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    // A page the previous step filled ends where this step starts.
    const position = last ? { key: last.sort_name, id: last.id } : from;
    return { rows: page, nextCursor: rows.length > limit && position ? encodeCursor({ key: position.key, id: position.id, mode }) : null };
  };

  if (words.length === 0) return run(undefined, null);
  const inside = () => run('inside', wordConditions(words, `${alias}.search`, `${alias}.sort_name`));
  if (after?.mode === 'inside' || !prefix) return inside();
  const name = namePrefixCondition(words, `${alias}.sort_name`);
  const otherWords: Conditions = { sql: [...prefix.sql, `not (${name.sql[0]})`], params: [...prefix.params, ...name.params] };
  if (after?.mode === 'words') return run('words', otherWords);

  const byName = await run('name', name);
  if (byName.nextCursor) return byName;
  const rest = await run('words', otherWords, options.limit - byName.rows.length, STEP_START);
  const rows = [...byName.rows, ...rest.rows];
  return rows.length === 0 && !after ? inside() : { rows, nextCursor: rest.nextCursor };
}
