import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import proxy from '@fastify/http-proxy';
import fastifyStatic from '@fastify/static';
import { CONNECT_ORIGIN_PATTERN, frameOriginProblem, type ConnectOriginList, type FrameOriginList } from '@switchboard/contracts';
import { traceRequests, tracingEnabled } from '@switchboard/service-kit';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawServerBase,
  type RouteGenericInterface,
} from 'fastify';
import { failureCode, isConnectionFailure, mayRetry, ReplicaSet } from './balancer';
import { REPLAY_LIMIT, ReplayableBody } from './replayable-body';
import { addCompression, cacheControlFor } from './static-files';

/** What the gateway serves. */
export interface GatewayOptions {
  /** The built shell (index.html and its assets). */
  shellDir: string;
  /**
   * Upstream base URL of each service by name, or the URLs of its replicas; `/api/<name>/*` goes
   * there with the prefix stripped, round-robin over replicas that answer (balancer.ts).
   */
  services: Record<string, string | readonly string[]>;
  /** Origin of the widget CDN, allowed as a script source. */
  widgetOrigin: string;
  /**
   * Also allow scripts and fetches from any loopback port, so a developer's widget dev server
   * can be loaded through the per-browser dev override: only on pages of a browser that stored
   * one (`devOverrideNames`). For a local platform only.
   */
  allowLoopbackDevServers?: boolean;
  /** Origins (`https://orders.example`) the shell may frame: the Page-in-page widget's sites (P1), added to `frame-src`. */
  frameOrigins?: readonly string[];
  /**
   * The registry's allowlist of Page-in-page sites (`<registry>/frame-origins`): read on every
   * page load and added to `frame-src` beside `frameOrigins`; when it does not answer within a
   * second, the last list it gave stands.
   */
  frameOriginsUrl?: string;
  /**
   * The registry's approved `connect` origins of the active widgets (`<registry>/connect-origins`):
   * read on every page load like `frameOriginsUrl` and added to `connect-src`, so a sandboxed
   * widget (whose document inherits the page's policy) can call its approved own backend.
   */
  connectOriginsUrl?: string;
  /** How long a replica that failed a connection is skipped, in ms (default `REPLICA_REST_MS`, 5 s). */
  replicaRestMs?: number;
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
 * `frameOrigins` (the sites an admin allowed for Page-in-page) are added to `frame-src`, and
 * `connectOrigins` (the widgets' own backends an admin approved) to `connect-src`.
 */
export function htmlSecurityHeaders(
  widgetOrigin: string,
  allowLoopbackDevServers = false,
  frameOrigins: readonly string[] = [],
  connectOrigins: readonly string[] = [],
): Record<string, string> {
  const code = allowLoopbackDevServers ? `${widgetOrigin} http://127.0.0.1:* http://localhost:*` : widgetOrigin;
  const notOrigin = frameOrigins.find((o) => !/^https?:\/\//.test(o) || URL.canParse(o) === false || new URL(o).origin !== o);
  if (notOrigin !== undefined) throw new Error(`Not an http(s) origin to frame: ${JSON.stringify(notOrigin)}`);
  const notConnect = connectOrigins.find((o) => !CONNECT_ORIGIN.test(o));
  if (notConnect !== undefined) throw new Error(`Not an https origin to connect to: ${JSON.stringify(notConnect)}`);
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${code}`,
    `connect-src 'self' ${[code, ...connectOrigins].join(' ')}`,
    `img-src 'self' data: blob: ${widgetOrigin}`,
    `font-src 'self' ${widgetOrigin}`,
    // Lit and single-spa set inline styles; constructable style sheets are not governed by CSP.
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(frameOrigins.length ? [`frame-src 'self' ${frameOrigins.join(' ')}`] : []),
  ].join('; ');
  return { 'content-security-policy': csp, 'x-frame-options': 'DENY' };
}

const CONNECT_ORIGIN = new RegExp(CONNECT_ORIGIN_PATTERN);

/** The origins of the registry's Page-in-page allowlist that are https origins. */
const frameOriginsOf = (body: unknown) =>
  (body as FrameOriginList).items.map((item) => item.origin).filter((origin) => frameOriginProblem(origin) === null);
/** The registry's approved connect origins that follow the manifest's rule. */
const connectOriginsOf = (body: unknown) => (body as ConnectOriginList).origins.filter((origin) => CONNECT_ORIGIN.test(origin));

/** A list of origins the registry keeps, as last read: only valid ones (`originsOf`), whatever it answered. */
function allowlistReader(url: string | undefined, originsOf: (body: unknown) => string[]) {
  let last: string[] = [];
  return {
    current: () => last,
    async refresh(): Promise<void> {
      if (!url) return;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
        if (!response.ok) return;
        last = originsOf(await response.json());
      } catch {
        // The registry is away: the last list stands.
      }
    },
  };
}

/** The replica each proxied request went to last. */
const replicaOf = new WeakMap<FastifyRequest, string>();

/** Where `/api/<name>/...` went (the replica asked last), with the prefix stripped; null for no service. */
function upstreamOf(request: FastifyRequest): URL | null {
  const match = /^\/api\/([^/?]+)(.*)$/.exec(request.url);
  const base = replicaOf.get(request);
  return base && match ? new URL(match[2] || '/', base) : null;
}

/** The body of each proxied request, to stream again to another replica. */
const replayOf = new WeakMap<FastifyRequest, ReplayableBody>();

/** The request streams a body. */
const hasBody = (request: FastifyRequest) => Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;

/** Gives the request its body again for another replica; false when that cannot be done (too big to keep). */
function bodyAgain(request: FastifyRequest): boolean {
  if (!hasBody(request)) return true;
  const again = replayOf.get(request)?.again();
  if (!again) return false;
  (request as unknown as { body: Readable }).body = again;
  return true;
}

/**
 * Proxies to the next replica in turn. One that fails the connection rests (skipped for a while),
 * and the request goes to another replica that was not tried yet when that is safe (`mayRetry`);
 * else the failure reaches the error handler (502).
 */
function proxyToReplica(
  replicas: ReplicaSet,
  log: ((line: string) => void) | undefined,
  request: FastifyRequest,
  reply: FastifyReply<RouteGenericInterface, RawServerBase>,
  dest: string,
  replyOptions: Parameters<FastifyReply['from']>[1],
  tried: readonly string[] = [],
): void {
  const replica = replicas.pick(tried)!;
  replicaOf.set(request, replica);
  reply.from(dest, {
    ...replyOptions,
    getUpstream: () => replica,
    onError: (failed, { error }) => {
      const code = failureCode(error);
      const others = [...tried, replica];
      const retry = mayRetry(request.method, code, hasBody(request)) && replicas.pick(others) !== undefined && bodyAgain(request);
      if (isConnectionFailure(code) && replicas.urls.length > 1) {
        replicas.rest(replica);
        log?.(`[gateway] ${request.method} ${request.url}: replica ${replica} failed (${code}), skipped for a while${retry ? '; retried on another' : ''}`);
      }
      if (retry) proxyToReplica(replicas, log, request, failed, dest, replyOptions, others);
      else failed.send(error);
    },
  });
}

/** The upload broke off because the service closed the connection while the gateway still sent the body. */
function brokenUpload(error: FastifyError, headers: IncomingHttpHeaders): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? error.code;
  return Number(headers['content-length']) > 0 && ['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(String(code));
}

const EARLY_ANSWER_WAIT_MS = 3000;

/**
 * A service refuses a body over its limit by the Content-Length alone (a 413) and closes the
 * connection while the body still comes; the gateway's write then fails, and the answer, though
 * sent, is lost with the connection about half the time. So the gateway asks again with the same
 * headers and no body bytes: the service gives the same early answer, which goes to the client.
 * A service that waits for the body instead (it did not answer early) gets none and is left.
 */
async function earlyAnswer(
  upstream: URL,
  method: string,
  headers: IncomingHttpHeaders,
  requestId: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer } | null> {
  const { host: _host, connection: _connection, ...rest } = headers;
  const request = httpRequest(upstream, { method, headers: { ...rest, 'x-request-id': requestId } });
  // The connection breaks when the service closes it or when the gateway gives up: expected here.
  request.on('error', () => undefined);
  request.flushHeaders();
  try {
    const [response] = (await Promise.race([
      once(request, 'response'),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no early answer')), EARLY_ANSWER_WAIT_MS).unref()),
    ])) as [IncomingMessage];
    if (!response.statusCode || response.statusCode >= 500) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    const { connection: _closing, 'transfer-encoding': _chunked, 'content-length': _length, ...answerHeaders } = response.headers;
    return { status: response.statusCode, headers: answerHeaders, body: Buffer.concat(chunks) };
  } catch {
    return null;
  } finally {
    request.destroy();
  }
}

/**
 * The cookie that tells the gateway which widgets this browser overrides. The overrides live in
 * the shell's localStorage, which the gateway cannot see; they are set and cleared only by a page
 * load of `/?override=<name>=<url>` (docs/integrators.md), which the gateway sees and mirrors here.
 */
export const DEV_OVERRIDES_COOKIE = 'sb-dev-overrides';
const WIDGET_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * The widgets a browser overrides, after the `override` parameters of the page it asks for:
 * `<name>=<url>` adds one, `<name>=` removes it. `cookie` is the Set-Cookie to send when that
 * changed the list, else null.
 */
export function devOverrideNames(url: string, cookieHeader: string | undefined): { names: string[]; cookie: string | null } {
  const stored = /(?:^|;\s*)sb-dev-overrides=([a-z0-9.-]*)/.exec(cookieHeader ?? '')?.[1] ?? '';
  const names = new Set(stored.split('.').filter((name) => WIDGET_NAME.test(name)));
  const before = [...names].join('.');
  for (const value of new URLSearchParams(url.split('?')[1] ?? '').getAll('override')) {
    const at = value.indexOf('=');
    const name = value.slice(0, at).trim();
    if (at < 0 || !WIDGET_NAME.test(name)) continue;
    if (value.slice(at + 1).trim() === '') names.delete(name);
    else names.add(name);
  }
  const after = [...names].join('.');
  if (after === before) return { names: [...names], cookie: null };
  const attributes = 'Path=/; SameSite=Strict; HttpOnly';
  return {
    names: [...names],
    cookie: after ? `${DEV_OVERRIDES_COOKIE}=${after}; ${attributes}; Max-Age=31536000` : `${DEV_OVERRIDES_COOKIE}=; ${attributes}; Max-Age=0`,
  };
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
  // A span per request when tracing is on (`startTracing`); the proxied call carries its context.
  traceRequests(app);
  const fixedFrameOrigins = options.frameOrigins ?? [];
  // Checked once at start: a wrong FRAME_ORIGINS stops the gateway rather than every page.
  htmlSecurityHeaders(options.widgetOrigin, false, fixedFrameOrigins);
  const allowlist = allowlistReader(options.frameOriginsUrl, frameOriginsOf);
  const approvedConnect = allowlistReader(options.connectOriginsUrl, connectOriginsOf);
  /** The page's headers: loopback dev servers allowed only on a local platform, for a browser with a dev override. */
  const htmlHeadersFor = (req: IncomingMessage | undefined): Record<string, string> => {
    const frameOrigins = [...new Set([...fixedFrameOrigins, ...allowlist.current()])];
    const connectOrigins = approvedConnect.current();
    const strictHtml = htmlSecurityHeaders(options.widgetOrigin, false, frameOrigins, connectOrigins);
    if (!options.allowLoopbackDevServers || !req) return strictHtml;
    const { names, cookie } = devOverrideNames(req.url ?? '/', req.headers.cookie);
    const headers = names.length ? htmlSecurityHeaders(options.widgetOrigin, true, frameOrigins, connectOrigins) : strictHtml;
    return { ...headers, ...(cookie ? { 'set-cookie': cookie } : {}) };
  };
  const isApi = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
  /** A request the shell's HTML may answer (a page load): the lists are read first, so a change applies on the next load. */
  const isPageLoad = (method: string, url: string) => {
    const path = url.split('?')[0]!;
    return (method === 'GET' || method === 'HEAD') && !isApi(path) && (extname(path) === '' || extname(path) === '.html');
  };
  app.addHook('onRequest', async (request) => {
    if (isPageLoad(request.method, request.url)) await Promise.all([allowlist.refresh(), approvedConnect.refresh()]);
  });

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
  // For a service with several replicas, a copy of the body's first MiB lets it go to another
  // replica when the first refuses (ReplayableBody); a single replica's requests keep no copy.
  const replicated = new Set(Object.entries(options.services).flatMap(([name, upstreams]) => (typeof upstreams !== 'string' && upstreams.length > 1 ? [name] : [])));
  const replayLimitOf = (url: string) => (replicated.has(url.split(/[/?]/)[2] ?? '') ? REPLAY_LIMIT : 0);
  app.addHook('preHandler', async (request) => {
    if (!isApi(request.url) || request.body !== request.raw) return;
    const body = new ReplayableBody(request.raw, replayLimitOf(request.url));
    replayOf.set(request, body);
    (request as unknown as { body: Readable }).body = body.stream;
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
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 500) return sendError(reply, status, error.code ?? 'BAD_REQUEST', error.message);
    const upstream = brokenUpload(error, request.headers) && upstreamOf(request);
    const early = upstream ? await earlyAnswer(upstream, request.method, request.headers, request.id) : null;
    if (early) return reply.status(early.status).headers(early.headers).send(early.body);
    // A browser that navigates away aborts its requests: not a failure worth a log line.
    if (!request.raw.destroyed) options.log?.(`[gateway] ${request.method} ${request.url} failed: ${error.message}`);
    return sendError(reply, 502, 'BAD_GATEWAY', 'The service behind this path is not answering');
  });

  await app.register(fastifyStatic, {
    root: options.shellDir,
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader('cache-control', cacheControlFor(path));
      if (extname(path) === '.html') {
        for (const [name, value] of Object.entries(htmlHeadersFor((res as { req?: IncomingMessage }).req))) res.setHeader(name, value);
      }
    },
  });

  for (const [name, upstreams] of Object.entries(options.services)) {
    const replicas = new ReplicaSet(typeof upstreams === 'string' ? [upstreams] : upstreams, options.replicaRestMs);
    await app.register(proxy, {
      // No fixed upstream: a fixed one would be the origin of every request (reply-from's `base`).
      upstream: '',
      prefix: `/api/${name}`,
      rewritePrefix: '',
      handler: (request, reply, dest, replyOptions) => proxyToReplica(replicas, options.log, request, reply, dest, replyOptions),
      replyOptions: {
        // Replaced per request by proxyToReplica; http-proxy wants one when there is no upstream.
        getUpstream: () => replicas.urls[0]!,
        // The gateway is the edge: the client's address replaces whatever X-Forwarded-For it claimed
        // (services trust it from loopback only, and rate-limit logins per address with it).
        // With tracing on, the client's trace context is the parent of the gateway's span, and the
        // upstream gets the gateway's (added to the outgoing request), not the client's as well.
        rewriteRequestHeaders: (request, headers) => {
          const upstreamHeaders: IncomingHttpHeaders = { ...headers, 'x-request-id': request.id, 'x-forwarded-for': request.ip };
          if (tracingEnabled()) {
            delete upstreamHeaders.traceparent;
            delete upstreamHeaders.tracestate;
          }
          return upstreamHeaders;
        },
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
