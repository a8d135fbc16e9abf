import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
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

/** A stored blob as `list` and `stat` see it. */
export interface BlobFile extends StoredBlob {
  /** When its bytes were last written: every `put` of the same content renews it. */
  modifiedAt: Date;
}

/** What `removeAbandonedUploads` deleted. */
export interface RemovedUploads {
  files: number;
  bytes: number;
}

/**
 * Files kept by their sha256, so equal files are stored once (decision 0006). The filesystem
 * store is the default; an object store can implement the same calls. Only an owner that
 * knows which blobs are still needed (mail's sweep) lists and removes; the registry never does.
 */
export interface BlobStore {
  /** Streams bytes in, never buffering the whole file; refuses more than `maxBytes`. */
  put(source: Readable, options: { maxBytes: number }): Promise<PutResult>;
  /** Stores bytes already in memory, as `put` does a stream, without a stream's work (many small blobs). */
  putBytes(bytes: Buffer, options: { maxBytes: number }): Promise<PutResult>;
  /** Streams a stored blob's bytes. */
  open(sha256: string): Readable;
  /** True when the blob's bytes are present. */
  has(sha256: string): Promise<boolean>;
  /** Every stored blob, in no particular order; uploads still being written are not listed. */
  list(): AsyncIterable<BlobFile>;
  /** The blob's size and last write, or null when it is not stored. */
  stat(sha256: string): Promise<BlobFile | null>;
  /** Deletes the blob's bytes; false when they were not there. The caller knows nothing needs them. */
  remove(sha256: string): Promise<boolean>;
  /** Deletes what uploads that never finished (a crash) left behind, last written no later than `cutoff`. */
  removeAbandonedUploads(cutoff: Date): Promise<RemovedUploads>;
}

/** How many leading bytes `put` returns as `head`. */
const HEAD_BYTES = 64;

/** A blob's name: its SHA-256 in lowercase hex. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A folder of the store that holds blobs: the first two hex digits of their sha256. */
const SHARD = /^[0-9a-f]{2}$/;

/** The path does not exist (ENOTDIR: a part of it is a file, not a folder). */
const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as { code?: string }).code ?? '');

/** The names in a folder; none when it does not exist (yet). */
async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/** Size and last write of a regular file, or null when it is gone (removed meanwhile) or not a file. */
async function fileInfo(file: string): Promise<{ size: number; modifiedAt: Date } | null> {
  try {
    const info = await lstat(file);
    return info.isFile() ? { size: info.size, modifiedAt: info.mtime } : null;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** Unlinks a file; false when it was already gone (another sweep was faster). */
async function unlinkIfPresent(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/**
 * Runs `act` on a path in `dir`, making `dir` (with its parents) only when `act` finds it
 * missing: a folder already made costs no `mkdir` call per file, and one removed meanwhile is
 * made again.
 */
async function inFolder<T>(dir: string, act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
    await mkdir(dir, { recursive: true });
    return act();
  }
}

/** Bytes written to a spool file, with what a store needs to keep them under their digest. */
export interface SpooledBlob {
  path: string;
  sha256: string;
  size: number;
  /** The first bytes, for sniffing the type. */
  head: Buffer;
}

/** What `putBytes` stores: the digest, size and head of bytes in memory; BlobTooLargeError past `maxBytes`. */
export function bytesToPut(bytes: Buffer, maxBytes: number): PutResult {
  if (bytes.length > maxBytes) throw new BlobTooLargeError(maxBytes);
  return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, head: Buffer.from(bytes.subarray(0, HEAD_BYTES)) };
}

/**
 * Writes `source` to a new file in `dir` while hashing and measuring it; past `maxBytes` it
 * rejects with BlobTooLargeError. On any failure the file is gone; on success the caller moves
 * or uploads it. Shared by every blob store.
 */
export async function spoolBlob(source: Readable, dir: string, maxBytes: number): Promise<SpooledBlob> {
  const spoolPath = path.join(dir, randomUUID());
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
  // Created before any byte flows: a stream that opened the file lazily could create it after
  // a failed upload's clean-up below had already run, leaving an orphan spool file.
  const file = await inFolder(dir, () => open(spoolPath, 'wx'));
  try {
    await pipeline(source, meter, file.createWriteStream());
  } catch (error) {
    await rm(spoolPath, { force: true });
    throw error;
  }
  return { path: spoolPath, sha256: hash.digest('hex'), size, head: Buffer.concat(headChunks) };
}

/**
 * A blob store in a directory, `<root>/<first two hex>/<sha256>`. Each put goes to a temp file
 * in `<root>/tmp` renamed into place, so a half-written file is never visible under its
 * address, and two uploads of the same bytes simply rename over each other (the file's
 * modification time is then the last put's).
 */
export function createFileBlobStore(root: string): BlobStore {
  const tempDir = path.join(root, 'tmp');
  const blobPath = (sha256: string) => {
    if (!SHA256_HEX.test(sha256)) throw new Error(`Not a sha256 digest: ${sha256}`);
    return path.join(root, sha256.slice(0, 2), sha256);
  };
  const stat = async (sha256: string): Promise<BlobFile | null> => {
    const info = await fileInfo(blobPath(sha256));
    return info && { sha256, ...info };
  };
  return {
    async put(source, { maxBytes }) {
      const spooled = await spoolBlob(source, tempDir, maxBytes);
      try {
        const target = blobPath(spooled.sha256);
        await inFolder(path.dirname(target), () => rename(spooled.path, target));
        return { sha256: spooled.sha256, size: spooled.size, head: spooled.head };
      } catch (error) {
        await rm(spooled.path, { force: true });
        throw error;
      }
    },
    async putBytes(bytes, { maxBytes }) {
      const put = bytesToPut(bytes, maxBytes);
      const tempPath = path.join(tempDir, randomUUID());
      try {
        await inFolder(tempDir, () => writeFile(tempPath, bytes, { flag: 'wx' }));
        const target = blobPath(put.sha256);
        await inFolder(path.dirname(target), () => rename(tempPath, target));
        return put;
      } catch (error) {
        await rm(tempPath, { force: true });
        throw error;
      }
    },
    open: (sha256) => createReadStream(blobPath(sha256)),
    async has(sha256) {
      return SHA256_HEX.test(sha256) && (await stat(sha256)) !== null;
    },
    async *list() {
      for (const shard of (await namesIn(root)).filter((name) => SHARD.test(name))) {
        for (const name of await namesIn(path.join(root, shard))) {
          if (!SHA256_HEX.test(name) || !name.startsWith(shard)) continue;
          const file = await stat(name);
          if (file) yield file;
        }
      }
    },
    stat,
    async remove(sha256) {
      return unlinkIfPresent(blobPath(sha256));
    },
    async removeAbandonedUploads(cutoff) {
      const removed: RemovedUploads = { files: 0, bytes: 0 };
      for (const name of await namesIn(tempDir)) {
        const file = path.join(tempDir, name);
        const info = await fileInfo(file);
        if (!info || info.modifiedAt > cutoff || !(await unlinkIfPresent(file))) continue;
        removed.files += 1;
        removed.bytes += info.size;
      }
      return removed;
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
