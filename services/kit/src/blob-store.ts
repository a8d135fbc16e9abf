import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Thrown when a blob is longer than the bytes allowed for it; `put` keeps nothing then. */
export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`blob exceeds ${maxBytes} bytes`);
  }
}

/** Bytes in a blob store: their address and length. */
export interface StoredBlob {
  /** Hex sha256 of the bytes: the blob's address. */
  sha256: string;
  size: number;
}

/** What `put` stored, with its first bytes for content sniffing. */
export interface PutResult extends StoredBlob {
  /** The first 64 bytes (all of them when the blob is shorter). */
  head: Buffer;
}

/**
 * Files kept by their sha256, so equal files are stored once (decision 0006). The filesystem
 * store is the default; an object store can implement the same three calls.
 */
export interface BlobStore {
  /** Streams bytes in, never buffering the whole file; refuses more than `maxBytes`. */
  put(source: Readable, options: { maxBytes: number }): Promise<PutResult>;
  /** Streams a stored blob's bytes. */
  open(sha256: string): Readable;
  /** True when the blob's bytes are present. */
  has(sha256: string): Promise<boolean>;
}

/** How many leading bytes `put` returns as `head`. */
const HEAD_BYTES = 64;

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
      const headChunks: Buffer[] = [];
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          if (size < HEAD_BYTES) headChunks.push(chunk.subarray(0, HEAD_BYTES - size));
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

/** Reads a whole blob into memory (small files such as manifests); refuses more than `maxBytes`. */
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
