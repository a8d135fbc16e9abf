import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/** Thrown by `put` when the stream is longer than `maxBytes`; nothing is kept. */
export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`blob exceeds ${maxBytes} bytes`);
  }
}

/** What `put` stored. */
export interface StoredBlob {
  sha256: string;
  size: number;
  /** The first bytes, for content sniffing. */
  head: Buffer;
}

/**
 * Where attachment bytes live, addressed by their sha256 so equal files are kept once.
 * The filesystem store is the default; an object store can implement the same three calls.
 */
export interface BlobStore {
  /** Streams bytes in (never buffering the whole file); refuses more than `maxBytes`. */
  put(source: Readable, options: { maxBytes: number }): Promise<StoredBlob>;
  /** Streams the bytes of a stored blob. */
  open(sha256: string): Readable;
  /** True when the blob's bytes are present. */
  has(sha256: string): Promise<boolean>;
}

const HEAD_BYTES = 64;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A blob store in a directory: `<root>/<first two hex>/<sha256>`, written via a temp file and rename. */
export function createFileBlobStore(root: string): BlobStore {
  const blobPath = (sha256: string) => {
    if (!SHA256_HEX.test(sha256)) throw new Error('not a sha256 hex digest');
    return path.join(root, sha256.slice(0, 2), sha256);
  };
  return {
    async put(source, { maxBytes }) {
      await mkdir(path.join(root, 'tmp'), { recursive: true });
      const tempPath = path.join(root, 'tmp', randomUUID());
      const hash = createHash('sha256');
      let size = 0;
      const headChunks: Buffer[] = [];
      let headLength = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          if (size > maxBytes) return callback(new BlobTooLargeError(maxBytes));
          if (headLength < HEAD_BYTES) {
            headChunks.push(chunk.subarray(0, HEAD_BYTES - headLength));
            headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
          }
          hash.update(chunk);
          callback(null, chunk);
        },
      });
      try {
        await pipeline(source, meter, createWriteStream(tempPath));
        const sha256 = hash.digest('hex');
        await mkdir(path.dirname(blobPath(sha256)), { recursive: true });
        await rename(tempPath, blobPath(sha256));
        return { sha256, size, head: Buffer.concat(headChunks) };
      } catch (error) {
        await rm(tempPath, { force: true });
        throw error;
      }
    },
    open: (sha256) => createReadStream(blobPath(sha256)),
    async has(sha256) {
      try {
        return (await stat(blobPath(sha256))).isFile();
      } catch {
        return false;
      }
    },
  };
}
