/** A shell route: a local absolute path, never another origin (`//evil.test`) or a script URL. */
export function shellPath(path: unknown): string {
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.includes('\\')) {
    throw new TypeError(`Not a shell route: ${String(path)}`);
  }
  return path;
}
