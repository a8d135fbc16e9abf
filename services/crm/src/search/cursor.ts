import { UUID_PATTERN } from '@switchboard/contracts';
import { invalidCursor } from '../errors';

/** The position after a page's last row: its sort key and id, as an opaque URL-safe string. */
export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

/** Reads a cursor back; throws INVALID_CURSOR for anything `encodeCursor` did not make. */
export function decodeCursor(cursor: string): { key: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && value[0].length <= 400 && !value[0].includes('\u0000')) {
      const [key, id] = value as [string, unknown];
      if (typeof id === 'string' && UUID_PATTERN.test(id)) return { key, id };
    }
  } catch {
    // Not base64 JSON: answered below like any other foreign cursor.
  }
  throw invalidCursor();
}
