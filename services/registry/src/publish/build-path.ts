import { posix } from 'node:path';

/** Longest accepted path of a file inside a build. */
const MAX_PATH_LENGTH = 300;

/**
 * Why a file path from an upload is unsafe, or null when it is a plain relative path inside
 * dist/: no absolute path, no `.`/`..` or empty segments, no backslash, NUL or control character.
 */
export function unsafeBuildPath(path: string): string | null {
  if (path.length === 0 || path.length > MAX_PATH_LENGTH) return `must be 1-${MAX_PATH_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'must not contain control characters';
  if (path.includes('\\')) return 'must use forward slashes';
  if (path.startsWith('/')) return 'must be relative to dist/';
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return 'must not contain empty, "." or ".." segments';
  }
  return null;
}

/**
 * Resolves a reference found in one build file (e.g. widget.json's `entry`) to the path of
 * another file of the build; null when it is absolute, a URL, or leaves dist/.
 */
export function resolveBuildReference(fromFile: string, reference: string): string | null {
  if (reference === '' || reference.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(reference)) return null;
  const resolved = posix.normalize(posix.join(posix.dirname(fromFile), reference));
  return resolved.startsWith('../') || resolved === '..' || unsafeBuildPath(resolved) ? null : resolved;
}
