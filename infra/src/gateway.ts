import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { extname } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import proxy from '@fastify/http-proxy';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { addCompression, cacheControlFor } from './static-files';

/** What the gateway serves. */
export interface GatewayOptions {
  /** The built shell (index.html and its assets). */
  shellDir: string;
  /** Upstream base URL of each service by name; `/api/<name>/*` goes there with the prefix stripped. */
  services: Record<string, string>;
  /** Origin of the widget CDN, allowed as a script source. */
  widgetOrigin: string;
  /**
   * Also allow scripts and fetches from any loopback port, so a developer's widget dev server
   * can be loaded through the per-browser dev override. For a local platform only.
   */
  allowLoopbackDevServers?: boolean;
  /** Receives one line per upstream failure. */
  log?: (line: string) => void;
}

/** Largest request body passed through; room for the email widget's 20 MB of attachments. */
const BODY_LIMIT = 25 * 1024 * 1024;

/**
 * Headers of the shell's HTML: widgets may run scripts only from here and the widget CDN. Images
 * may also be `blob:` URLs (inline images and attachments a widget fetched with its token).
 * Frames fall under default-src 'self'; an `<iframe sandbox srcdoc>` (the dev mail page) needs no
 * source, and its document inherits this policy, so a shown email can load no remote content.
 */
export function htmlSecurityHeaders(widgetOrigin: string, allowLoopbackDevServers = false): Record<string, string> {
  const code = allowLoopbackDevServers ? `${widgetOrigin} http://127.0.0.1:* http://localhost:*` : widgetOrigin;
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${code}`,
    `connect-src 'self' ${code}`,
    `img-src 'self' data: blob: ${widgetOrigin}`,
    `font-src 'self' ${widgetOrigin}`,
    // Lit and single-spa set inline styles; constructable style sheets are not governed by CSP.
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { 'content-security-policy': csp, 'x-frame-options': 'DENY' };
}

function sendError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.status(status).type('application/json').send({ code, message });
}

/**
 * The main origin: the shell with an SPA fallback (client routes such as `/emails/<id>` get
 * index.html) and `/api/<service>/*` proxied to each service, passing `x-request-id` on.
 */
export async function buildGateway(options: GatewayOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
  });
  const html = htmlSecurityHeaders(options.widgetOrigin, options.allowLoopbackDevServers);
  const isApi = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });
  addCompression(app, (request) => isApi(request.url));

  // A service may answer an upload before reading all of it (a 409 or 413). The proxy would then
  // drop the rest of the client's body and the connection with it, and the client would see a
  // reset (EPIPE) instead of the answer. So the body reaches the proxy through a PassThrough,
  // and what the service did not read is drained before the answer goes out.
  app.addHook('preHandler', async (request) => {
    if (!isApi(request.url) || request.body !== request.raw) return;
    const body = new PassThrough();
    request.raw.pipe(body);
    (request as unknown as { body: Readable }).body = body;
  });
  app.addHook('onSend', async (request, _reply, payload) => {
    const raw = request.raw;
    if (isApi(request.url) && !raw.complete && !raw.destroyed) {
      raw.unpipe();
      raw.resume();
      await Promise.race([once(raw, 'end'), once(raw, 'close')]).catch(() => undefined);
    }
    return payload;
  });

  // Before the proxies register: each copies the error handler in force at that moment.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 500) return sendError(reply, status, error.code ?? 'BAD_REQUEST', error.message);
    // A browser that navigates away aborts its requests: not a failure worth a log line.
    if (!request.raw.destroyed) options.log?.(`[gateway] ${request.method} ${request.url} failed: ${error.message}`);
    return sendError(reply, 502, 'BAD_GATEWAY', 'The service behind this path is not answering');
  });

  await app.register(fastifyStatic, {
    root: options.shellDir,
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader('cache-control', cacheControlFor(path));
      if (extname(path) === '.html') for (const [name, value] of Object.entries(html)) res.setHeader(name, value);
    },
  });

  for (const [name, upstream] of Object.entries(options.services)) {
    await app.register(proxy, {
      upstream,
      prefix: `/api/${name}`,
      rewritePrefix: '',
      replyOptions: {
        rewriteRequestHeaders: (request, headers) => ({ ...headers, 'x-request-id': request.id }),
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    if (isApi(path)) return sendError(reply, 404, 'NOT_FOUND', `No service serves ${path}`);
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      (extname(path) === '' || String(request.headers.accept ?? '').includes('text/html'));
    if (wantsPage) return reply.sendFile('index.html');
    return sendError(reply, 404, 'NOT_FOUND', `No file ${path}`);
  });

  return app;
}
