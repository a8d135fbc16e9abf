import type { EntityManager } from '@mikro-orm/postgresql';
import type { BlobStore } from '@switchboard/service-kit';
import { attachmentRetry } from '../errors';

/**
 * First key of every blob lock: "blob" in ASCII. Blob locks use PostgreSQL's two-key advisory
 * locks (class id, object id), a space apart from the one-key locks such as the demo seed's.
 */
export const BLOB_LOCK_CLASS = 0x626c6f62;

/**
 * Second key of a blob's lock: the first 32 bits of its sha256, as the signed int4 PostgreSQL
 * takes. Two blobs that share them only wait for each other now and then.
 */
export function blobLockKey(sha256: string): number {
  return Number.parseInt(sha256.slice(0, 8), 16) | 0;
}

/**
 * Locks blobs until the transaction ends (`pg_advisory_xact_lock`). The sweep holds a blob's
 * lock while it checks that no attachment uses it and removes it; whoever adds attachment rows
 * over blobs holds their locks from before it checks that the bytes are still stored until its
 * rows are committed, so a row never points at removed bytes. Keys are taken in ascending order,
 * so two transactions locking several blobs cannot deadlock.
 */
export async function lockBlobs(em: EntityManager, sha256s: Iterable<string>): Promise<void> {
  const keys = [...new Set([...sha256s].map(blobLockKey))].sort((a, b) => a - b);
  for (const key of keys) await em.execute('select pg_advisory_xact_lock(?::int, ?::int)', [BLOB_LOCK_CLASS, key]);
}

/**
 * What every path that adds attachment rows over blobs does first (upload, choose from ticket,
 * forward): locks the blobs, then checks their bytes are still stored. A sweep that ran before
 * the lock may have removed them; then 503 ATTACHMENT_RETRY, and the transaction adds nothing.
 */
export async function lockStoredBlobs(em: EntityManager, store: BlobStore, sha256s: Iterable<string>): Promise<void> {
  const unique = new Set(sha256s);
  await lockBlobs(em, unique);
  for (const sha256 of unique) if (!(await store.has(sha256))) throw attachmentRetry();
}
