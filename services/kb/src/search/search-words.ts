/** Words that say nothing about what an email is about, folded (lowercase, no diacritics). */
const STOP_WORDS = new Set(
  (
    'the and for with that this have has had was were are you your our from not but can will would could should please thanks thank ' +
    'hello dear regards after before about when what there they them been into just also still some any its him her his she hers ' +
    'who how why which where all one two did does done get got out over very more most much than then now yet too off may might ' +
    'a an i is to of in on at it be do so if or as by no yes hi me my we us ' +
    've ze ke se na do od po za pro pri pod nad je jsem jsme jste jsou byl byla bylo byli by bych mi me mne muj moje moji vas vase ' +
    'vam nas nase to ten ta tak ale nebo ani uz jiz jak kdyz ktery ktera ktere co proc dobry den dekuji dekujeme prosim pozdrav ' +
    'pozdravem zdravim mate mam jeho jeji jejich tady tam take jen jeste ktery kde kdy ale aby abych bude budu muze muzete'
  ).split(' '),
);

/** Text lowercased and without diacritics, as the `kb.folded` configuration sees it. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The folded words of a text, in order, each a run of letters and digits. */
export function foldedWords(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The words of a search as the agent types it: at most 8, each matched as a prefix. */
export function searchWords(q: string): string[] {
  return [...new Set(foldedWords(q))].slice(0, 8);
}

/** A word as `kb.folded` keeps it: letters and digits only, so safe inside `to_tsquery`. */
const LEXEME = /^[\p{L}\p{N}]+$/u;

/** One word's alternatives that are lexemes (letters and digits only), each once. */
export function lexemes(words: string[]): string[] {
  return [...new Set(words)].filter((w) => LEXEME.test(w));
}

/** A tsquery of one word's alternatives (at least one of letters and digits): any of them, each spelled out, no prefix. */
export function anyOf(words: string[]): string {
  return `(${lexemes(words).join(' | ')})`;
}

/** A tsquery of every word (AND), each as any of its alternatives. */
export function everyOf(alternatives: string[][]): string {
  return alternatives.map(anyOf).join(' & ');
}

/** A stem of an email's word: Czech and English inflect the ending, so the first six letters stand for the word. */
const STEM_LENGTH = 6;

/** One term of an email: its stem (a prefix query) and the word as the email wrote it. */
export interface EmailTerm {
  stem: string;
  word: string;
}

/**
 * The terms of an email to suggest articles by: words of three letters or more that are not
 * stop words, the subject's first, at most `max`, one per stem.
 */
export function emailTerms(subject: string, text: string, max = 24): EmailTerm[] {
  const terms = new Map<string, EmailTerm>();
  const original = `${subject}\n${text}`.match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const word of original) {
    const folded = fold(word);
    if (folded.length < 3 || STOP_WORDS.has(folded) || /^\d+$/.test(folded)) continue;
    const stem = folded.slice(0, STEM_LENGTH);
    if (!terms.has(stem)) terms.set(stem, { stem, word: word.toLowerCase() });
    if (terms.size >= max) break;
  }
  return [...terms.values()];
}

/** A stem of an email with the known words it stands for, and whether those are common. */
export interface CountedStem {
  words: string[];
  common: boolean;
}

/** Each item of `items` with each later one, in order: (1,2), (1,3), (2,3). */
function pairsOf<T>(items: T[]): [T, T][] {
  return items.flatMap((a, i) => items.slice(i + 1).map((b): [T, T] => [a, b]));
}

/**
 * The tsquery of an email's candidate articles from its stems: any rare stem's words, or the
 * words of two of the first `paired` common stems together.
 */
export function candidateTsquery(stems: CountedStem[], paired: number): string {
  const rare = stems.filter((s) => !s.common).map((s) => anyOf(s.words));
  const common = stems.filter((s) => s.common).map((s) => anyOf(s.words)).slice(0, paired);
  const pairs = pairsOf(common).map(([a, b]) => `(${a} & ${b})`);
  return [...rare, ...pairs].join(' | ') || stems.map((s) => anyOf(s.words)).join(' | ');
}

/** The same candidates as `candidateTsquery`, found by title in the indexes that read only as far as needed. */
export interface TitleCandidates {
  /** Any rare stem's words (a tsquery), or null: few titles each, so the GIN index reads little. */
  rare: string | null;
  /** Two common stems' words together: the titles holding `first[i]` and `second[i]` (kb.title_pair). */
  pairs: { first: string[]; second: string[] };
  /** The words of the email's one stem when it is common (nothing to pair it with): titles holding any (kb.title_word). */
  sole: string[];
}

/**
 * How `candidateTsquery`'s articles are found by title: rare stems through the GIN index, two
 * common stems through pairs of their first `wordsPerStem` words (the most used), the first
 * stems' pairs first.
 */
export function titleCandidates(stems: CountedStem[], paired: number, wordsPerStem: number): TitleCandidates {
  const rare = stems.filter((s) => !s.common).map((s) => anyOf(s.words));
  const common = stems.filter((s) => s.common).map((s) => lexemes(s.words).slice(0, wordsPerStem)).slice(0, paired);
  const pairs = pairsOf(common).flatMap(([a, b]) => a.flatMap((x) => b.map((y) => [x, y])));
  const sole = rare.length === 0 && pairs.length === 0 ? stems.flatMap((s) => lexemes(s.words)) : [];
  return { rare: rare.length ? rare.join(' | ') : null, pairs: { first: pairs.map((p) => p[0]!), second: pairs.map((p) => p[1]!) }, sole };
}
