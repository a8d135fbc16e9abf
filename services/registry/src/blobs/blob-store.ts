import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Thrown by `put` when a stream is longer than its byte budget; nothing is kept. */
export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
  }
}

/** Where a `put` landed. */
export interface StoredBlob {
  /** Hex sha256 of the bytes: the blob's address. */
  sha256: string;
  size: number;
}

/** Build files by content: equal files of different versions are kept once. */
export interface BlobStore {
  /** Streams bytes in, never buffering the whole file; refuses more than `maxBytes`. */
  put(source: Readable, options: { maxBytes: number }): Promise<StoredBlob>;
  /** Streams a stored blob's bytes. */
  open(sha256: string): Readable;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * A blob store in a directory, `<root>/<first two hex>/<sha256>`. Each put goes to a temp file
 * renamed into place, so a half-written file is never visible under its address, and two
 * uploads of the same bytes simply rename over each other.
 */
export function createFileBlobStore(root: string): BlobStore {
  const blobPath = (sha256: string) => {
    if (!SHA256_HEX.test(sha256)) throw new Error(`Not a sha256 digest: ${sha256}`);
    return path.join(root, sha256.slice(0, 2), sha256);
  };
  return {
    async put(source, { maxBytes }) {
      const tempDir = path.join(root, 'tmp');
      await mkdir(tempDir, { recursive: true });
      const tempPath = path.join(tempDir, randomUUID());
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          if (size > maxBytes) return callback(new BlobTooLargeError(maxBytes));
          hash.update(chunk);
          callback(null, chunk);
        },
      });
      try {
        await pipeline(source, meter, createWriteStream(tempPath));
        const sha256 = hash.digest('hex');
        await mkdir(path.dirname(blobPath(sha256)), { recursive: true });
        await rename(tempPath, blobPath(sha256));
        return { sha256, size };
      } catch (error) {
        await rm(tempPath, { force: true });
        throw error;
      }
    },
    open: (sha256) => createReadStream(blobPath(sha256)),
  };
}

/** Reads a whole blob into memory (small files: manifests); refuses more than `maxBytes`. */
export async function readBlob(store: BlobStore, sha256: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of store.open(sha256)) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BlobTooLargeError(maxBytes);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
