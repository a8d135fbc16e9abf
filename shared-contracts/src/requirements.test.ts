import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// Keeps docs/requirements.md true: every requirement ID a file of the repository cites is defined there.

const ROOT = join(__dirname, '..', '..');
const REQUIREMENTS = 'docs/requirements.md';
/** Text files that may cite requirements (sources, READMEs, templates, scripts). */
const SCANNED = /\.(ts|js|cjs|mjs|md|tmpl|html|sh)$/;
/** This file's own examples are not citations. */
const SELF = relative(ROOT, __filename);

/** A requirement ID: a capital letter and 1-99, no leading zero (E7, E12). */
const ID = String.raw`[A-Z][1-9][0-9]?(?![0-9A-Za-z])`;
/** An ID or a range of one letter's IDs (`E1-E12`, `T1–T4`). */
const ITEM = String.raw`${ID}(?:\s?[-–]\s?${ID})?`;
/** Items joined by `, `, `; ` or ` + `. */
const LIST = String.raw`${ITEM}(?:(?:,|;|\s\+)\s${ITEM})*`;
/**
 * A citation anywhere, code lines included (test names): a list opening a parenthesis that
 * follows a space: `header (E1)`, `(SPEC E1-E9, E11; M3)`, `(M2: only …)`, `(K3 "my favourites")`.
 * Code such as `load(V1)`, `%C3%9A` or SVG paths (`M8 1.8`) is not one.
 */
const ANYWHERE = new RegExp(String.raw`(?<=^|\s)\((?:SPEC\s)?(${LIST})(?=[),;:\s])`, 'g');
/**
 * Citations in prose only (markdown, comments): a list closing a parenthesis after `, ` or `; `
 * (`(discard, E6)`), or opening a comment or bullet line before a colon or a quote
 * (`/** K2 + K3: one page`, `/** E11 "choose from ticket": …`).
 */
const IN_PROSE = new RegExp(String.raw`[,;]\s(${LIST})\)|^\s*(?:\/\*\*?|\/\/|\*|-)\s*(${LIST})(?=:|\s")`, 'g');

/** The IDs one list names, ranges expanded (`E1-E3` is E1, E2, E3). */
function idsOfList(list: string): string[] {
  return list.split(/\s?(?:,|;|\+)\s/).flatMap((item) => {
    const [from, to] = item.split(/\s?[-–]\s?/);
    if (!to) return [from];
    const [start, end] = [Number(from.slice(1)), Number(to.slice(1))];
    // A range across letters or backwards names its two ends only.
    if (from[0] !== to[0] || end < start) return [from, to];
    return Array.from({ length: end - start + 1 }, (_, i) => `${from[0]}${start + i}`);
  });
}

/** The prose of one line: all of a markdown line, else its comment (a `*` line, or from `//` or `/*` on). */
function proseOf(line: string, markdown: boolean): string {
  if (markdown || /^\s*\*/.test(line)) return line;
  const start = line.search(/\/\/|\/\*/);
  return start < 0 ? '' : line.slice(start);
}

/** The requirement IDs one line cites, once each, sorted. */
function citedIds(line: string, markdown = false): string[] {
  const matches = [...line.matchAll(ANYWHERE), ...proseOf(line, markdown).matchAll(IN_PROSE)];
  return [...new Set(matches.flatMap((match) => idsOfList(match[1] ?? match[2])))].sort();
}

/** The IDs docs/requirements.md defines: the first cell of its table rows. */
function definedIds(markdown: string): string[] {
  return [...markdown.matchAll(/^\| ([A-Z][1-9][0-9]?) \|/gm)].map((match) => match[1]);
}

/** The repository's files, tracked or new (not ignored, not deleted), that may cite requirements. */
function scannedFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  return [...new Set(listed.split('\0'))].filter(
    (file) => SCANNED.test(file) && file !== REQUIREMENTS && file !== SELF && existsSync(join(ROOT, file)),
  );
}

describe('citedIds', () => {
  it.each([
    ['/** A ticket (M1). */', ['M1']],
    ["it('toggles Important (E12)', async () => {", ['E12']],
    ['/** The composer (E2-E5, E8, E11). */', ['E11', 'E2', 'E3', 'E4', 'E5', 'E8']],
    ['(SPEC E1-E3; M3; N1, N3): a Lit', ['E1', 'E2', 'E3', 'M3', 'N1', 'N3']],
    ['// (M2: only queues they belong to)', ['M2']],
    ['   * discarded (E6, status', ['E6']],
    ['/** A favourite ticket (K3 "my favourites"). */', ['K3']],
    ['  /** K2 + K3: one page of matches. */', ['K2', 'K3']],
    ['   * T1–T2: later.', ['T1', 'T2']],
    ['/** E11 "choose from ticket": the files. */', ['E11']],
    ['/** Attachments (E11, inline images of E9) and (discard, E6). */', ['E11', 'E6']],
    ['return x; // the first recipient (M3)', ['M3']],
  ])('finds the IDs %s cites', (line, ids) => {
    expect(citedIds(line)).toEqual(ids);
  });

  it('reads a markdown line as prose', () => {
    expect(citedIds('buttons *Open in Tickets* (`host.openTab(…)`, K5),', true)).toEqual(['K5']);
    expect(citedIds('- K4: a new ticket', true)).toEqual(['K4']);
  });

  it.each([
    '// C0 and C1 controls (CR, LF, NUL...)',
    "filename*=UTF-8''%C3%9A%C4%8Dtenka%20%281%29.png",
    'const first = await load(V1);',
    'await build(dir, V2, V1);',
    '<path d="M8 1.8 9.9 6l4.4.4-3.3 3 1 4.4L8 11.5l-4 2.3 1-4.4-3.3-3L6.1 6z" />',
    "['BT', '/F1 14 Tf', '72 760 Td']",
    '/** Another store such as an S3 bucket. */',
    'new Date(`${day}T00:00:00Z`)',
    '// the hash (A12345) of a file',
    '  F1: the help key,',
  ])('finds no ID in %s', (line) => {
    expect(citedIds(line)).toEqual([]);
  });
});

describe(REQUIREMENTS, () => {
  const defined = definedIds(readFileSync(join(ROOT, REQUIREMENTS), 'utf8'));

  it('defines each ID once', () => {
    expect(defined.filter((id, index) => defined.indexOf(id) !== index)).toEqual([]);
  });

  it('defines every ID the repository cites', () => {
    const known = new Set(defined);
    const undefinedCitations = scannedFiles().flatMap((file) => {
      const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
      const markdown = /\.md(\.tmpl)?$/.test(file);
      return lines.flatMap((line, index) =>
        citedIds(line, markdown)
          .filter((id) => !known.has(id))
          .map((id) => `${id} in ${file}:${index + 1}`),
      );
    });
    expect(undefinedCitations).toEqual([]);
  });
});
