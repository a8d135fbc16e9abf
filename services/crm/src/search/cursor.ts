import { UUID_PATTERN } from '@switchboard/contracts';
import { invalidCursor } from '../errors';

/** Where a page ended: its last row's sort key and id, and how the list was searched. */
export interface CursorPosition {
  key: string;
  id: string;
  /** `name` (the query begins the name), `words` (word prefixes) or `inside` (anywhere in the text), for a search; absent otherwise. */
  mode?: 'name' | 'words' | 'inside';
}

/** The position as an opaque URL-safe string. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id, ...(position.mode ? [position.mode] : [])])).toString('base64url');
}

/** Reads a cursor back; throws INVALID_CURSOR for anything `encodeCursor` did not make. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && (value.length === 2 || value.length === 3)) {
      const [key, id, mode] = value as unknown[];
      const modeOk = mode === undefined || mode === 'name' || mode === 'words' || mode === 'inside';
      if (typeof key === 'string' && key.length <= 400 && !key.includes('\u0000') && typeof id === 'string' && UUID_PATTERN.test(id) && modeOk) {
        return { key, id, ...(mode ? { mode: mode as CursorPosition['mode'] } : {}) };
      }
    }
  } catch {
    // Not base64 JSON: answered below like any other foreign cursor.
  }
  throw invalidCursor();
}
