import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { freePort } from './free-port';
import { buildGateway, DEV_OVERRIDES_COOKIE, htmlSecurityHeaders } from './gateway';

const WIDGET_ORIGIN = 'http://127.0.0.1:65000';
const INDEX = '<!doctype html><title>shell</title>';
const BUNDLE = `console.log(${JSON.stringify('x'.repeat(5000))});`;

let shellDir: string;
let upstream: FastifyInstance;
let gateway: FastifyInstance;
let base: string;
const failures: string[] = [];

beforeAll(async () => {
  shellDir = await mkdtemp(join(tmpdir(), 'sb-shell-'));
  await writeFile(join(shellDir, 'index.html'), INDEX);
  await writeFile(join(shellDir, 'main.3f2a1b9c.js'), BUNDLE);
  await writeFile(join(shellDir, 'robots.txt'), 'User-agent: *');

  // A real upstream over real HTTP that tells what it received.
  upstream = Fastify();
  // Answers an upload before reading it, as the registry does for a version that exists.
  upstream.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
  upstream.put('/early-answer', async (_request, reply) => reply.status(409).send({ code: 'VERSION_EXISTS', message: 'exists' }));
  upstream.all('/*', async (request) => ({
    method: request.method,
    url: request.url,
    requestId: request.headers['x-request-id'] ?? null,
    forwardedFor: request.headers['x-forwarded-for'] ?? null,
    body: request.body ?? null,
  }));
  await upstream.listen({ port: 0, host: '127.0.0.1' });
  const address = upstream.server.address();
  const upstreamUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  gateway = await buildGateway({
    shellDir,
    widgetOrigin: WIDGET_ORIGIN,
    services: { identity: upstreamUrl, tickets: `http://127.0.0.1:${await freePort()}` },
    log: (line) => failures.push(line),
  });
  await gateway.listen({ port: 0, host: '127.0.0.1' });
  const gatewayAddress = gateway.server.address();
  base = `http://127.0.0.1:${typeof gatewayAddress === 'object' && gatewayAddress ? gatewayAddress.port : 0}`;
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  await rm(shellDir, { recursive: true, force: true });
});

function expectShellPage(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('cache-control')).toBe('no-cache');
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain(`script-src 'self' ${WIDGET_ORIGIN}`);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  // Widgets show inline images and attachments they fetched with their token as blob: URLs.
  expect(csp).toContain(`img-src 'self' data: blob: ${WIDGET_ORIGIN}`);
  expect(csp).not.toMatch(/frame-src|child-src/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('gateway: uploads answered early', () => {
  it('passes on an answer the service gives before reading the whole body, every time', async () => {
    const body = Buffer.alloc(4 * 1024 * 1024, 7);
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const res = await fetch(`${base}/api/identity/early-answer`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body,
      });
      expect(res.status).toBe(409);
      expect((await res.json()).code).toBe('VERSION_EXISTS');
    }
  });
});

describe('gateway: bodies over the service limit', () => {
  it("passes on the service's 413 for a JSON body just over its limit, every time", async () => {
    // The upstream, like every service, refuses bodies over 1 MiB by their Content-Length.
    const body = JSON.stringify({ text: 'x'.repeat(1024 * 1024) });
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const res = await fetch(`${base}/api/identity/anything`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect({ attempt, status: res.status }).toEqual({ attempt, status: 413 });
      expect((await res.json()).code).toBe('FST_ERR_CTP_BODY_TOO_LARGE');
    }
    expect(failures).toEqual([]);
  });
});

describe('gateway: loopback dev servers only while a dev override is stored (issue 12)', () => {
  let local: FastifyInstance;
  let localBase: string;
  const DEV = 'http://127.0.0.1:* http://localhost:*';
  const page = (url: string, cookie?: string) => fetch(`${localBase}${url}`, { headers: cookie ? { cookie } : {} });
  const csp = (res: Response) => res.headers.get('content-security-policy') ?? '';

  beforeAll(async () => {
    local = await buildGateway({ shellDir, widgetOrigin: WIDGET_ORIGIN, services: {}, allowLoopbackDevServers: true });
    await local.listen({ port: 0, host: '127.0.0.1' });
    const address = local.server.address();
    localBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => local?.close());

  it('keeps the strict policy on a local platform for a browser without an override', async () => {
    for (const url of ['/', '/tickets/42', '/?override=bad name=http://127.0.0.1:5173/widget.json']) {
      const res = await page(url);
      expect({ url, csp: csp(res) }).toEqual({ url, csp: htmlSecurityHeaders(WIDGET_ORIGIN)['content-security-policy'] });
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it('allows loopback dev servers from the page that sets an override on, and remembers it in a cookie', async () => {
    const set = await page('/?override=parcel-tracker=http://127.0.0.1:5173/widget.json');
    expect(csp(set)).toContain(`script-src 'self' ${WIDGET_ORIGIN} ${DEV}`);
    expect(csp(set)).toContain(`connect-src 'self' ${WIDGET_ORIGIN} ${DEV}`);
    const cookie = set.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${DEV_OVERRIDES_COOKIE}=parcel-tracker; Path=/; SameSite=Strict; HttpOnly; Max-Age=\\d+$`));
    const stored = cookie.split(';')[0];
    for (const url of ['/', '/emails/0b6f0a52-5d7c-4a7e-9d7c-1b9f3c1d2e4f']) {
      const res = await page(url, stored);
      expect({ url, dev: csp(res).includes(DEV) }).toEqual({ url, dev: true });
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    const cleared = await page('/?override=parcel-tracker=', stored);
    expect(csp(cleared)).not.toContain('127.0.0.1:*');
    expect(cleared.headers.get('set-cookie')).toMatch(new RegExp(`^${DEV_OVERRIDES_COOKIE}=; .*Max-Age=0$`));
  });

  it('never allows them off the local platform, cookie or not', async () => {
    const res = await fetch(`${base}/?override=parcel-tracker=http://127.0.0.1:5173/widget.json`, { headers: { cookie: `${DEV_OVERRIDES_COOKIE}=parcel-tracker` } });
    expect(csp(res)).not.toContain('127.0.0.1:*');
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe("gateway: the Page-in-page sites of the registry's allowlist (issue 11, P1)", () => {
  let registry: FastifyInstance;
  let withAllowlist: FastifyInstance;
  let pageBase: string;
  let listed: string[] = [];
  let approved: string[] = [];
  let reads = 0;
  const directive = (name: string) => async (url = '/') =>
    new RegExp(`${name} [^;]*`).exec((await fetch(`${pageBase}${url}`)).headers.get('content-security-policy') ?? '')?.[0] ?? '';
  const frameSrc = directive('frame-src');
  const connectSrc = directive('connect-src');
  const listen = async (app: FastifyInstance) => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  };

  beforeAll(async () => {
    registry = Fastify().get('/frame-origins', async () => {
      reads += 1;
      return { items: listed.map((origin) => ({ origin, addedAt: new Date().toISOString() })) };
    });
    registry.get('/connect-origins', async () => ({ origins: approved }));
    const registryUrl = await listen(registry);
    withAllowlist = await buildGateway({
      shellDir,
      widgetOrigin: WIDGET_ORIGIN,
      services: {},
      frameOrigins: ['http://127.0.0.1:9'],
      frameOriginsUrl: `${registryUrl}/frame-origins`,
      connectOriginsUrl: `${registryUrl}/connect-origins`,
    });
    pageBase = await listen(withAllowlist);
  });
  afterAll(async () => {
    await withAllowlist?.close();
    await registry?.close();
  });

  it("adds the registry's https origins to frame-src on the next page load, and nothing it should not", async () => {
    expect(await frameSrc()).toBe("frame-src 'self' http://127.0.0.1:9");
    listed = ['https://orders.example', 'http://plain.example', "https://x.example 'unsafe-inline'", 'https://*.example'];
    expect(await frameSrc('/emails/0b6f0a52-5d7c-4a7e-9d7c-1b9f3c1d2e4f')).toBe("frame-src 'self' http://127.0.0.1:9 https://orders.example");
    listed = ['https://status.example'];
    expect(await frameSrc()).toBe("frame-src 'self' http://127.0.0.1:9 https://status.example");
    const before = reads;
    expect((await fetch(`${pageBase}/main.3f2a1b9c.js`)).status).toBe(200);
    expect(reads).toBe(before);
  });

  it("adds the registry's approved connect origins to connect-src on the next page load, only https origins", async () => {
    expect(await connectSrc()).toBe(`connect-src 'self' ${WIDGET_ORIGIN}`);
    approved = ['https://orders.example', 'https://parcels.example:8443', 'http://plain.example', "https://x.example 'unsafe-eval'", 'https://*.example'];
    expect(await connectSrc()).toBe(`connect-src 'self' ${WIDGET_ORIGIN} https://orders.example https://parcels.example:8443`);
    approved = [];
    expect(await connectSrc()).toBe(`connect-src 'self' ${WIDGET_ORIGIN}`);
  });

  it('keeps the last lists while the registry is away', async () => {
    listed = ['https://orders.example'];
    approved = ['https://orders.example'];
    expect(await frameSrc()).toContain('https://orders.example');
    await registry.close();
    expect(await frameSrc()).toBe("frame-src 'self' http://127.0.0.1:9 https://orders.example");
    expect(await connectSrc()).toBe(`connect-src 'self' ${WIDGET_ORIGIN} https://orders.example`);
  });
});

describe('gateway: the shell', () => {
  it('lets loopback dev servers serve scripts only when told to (dev overrides)', () => {
    const strict = htmlSecurityHeaders(WIDGET_ORIGIN)['content-security-policy'];
    expect(strict).not.toContain('127.0.0.1:*');
    const dev = htmlSecurityHeaders(WIDGET_ORIGIN, true)['content-security-policy'];
    expect(dev).toContain(`script-src 'self' ${WIDGET_ORIGIN} http://127.0.0.1:* http://localhost:*`);
    expect(dev).toContain(`connect-src 'self' ${WIDGET_ORIGIN} http://127.0.0.1:* http://localhost:*`);
  });

  it('serves index.html at / with security headers and no-cache', async () => {
    const res = await fetch(`${base}/`);
    expectShellPage(res);
    expect(await res.text()).toBe(INDEX);
  });

  it.each(['/emails/0b6f0a52-5d7c-4a7e-9d7c-1b9f3c1d2e4f', '/tickets/42', '/settings'])(
    'answers the client route %s with index.html',
    async (path) => {
      const res = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
      expectShellPage(res);
      expect(await res.text()).toBe(INDEX);
    },
  );

  it('serves content-hashed bundles as immutable JavaScript, compressed when asked', async () => {
    const res = await fetch(`${base}/main.3f2a1b9c.js`, { headers: { 'accept-encoding': 'br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-security-policy')).toBeNull();
    // fetch decompresses on its own; the header shows what travelled.
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(await res.text()).toBe(BUNDLE);
  });

  it('sends brotli bytes that decode to the file', async () => {
    const res = await gateway.inject({ url: '/main.3f2a1b9c.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(BUNDLE);
    const plain = await gateway.inject({ url: '/main.3f2a1b9c.js', headers: { 'accept-encoding': 'br;q=0' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(BUNDLE);
  });

  it('answers a missing asset with a 404 JSON body instead of the page', async () => {
    const res = await fetch(`${base}/main.00000000.js`);
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe('NOT_FOUND');
  });
});

describe('gateway: /api', () => {
  it('proxies /api/<service>/* with the prefix stripped, keeping method, query and body', async () => {
    const res = await fetch(`${base}/api/identity/login?next=%2Femails`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'agent@demo.test' }),
    });
    expect(res.status).toBe(200);
    const seen = await res.json();
    expect(seen).toMatchObject({ method: 'POST', url: '/login?next=%2Femails', body: { email: 'agent@demo.test' } });
    expect(seen.requestId).toMatch(/^[\w-]+$/);
    expect(res.headers.get('x-request-id')).toBe(seen.requestId);
  });

  it("tells the service the client's address, replacing one the client claimed", async () => {
    const res = await fetch(`${base}/api/identity/me`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect((await res.json()).forwardedFor).toBe('127.0.0.1');
  });

  it('passes a caller-supplied x-request-id through to the service', async () => {
    const res = await fetch(`${base}/api/identity/me`, { headers: { 'x-request-id': 'trace-123' } });
    expect((await res.json()).requestId).toBe('trace-123');
    expect(res.headers.get('x-request-id')).toBe('trace-123');
  });

  it.each(['/api/nowhere/x', '/api/nowhere', '/api/', '/api'])('answers %s, which no service serves, with 404 JSON', async (path) => {
    const res = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await res.json()).code).toBe('NOT_FOUND');
  });

  it('answers 502 JSON when the service is down, and says so in the log', async () => {
    const res = await fetch(`${base}/api/tickets/tickets`);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ code: 'BAD_GATEWAY', message: expect.any(String) });
    expect(failures.some((line) => line.includes('/api/tickets/tickets'))).toBe(true);
  });
});
