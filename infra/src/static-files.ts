import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Webpack's `[name].[contenthash:8].js`: a new build gets a new name, so caching forever is safe. */
const HASHED_NAME = /\.[0-9a-f]{8,}\.[a-z0-9]+(\.map)?$/i;

/** Cache-Control for a served file: immutable when its name carries a content hash, else revalidate. */
export function cacheControlFor(path: string): string {
  return HASHED_NAME.test(basename(path)) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|manifest\+json|xml)|image\/svg\+xml)/;
/** Below this, compression costs more than it saves. */
const MIN_COMPRESS_BYTES = 1024;

function addVary(reply: FastifyReply, header: string): void {
  const current = reply.getHeader('vary');
  const values = current === undefined ? [] : String(current).split(/\s*,\s*/);
  if (!values.some((v) => v.toLowerCase() === header || v === '*')) reply.header('vary', [...values, header].join(', '));
}

function pickEncoding(request: FastifyRequest): 'br' | 'gzip' | undefined {
  const accepted = new Set<string>();
  for (const token of String(request.headers['accept-encoding'] ?? '').toLowerCase().split(',')) {
    const [name, ...params] = token.split(';').map((part) => part.trim());
    const q = params.find((param) => param.startsWith('q='));
    if (name && (!q || Number(q.slice(2)) > 0)) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return undefined;
}

/**
 * Compresses text responses on the fly (brotli at a fast quality, else gzip), as the CDN and the
 * ingress in front of a real deployment would. `skip` exempts routes, e.g. proxied API calls.
 */
export function addCompression(app: FastifyInstance, skip: (request: FastifyRequest) => boolean = () => false): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200 || skip(request)) return payload;
    if (reply.getHeader('content-encoding') || !COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))) {
      return payload;
    }
    const length = Number(reply.getHeader('content-length') ?? (typeof payload === 'string' ? payload.length : NaN));
    if (length < MIN_COMPRESS_BYTES) return payload;
    addVary(reply, 'accept-encoding');
    const encoding = pickEncoding(request);
    if (!encoding) return payload;
    const compressor =
      encoding === 'br'
        ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
        : createGzip({ level: 6 });
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    if (payload instanceof Readable) {
      payload.on('error', (error) => compressor.destroy(error));
      return payload.pipe(compressor);
    }
    compressor.end(payload as string | Buffer);
    return compressor;
  });
}
