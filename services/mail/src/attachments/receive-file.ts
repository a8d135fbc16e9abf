import { pipeline, type Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { AppError, BlobTooLargeError, type BlobStore, type PutResult } from '@switchboard/service-kit';
import { attachmentsTooLarge, fileRequired, unsupportedMediaType } from '../errors';
import { sanitizeFileName, unescapeFormFileName } from './file-name';
import { imagesOnly, NotAnImageError } from './sniff';

/** The one file of an upload, already in the blob store. */
export interface ReceivedFile {
  blob: PutResult;
  /** The client's name for it, sanitized. */
  fileName: string;
}

/** The form field the file must come in. */
export const FILE_FIELD = 'file';

const ONE_FILE = `Send exactly one file part named "${FILE_FIELD}" and no other fields`;

/** Parser errors (too many parts, a broken body) become 400 FILE_REQUIRED; ours pass through. */
function formError(error: unknown): Error {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') return fileRequired(ONE_FILE);
  return fileRequired('The multipart body could not be read');
}

/**
 * Streams the request's single file part straight into the blob store, never holding it in
 * memory. More than `maxBytes` is 413 ATTACHMENTS_TOO_LARGE with nothing kept; with
 * `imagesOnly` anything but png/jpeg/gif/webp is 415 as soon as its first bytes arrive.
 * The caller must have checked `request.isMultipart()`.
 */
export async function receiveFile(
  request: FastifyRequest,
  store: BlobStore,
  options: { maxBytes: number; imagesOnly: boolean },
): Promise<ReceivedFile> {
  const parts = request.parts()[Symbol.asyncIterator]();
  const first = await parts.next().catch((error: unknown) => Promise.reject(formError(error)));
  if (first.done) throw fileRequired(ONE_FILE);
  const part = first.value;
  if (part.type !== 'file' || part.fieldname !== FILE_FIELD) {
    if (part.type === 'file') part.file.destroy();
    throw fileRequired(ONE_FILE);
  }

  const source: Readable = options.imagesOnly ? pipeline(part.file, imagesOnly(), () => {}) : part.file;
  let blob: PutResult;
  try {
    blob = await store.put(source, { maxBytes: Math.max(0, options.maxBytes) });
  } catch (error) {
    if (error instanceof BlobTooLargeError) throw attachmentsTooLarge();
    if (error instanceof NotAnImageError) throw unsupportedMediaType(error.message);
    // A broken body is reported by the parser too; anything else failed on our side (500).
    const parserError = await parts.next().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    throw parserError ? formError(parserError) : error;
  }

  const rest = await parts.next().catch((error: unknown) => Promise.reject(formError(error)));
  if (!rest.done) throw fileRequired(ONE_FILE);
  return { blob, fileName: sanitizeFileName(unescapeFormFileName(part.filename)) };
}

/**
 * After a refused upload, reads and drops the rest of the request body so the client gets
 * its answer instead of a reset connection, and the connection stays usable.
 */
export function discardRequestBody(request: FastifyRequest): void {
  request.raw.unpipe();
  request.raw.resume();
}
