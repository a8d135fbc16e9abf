import { UUID_PATTERN } from '@switchboard/contracts';
import { invalidCursor } from '../errors';

/** Where a page of a search ends: its last row's sort key, `(updated_at, id)`. */
export interface SearchCursor {
  /**
   * The row's `updated_at` in UTC to the microsecond, as PostgreSQL stores it (`SORT_TIME` in
   * search-sql.ts): a JS Date keeps milliseconds only, and tickets updated within the same
   * millisecond would be skipped or repeated.
   */
  time: string;
  id: string;
}

/** `2026-12-06T10:16:17.123456Z`, as `SORT_TIME` writes it. */
const SORT_TIME_PATTERN = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The cursor as clients see it: base64url of the JSON `[time, id]`. */
export function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.time, cursor.id])).toString('base64url');
}

/** Whether `time` is a real UTC timestamp PostgreSQL accepts (no February 30th, no year 0). */
function isSortTime(time: unknown): time is string {
  if (typeof time !== 'string') return false;
  const match = SORT_TIME_PATTERN.exec(time);
  if (!match || Number(match[1]) < 1) return false;
  const date = new Date(0);
  date.setUTCFullYear(Number(time.slice(0, 4)), Number(time.slice(5, 7)) - 1, Number(time.slice(8, 10)));
  date.setUTCHours(Number(time.slice(11, 13)), Number(time.slice(14, 16)), Number(time.slice(17, 19)));
  return date.toISOString().slice(-24, -5) === time.slice(0, 19);
}

/**
 * The position a `cursor` names, or 400 INVALID_CURSOR: only what encodeCursor writes is accepted
 * (re-encoded, it must give the same text), so a malformed or edited cursor never reaches SQL.
 * It is not signed: a well-formed cursor, even one made by hand or another user's, is only a
 * position in the caller's own results, never a way to see more.
 */
export function decodeCursor(after: string): SearchCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(value) || value.length !== 2) throw invalidCursor();
  const [time, id] = value as unknown[];
  if (!isSortTime(time) || typeof id !== 'string' || !UUID_PATTERN.test(id)) throw invalidCursor();
  const cursor = { time, id };
  if (encodeCursor(cursor) !== after) throw invalidCursor();
  return cursor;
}
