/** Private-use characters that stand for `<mark>` and `</mark>` while PostgreSQL builds a snippet. */
const START = '\uE000';
const STOP = '\uE001';

/** Both mark characters, to strip them from stored text. */
export const SNIPPET_MARKS = /[\uE000\uE001]/g;

/** ts_headline's options: a few short fragments, matches between the two mark characters. */
export const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxWords=24, MinWords=10, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The snippet as HTML: the text escaped, the matches in `<mark>`, nothing else. */
export function snippetHtml(headline: string): string {
  return headline
    .replace(/[&<>"']/g, (c) => escapes[c]!)
    .replaceAll(START, '<mark>')
    .replaceAll(STOP, '</mark>');
}
