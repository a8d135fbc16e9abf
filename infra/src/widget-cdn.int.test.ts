import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildWidgetCdn, findBuiltWidgets } from './widget-cdn';

let root: string;
let cdn: FastifyInstance;
let origin: string;
const CHUNK = `export const x = ${JSON.stringify('y'.repeat(4000))};`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sb-cdn-'));
  const dist = join(root, 'widgets', 'tickets', 'dist');
  await mkdir(dist, { recursive: true });
  await mkdir(join(root, 'widgets', 'unbuilt', 'src'), { recursive: true });
  await writeFile(join(dist, 'widget.json'), JSON.stringify({ name: 'tickets' }));
  await writeFile(join(dist, 'mf-manifest.json'), JSON.stringify({ id: 'switchboard_tickets' }));
  await writeFile(join(dist, 'remoteEntry.js'), 'var switchboard_tickets;');
  await writeFile(join(dist, '412.8c1d2e3f.js'), CHUNK);
  const extra = join(root, 'fixture');
  await mkdir(extra);
  await writeFile(join(extra, 'widget.json'), JSON.stringify({ name: 'throwing' }));

  cdn = await buildWidgetCdn({ widgets: { ...findBuiltWidgets(root), throwing: extra } });
  await cdn.listen({ port: 0, host: '127.0.0.1' });
  const address = cdn.server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await cdn?.close();
  await rm(root, { recursive: true, force: true });
});

describe('widget CDN', () => {
  it('finds only widget folders that have a dist/', () => {
    expect(findBuiltWidgets(root)).toEqual({ tickets: join(root, 'widgets', 'tickets', 'dist') });
  });

  it.each([
    ['/tickets/widget.json', /^application\/json/, 'no-cache'],
    ['/tickets/mf-manifest.json', /^application\/json/, 'no-cache'],
    ['/tickets/remoteEntry.js', /^application\/javascript/, 'no-cache'],
    ['/tickets/412.8c1d2e3f.js', /^application\/javascript/, 'public, max-age=31536000, immutable'],
    ['/throwing/widget.json', /^application\/json/, 'no-cache'],
  ])('serves %s to any origin as %s with cache-control %s', async (path, type, cacheControl) => {
    const res = await fetch(`${origin}${path}`, { headers: { origin: 'http://127.0.0.1:1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-type')).toMatch(type);
    expect(res.headers.get('cache-control')).toBe(cacheControl);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('compresses chunks with gzip for clients without brotli', async () => {
    const res = await cdn.inject({ url: '/tickets/412.8c1d2e3f.js', headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.rawPayload.length).toBeLessThan(CHUNK.length / 10);
    const both = await cdn.inject({ url: '/tickets/412.8c1d2e3f.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(both.headers['content-encoding']).toBe('br');
  });

  it('answers unknown widgets and files with 404 JSON that a page on another origin can read', async () => {
    for (const path of ['/nothing/widget.json', '/tickets/nothing.js', '/tickets/', '/']) {
      const res = await fetch(`${origin}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect((await res.json()).code).toBe('NOT_FOUND');
    }
  });

  it('answers a CORS preflight', async () => {
    const res = await fetch(`${origin}/tickets/widget.json`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:1', 'access-control-request-method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('refuses a widget name that is not a URL segment', async () => {
    await expect(buildWidgetCdn({ widgets: { 'Bad/Name': root } })).rejects.toThrow(/not a lowercase URL segment/);
  });
});
