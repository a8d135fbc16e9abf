import { ForeignKeyConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BlobStore } from '@switchboard/service-kit';
import { lockBlobs } from './blob-lock';

/** What one sweep did. */
export interface BlobSweepResult {
  /** Stored blobs looked at. */
  examined: number;
  /** Blobs removed, and their bytes. */
  removed: number;
  bytesFreed: number;
  /** Temp files of uploads that never finished, removed, and their bytes. */
  tempFilesRemoved: number;
  tempBytesFreed: number;
}

export interface BlobSweepOptions {
  /** Only files last written at least this long ago are removed: a fresh upload has no row yet. */
  graceMs: number;
  /** Stops the sweep between two files (the service is closing). */
  signal?: AbortSignal;
  /** Candidates one query checks for attachment rows (default 500). */
  batchSize?: number;
}

/** The blobs of `sha256s` that no attachment, raw inbound message or spooled message points at right now (a hint: checked again under the lock). */
async function unusedOf(em: EntityManager, sha256s: string[]): Promise<string[]> {
  const used = await em.execute<{ blob_sha256: string }[]>(
    `select blob_sha256 from mail.attachment where blob_sha256 in (?)
      union select raw_sha256 from mail.inbound_message where raw_sha256 in (?)
      union select raw_sha256 from mail.inbound_spool where raw_sha256 in (?)`,
    [sha256s, sha256s, sha256s],
  );
  const usedSet = new Set(used.map((row) => row.blob_sha256));
  return sha256s.filter((sha256) => !usedSet.has(sha256));
}

/**
 * Removes one blob if, under its lock, no attachment row points at it and its file was last
 * written no later than `cutoff`: the `mail.blob` row is deleted first, then the file, then the
 * transaction commits. Returns the bytes freed, or null when the blob stays.
 */
async function removeIfUnused(em: EntityManager, store: BlobStore, sha256: string, cutoff: Date): Promise<number | null> {
  try {
    return await em.transactional(async (tx) => {
      await lockBlobs(tx, [sha256]);
      const [row] = await tx.execute<{ used: boolean }[]>(
        `select exists (select 1 from mail.attachment where blob_sha256 = ?)
          or exists (select 1 from mail.inbound_message where raw_sha256 = ?)
          or exists (select 1 from mail.inbound_spool where raw_sha256 = ?) as used`,
        [sha256, sha256, sha256],
      );
      if (row.used) return null;
      const file = await store.stat(sha256);
      if (!file || file.modifiedAt > cutoff) return null;
      await tx.execute('delete from mail.blob where sha256 = ?', [sha256]);
      return (await store.remove(sha256)) ? file.size : null;
    });
  } catch (error) {
    // A row added without the blob lock (a forward) was committed after our check: in use.
    if (error instanceof ForeignKeyConstraintViolationException) return null;
    throw error;
  }
}

/**
 * Garbage-collects attachment bytes no email uses any more (decision 0006): every stored blob
 * last written at least `graceMs` ago that no `mail.attachment` row points at, and temp files
 * of uploads that crashed. Each blob is removed in its own transaction under its advisory lock
 * (`lockBlobs`), so sweeps of several replicas may run at once and remove each file once.
 */
export async function sweepBlobs(em: EntityManager, store: BlobStore, options: BlobSweepOptions): Promise<BlobSweepResult> {
  const { signal, batchSize = 500 } = options;
  const cutoff = new Date(Date.now() - options.graceMs);
  const result: BlobSweepResult = { examined: 0, removed: 0, bytesFreed: 0, tempFilesRemoved: 0, tempBytesFreed: 0 };
  const sweepBatch = async (batch: string[]) => {
    for (const sha256 of await unusedOf(em, batch)) {
      if (signal?.aborted) return;
      const freed = await removeIfUnused(em, store, sha256, cutoff);
      if (freed === null) continue;
      result.removed += 1;
      result.bytesFreed += freed;
    }
  };

  if (signal?.aborted) return result;
  const temp = await store.removeAbandonedUploads(cutoff);
  result.tempFilesRemoved = temp.files;
  result.tempBytesFreed = temp.bytes;
  let batch: string[] = [];
  for await (const file of store.list()) {
    if (signal?.aborted) return result;
    result.examined += 1;
    if (file.modifiedAt > cutoff) continue;
    batch.push(file.sha256);
    if (batch.length < batchSize) continue;
    await sweepBatch(batch);
    batch = [];
  }
  if (batch.length > 0) await sweepBatch(batch);
  return result;
}
