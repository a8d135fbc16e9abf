import { createFileBlobStore, type BlobStore } from './blob-store';

/**
 * The blob store a process's environment asks for: `BLOB_STORE=s3://bucket/prefix` is S3 (see
 * `s3BlobStoreFromEnvironment` for the other S3_* variables); without it, files under
 * `fileDir()` (BLOB_DIR). The AWS SDK is loaded only when S3 is asked for: it adds ~130 ms to
 * the start of a process that never uses it.
 */
export async function blobStoreFromEnvironment(env: NodeJS.ProcessEnv, fileDir: () => string): Promise<BlobStore> {
  if (!env.BLOB_STORE) return createFileBlobStore(fileDir());
  const { s3BlobStoreFromEnvironment } = await import('./blob-store-s3');
  return s3BlobStoreFromEnvironment(env.BLOB_STORE, env);
}
