import { PassThrough } from 'node:stream';
import { AppError } from '@switchboard/service-kit';
import type { FastifyRequest } from 'fastify';
import { buildTooLarge, invalidBuild } from '../errors';
import type { BuildLimits, IncomingFile } from './store-build';

/** Errors @fastify/multipart raises when a limit is reached. */
const LIMIT_CODES = new Set(['FST_PARTS_LIMIT', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT', 'FST_REQ_FILE_TOO_LARGE']);

/** Turns a multipart parser error into a coded 4xx; ours pass through. */
function uploadError(error: unknown, limits: BuildLimits): Error {
  if (error instanceof AppError) return error;
  if (LIMIT_CODES.has((error as { code?: unknown }).code as string)) {
    return buildTooLarge(`A build may have at most ${limits.maxFiles} files and ${limits.maxBytes} bytes`);
  }
  return invalidBuild('The multipart body could not be read');
}

/**
 * The files of a multipart/form-data upload, one part per file, the part's filename being its
 * path under dist/ (the field name does not matter). A plain form field is refused. Errors of
 * the request stream reach the consumer as coded 4xx errors, never as 500s.
 */
export async function* multipartFiles(request: FastifyRequest, limits: BuildLimits): AsyncGenerator<IncomingFile> {
  const parts = request.parts()[Symbol.asyncIterator]();
  for (;;) {
    const next = await parts.next().catch((error: unknown) => Promise.reject(uploadError(error, limits)));
    if (next.done) return;
    const part = next.value;
    if (part.type !== 'file') throw invalidBuild(`Unexpected form field "${part.fieldname}": send only files`);
    const stream = new PassThrough();
    part.file.once('error', (error) => stream.destroy(uploadError(error, limits)));
    part.file.pipe(stream);
    yield { path: part.filename, stream };
    if (part.file.truncated) throw buildTooLarge(`A build may have at most ${limits.maxBytes} bytes`);
  }
}

/**
 * After a refused upload, reads and drops the rest of the body so the client gets the answer
 * instead of a reset connection.
 */
export function discardRequestBody(request: FastifyRequest): void {
  request.raw.unpipe();
  request.raw.resume();
}
