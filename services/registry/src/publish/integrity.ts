import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** Subresource integrity (`sha384-<base64>`) of bytes, as a browser checks a script's `integrity`. */
export async function sha384Integrity(source: Buffer | Readable): Promise<string> {
  const hash = createHash('sha384');
  if (Buffer.isBuffer(source)) hash.update(source);
  else for await (const chunk of source) hash.update(chunk as Buffer);
  return `sha384-${hash.digest('base64')}`;
}
