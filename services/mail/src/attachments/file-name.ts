/** Longest file name kept, in characters (code points). */
export const MAX_FILE_NAME_LENGTH = 200;

/** Used when nothing of the uploaded name survives. */
export const DEFAULT_FILE_NAME = 'attachment';

/** Longest tail kept as the extension when a long name is cut (`.tar.gz` counts as `.gz`). */
const MAX_EXTENSION_LENGTH = 16;

// C0 and C1 controls (CR, LF, NUL...), characters Windows refuses, and the bidirectional
// overrides that make `gpj.exe` look like `exe.jpg`.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f<>:"|?*\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const trimDotsAndSpaces = (value: string) => value.replace(/^[.\s]+|[.\s]+$/g, '');

/**
 * Makes an uploaded file name safe to store, show and put into a mail header: the base name
 * only (any `/` or `\` path is dropped), no control or Windows-reserved characters, whitespace
 * collapsed, no leading or trailing dots and spaces, at most 200 characters with the extension
 * kept; `attachment` when nothing is left.
 */
export function sanitizeFileName(raw: string | undefined): string {
  const base = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = trimDotsAndSpaces(base.replace(FORBIDDEN, '').replace(/\s+/g, ' '));
  const chars = Array.from(cleaned);
  if (chars.length <= MAX_FILE_NAME_LENGTH) return cleaned || DEFAULT_FILE_NAME;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(cleaned.slice(dot)) : [];
  const keep = extension.length > 1 && extension.length <= MAX_EXTENSION_LENGTH ? extension : [];
  const stem = trimDotsAndSpaces(chars.slice(0, MAX_FILE_NAME_LENGTH - keep.length).join(''));
  return stem ? stem + keep.join('') : DEFAULT_FILE_NAME;
}

const FORM_ESCAPES: Record<string, string> = { '%0a': '\n', '%0d': '\r', '%22': '"' };

/**
 * The file name of a multipart part as the user chose it: browsers write CR, LF and `"` in
 * `filename="…"` as `%0D`, `%0A` and `%22` (HTML standard), so those are turned back before
 * `sanitizeFileName` removes them properly.
 */
export function unescapeFormFileName(raw: string): string {
  return raw.replace(/%0a|%0d|%22/gi, (escape) => FORM_ESCAPES[escape.toLowerCase()]);
}

/** RFC 5987 encoding of a header parameter value (`filename*=UTF-8''…`). */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The Content-Disposition of a download: `attachment` (or `inline`) with an ASCII fallback
 * `filename` for old clients and the exact UTF-8 name in `filename*`.
 */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encodeExtValue(fileName)}`;
}
