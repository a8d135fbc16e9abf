import type { Readable } from 'node:stream';
import { BlobTooLargeError, type BlobStore, type StoredBlob } from '@switchboard/service-kit';
import { buildTooLarge, invalidBuild } from '../errors';
import { unsafeBuildPath } from './build-path';

/** One file of a build on its way in: its path under dist/ and its bytes. */
export interface IncomingFile {
  path: string;
  stream: Readable;
}

/** How big one build may be. */
export interface BuildLimits {
  /** Most files in one build. */
  maxFiles: number;
  /** Most bytes of all files together. */
  maxBytes: number;
}

/** The stored files of a build by path. */
export type StoredBuild = Map<string, StoredBlob>;

/**
 * Streams every file into the blob store, checking each path and the limits as it goes: an
 * unsafe or repeated path is 400 INVALID_BUILD, too many files or bytes 413.
 */
export async function storeBuildFiles(files: AsyncIterable<IncomingFile>, store: BlobStore, limits: BuildLimits): Promise<StoredBuild> {
  const stored: StoredBuild = new Map();
  let bytes = 0;
  for await (const file of files) {
    const unsafe = unsafeBuildPath(file.path);
    if (unsafe || stored.has(file.path)) {
      file.stream.resume();
      throw invalidBuild(unsafe ? `File path "${file.path}" ${unsafe}` : `File ${file.path} appears twice`);
    }
    if (stored.size >= limits.maxFiles) {
      file.stream.resume();
      throw buildTooLarge(`A build may have at most ${limits.maxFiles} files`);
    }
    try {
      const blob = await store.put(file.stream, { maxBytes: limits.maxBytes - bytes });
      bytes += blob.size;
      stored.set(file.path, blob);
    } catch (error) {
      if (error instanceof BlobTooLargeError) throw buildTooLarge(`A build may have at most ${limits.maxBytes} bytes`);
      throw error;
    }
  }
  return stored;
}
