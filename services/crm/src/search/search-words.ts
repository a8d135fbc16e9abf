/** Words of a search beyond this many are ignored. */
export const MAX_WORDS = 5;

/** Shortest word a trigram index can look up (`%ab%` has no trigram). */
export const TRIGRAM_MIN = 3;

/**
 * The words of a search. Something that looks like a phone number (`+420 602 123 456`,
 * `602-123`) is one word of its digits, which is how numbers stand in the search text (E.164).
 */
export function searchWords(q: string | undefined): string[] {
  const trimmed = (q ?? '').trim();
  if (/^\+?[\d\s()./-]+$/.test(trimmed)) {
    const digits = trimmed.replace(/\D/g, '');
    if (digits.length >= TRIGRAM_MIN) return [digits];
  }
  return trimmed.split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);
}

/** A word for `like`, its wildcards and the escape character taken literally. */
export function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** SQL conditions with their parameters, to be joined by `and`. */
export interface Conditions {
  sql: string[];
  params: string[];
}

/**
 * SQL conditions finding every word as the beginning of a word of `wordsColumn` (a tsvector of
 * the folded search text): `jan novak` finds Jana Nováková. Words are cut at anything but
 * letters and digits (so no input can break the tsquery syntax); one-letter parts only filter
 * `textColumn`, as a prefix that short would read much of the index. Null when no part of two
 * letters or more is left.
 */
export function prefixConditions(words: string[], wordsColumn: string, textColumn: string): Conditions | null {
  const parts = words.flatMap((word) => word.split(/[^\p{L}\p{N}]+/u)).filter(Boolean);
  const long = parts.filter((part) => part.length >= 2);
  if (long.length === 0) return null;
  const short = parts.filter((part) => part.length < 2);
  return {
    sql: [`${wordsColumn} @@ to_tsquery('simple', crm.fold(?))`, ...short.map(() => `strpos(${textColumn}, crm.fold(?)) > 0`)],
    params: [long.map((part) => `${part}:*`).join(' & '), ...short],
  };
}

/**
 * SQL conditions finding every word in `column` (a folded search text), with their
 * parameters. Words of three characters or more go through the trigram index (`like`, the
 * word folded by `crm.fold` as the column was); shorter ones only filter the rows found (a
 * `like '%ab%'` would make the index read all of itself). Without any long word, the first
 * short one is a prefix of `prefixColumn` (the btree of the list order).
 */
export function wordConditions(words: string[], column: string, prefixColumn: string): Conditions {
  const sql: string[] = [];
  const params: string[] = [];
  const anyLong = words.some((w) => w.length >= TRIGRAM_MIN);
  words.forEach((word, i) => {
    if (word.length >= TRIGRAM_MIN) {
      sql.push(`${column} like '%' || crm.fold(?) || '%'`);
      params.push(escapeLike(word));
    } else if (!anyLong && i === 0) {
      sql.push(`${prefixColumn} like crm.fold(?) || '%'`);
      params.push(escapeLike(word));
    } else {
      sql.push(`strpos(${column}, crm.fold(?)) > 0`);
      params.push(word);
    }
  });
  return { sql, params };
}

/**
 * The whole query as the beginning of `prefixColumn` (the folded name in the list order's btree):
 * `jana nov` finds Jana Nováková. The index yields such rows already in list order, so a page
 * costs a page of rows however many contacts share the name.
 */
export function namePrefixCondition(words: string[], prefixColumn: string): Conditions {
  return { sql: [`${prefixColumn} like crm.fold(?) || '%'`], params: [escapeLike(words.join(' '))] };
}
