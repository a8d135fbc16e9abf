import { posix } from 'node:path';

/** Content types of the files a widget build holds; `nosniff` makes browsers trust them. */
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The content type of a build file by its extension; unknown ones are plain bytes. */
export function contentTypeOf(path: string): string {
  return TYPES[posix.extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Types a browser renders as a document; served sandboxed so they cannot run as the registry's origin. */
export function isDocumentType(contentType: string): boolean {
  return contentType.startsWith('text/html') || contentType.startsWith('image/svg+xml');
}
