import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ItemSetting, PublishedVersion } from '@switchboard/contracts';
import { createRegistryTestContext, TEST_ASSET_BASE, type RegistryTestContext } from './testing/registry-test-context';
import { multipartBody, widgetBuild, type BuildFile } from './testing/widget-build';

let ctx: RegistryTestContext;
/** Files the fixture server serves, by URL path. */
const served = new Map<string, Buffer>();
let server: Server;
let origin: string;

/** Redirects the fixture server answers, by URL path. */
const redirects = new Map<string, string>();
/** A server on an origin the registry may not fetch from, standing for an internal address. */
let internal: Server;
let internalOrigin: string;
const internalHits: string[] = [];
/** Allowed, but nothing listens there. */
const CLOSED_ORIGIN = 'http://127.0.0.1:9';

const listen = async (s: Server) => {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/hang/widget.json') return; // never answers
    const location = redirects.get(req.url ?? '');
    if (location) return res.writeHead(302, { location }).end();
    const body = served.get(req.url ?? '');
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/octet-stream' }).end(body ?? 'not here');
  });
  origin = await listen(server);
  internal = createServer((req, res) => {
    internalHits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"secret":true}');
  });
  internalOrigin = await listen(internal);
  ctx = await createRegistryTestContext({
    maxBuildFiles: 8,
    maxBuildBytes: 64 * 1024,
    fetchTimeoutMs: 500,
    fetchOrigins: [origin, `${CLOSED_ORIGIN}/`],
  });
});

afterAll(async () => {
  expect(ctx.serverErrors()).toEqual([]);
  for (const s of [server, internal]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
  await ctx?.close();
});

const put = async (name: string, version: string, files: BuildFile[], headers?: Record<string, string>) => {
  const body = multipartBody(files);
  return ctx.inject({
    method: 'PUT',
    url: `/widgets/${name}/versions/${version}`,
    payload: body.payload,
    headers: { ...body.headers, ...(headers ?? (await ctx.admin())) },
  });
};

describe('publishing an upload', () => {
  it('stores the build and answers 201 with the sha384 of the remote entry', async () => {
    const build = widgetBuild({ name: 'tickets', version: '1.0.0' });
    const res = await ctx.publish(build);
    expect(res.statusCode).toBe(201);
    const published = res.json<PublishedVersion>();
    const entry = build.files.find((f) => f.path === 'remoteEntry.js')!.content;
    expect(published).toMatchObject({
      name: 'tickets',
      version: '1.0.0',
      source: 'upload',
      integrity: `sha384-${createHash('sha384').update(entry).digest('base64')}`,
      entryUrl: `${TEST_ASSET_BASE}/assets/tickets/1.0.0/remoteEntry.js`,
      manifest: { name: 'tickets', version: '1.0.0', federationName: 'switchboard_tickets', entry: 'mf-manifest.json' },
      failures: { count: 0, lastReason: null, lastAt: null },
    });
    expect(published.integrity).toBe(build.integrity);
    expect(Date.parse(published.publishedAt)).not.toBeNaN();
  });

  it('refuses the same version again with 409 VERSION_EXISTS, even with other bytes', async () => {
    const res = await ctx.publish(widgetBuild({ name: 'tickets', version: '1.0.0' }));
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('VERSION_EXISTS');
  });

  it('settles two uploads of one new version racing each other: one 201, one 409', async () => {
    const [a, b] = await Promise.all([
      ctx.publish(widgetBuild({ name: 'tickets', version: '1.1.0' })),
      ctx.publish(widgetBuild({ name: 'tickets', version: '1.1.0' })),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().code).toBe('VERSION_EXISTS');
  });

  it('finds the entry through widget.json and mf-manifest.json in a subfolder', async () => {
    const build = widgetBuild({ name: 'calendar', version: '0.1.0', federationDir: 'mf' });
    const res = await ctx.publish(build);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ entryUrl: `${TEST_ASSET_BASE}/assets/calendar/0.1.0/mf/remoteEntry.js`, integrity: build.integrity });
  });

  it.each([
    ['no widget.json', widgetBuild({ name: 'kb', version: '1.0.0', omit: ['widget.json'] }).files],
    ['no federation manifest', widgetBuild({ name: 'kb', version: '1.0.0', omit: ['mf-manifest.json'] }).files],
    ['no remote entry', widgetBuild({ name: 'kb', version: '1.0.0', omit: ['remoteEntry.js'] }).files],
    ['another name in widget.json', widgetBuild({ name: 'kb', version: '1.0.0', manifest: { name: 'crm' } }).files],
    ['another version in widget.json', widgetBuild({ name: 'kb', version: '1.0.0', manifest: { version: '1.0.1' } }).files],
    ['a widget.json off the schema', widgetBuild({ name: 'kb', version: '1.0.0', manifest: { federationName: 'not-an-identifier' } }).files],
    ['an entry outside the build', widgetBuild({ name: 'kb', version: '1.0.0', manifest: { entry: '../mf-manifest.json' } }).files],
    ['an absolute entry URL', widgetBuild({ name: 'kb', version: '1.0.0', manifest: { entry: 'https://elsewhere.test/mf-manifest.json' } }).files],
    ['widget.json that is not JSON', [{ path: 'widget.json', content: Buffer.from('{ nope') }]],
  ])('refuses a build with %s: 400 INVALID_BUILD', async (_what, files) => {
    const res = await put('kb', '1.0.0', files);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('INVALID_BUILD');
  });

  it("keeps the https origins of the widget's own backend it declares (connect)", async () => {
    const connect = ['https://orders.example', 'https://api.parcels.example:8443'];
    const res = await ctx.publish(widgetBuild({ name: 'order-connect', version: '1.0.0', manifest: { connect } }));
    expect(res.statusCode).toBe(201);
    expect(res.json().manifest.connect).toEqual(connect);
  });

  it.each([
    ['plain http', 'http://orders.example'],
    ['a wildcard', 'https://*.orders.example'],
    ['a path', 'https://orders.example/api'],
    ['a trailing slash', 'https://orders.example/'],
    ['upper case', 'https://Orders.example'],
    ['a CSP keyword smuggled in', "https://orders.example 'unsafe-eval'"],
    ['credentials', 'https://user@orders.example'],
    ['no origin at all', '*'],
  ])('refuses a connect origin with %s: 400 INVALID_BUILD naming it', async (_what, origin) => {
    const res = await put('kb', '1.0.0', widgetBuild({ name: 'kb', version: '1.0.0', manifest: { connect: [origin] } }).files);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_BUILD', details: expect.arrayContaining([expect.objectContaining({ path: '/connect/0' })]) });
  });

  it('refuses more than 8 connect origins, or one twice: 400 INVALID_BUILD', async () => {
    const many = Array.from({ length: 9 }, (_, i) => `https://o${i}.example`);
    for (const connect of [many, ['https://orders.example', 'https://orders.example']]) {
      const res = await put('kb', '1.0.0', widgetBuild({ name: 'kb', version: '1.0.0', manifest: { connect } }).files);
      expect([res.statusCode, res.json().code]).toEqual([400, 'INVALID_BUILD']);
    }
  });

  it('keeps the layout-item settings a manifest declares', async () => {
    const settings: ItemSetting[] = [{ key: 'url', kind: 'url', label: { en: 'Page address', cs: 'Adresa stránky' } }];
    const res = await ctx.publish(widgetBuild({ name: 'order-frame', version: '1.0.0', manifest: { settings } }));
    expect(res.statusCode).toBe(201);
    expect(res.json().manifest.settings).toEqual(settings);
  });

  it.each([
    ['an unknown kind', [{ key: 'url', kind: 'html', label: { en: 'Address', cs: 'Adresa' } }], '/settings/0/kind'],
    ['a label without Czech', [{ key: 'url', kind: 'url', label: { en: 'Address' } }], '/settings/0/label/cs'],
    ['a key twice', [1, 2].map(() => ({ key: 'url', kind: 'url', label: { en: 'Address', cs: 'Adresa' } })), '/settings/1/key'],
  ])('refuses settings with %s: 400 INVALID_BUILD naming it', async (_what, settings, path) => {
    // Deliberately off the schema.
    const res = await put('kb', '1.0.0', widgetBuild({ name: 'kb', version: '1.0.0', manifest: { settings: settings as unknown as ItemSetting[] } }).files);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_BUILD', details: expect.arrayContaining([expect.objectContaining({ path })]) });
  });

  it.each(['../evil.js', '/etc/passwd', 'a/../../evil.js', 'a\\b.js', 'a/./b.js', 'a//b.js', 'nul\u0000.js'])(
    'refuses the file path %j: 400 INVALID_BUILD',
    async (bad) => {
      const files = [...widgetBuild({ name: 'kb', version: '1.0.0' }).files, { path: bad, content: Buffer.from('x') }];
      const res = await put('kb', '1.0.0', files);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('INVALID_BUILD');
    },
  );

  it('refuses a path sent twice and plain form fields', async () => {
    const files = widgetBuild({ name: 'kb', version: '1.0.0' }).files;
    expect((await put('kb', '1.0.0', [...files, files[0]])).json().code).toBe('INVALID_BUILD');
    const body = multipartBody(files, { note: 'hello' });
    const res = await ctx.inject({ method: 'PUT', url: '/widgets/kb/versions/1.0.0', payload: body.payload, headers: { ...body.headers, ...(await ctx.admin()) } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('INVALID_BUILD');
  });

  it('refuses too many files and too many bytes with 413', async () => {
    const files = widgetBuild({ name: 'kb', version: '1.0.0' }).files;
    const many = [...files, ...Array.from({ length: 8 }, (_, i) => ({ path: `extra-${i}.js`, content: Buffer.from('1') }))];
    const tooMany = await put('kb', '1.0.0', many);
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().code).toBe('PAYLOAD_TOO_LARGE');
    const big = await put('kb', '1.0.0', [...files, { path: 'big.bin', content: Buffer.alloc(64 * 1024) }]);
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('PAYLOAD_TOO_LARGE');
    // Nothing of the refused uploads was recorded: the version can still be published.
    expect((await put('kb', '1.0.0', files)).statusCode).toBe(201);
  });

  it('lets only admins publish (403) and only with a token (401)', async () => {
    const files = widgetBuild({ name: 'crm', version: '1.0.0' }).files;
    const agent = await put('crm', '1.0.0', files, await ctx.auth({ role: 'agent' }));
    expect(agent.statusCode).toBe(403);
    expect(agent.json().code).toBe('FORBIDDEN');
    const anonymous = await put('crm', '1.0.0', files, {});
    expect(anonymous.statusCode).toBe(401);
    const byUrl = await ctx.inject({
      method: 'PUT',
      url: '/widgets/crm/versions/1.0.0',
      body: { manifestUrl: 'http://127.0.0.1:9/widget.json' },
      headers: await ctx.auth({ role: 'agent' }),
    });
    expect(byUrl.statusCode).toBe(403);
  });

  it('validates the route and the JSON body', async () => {
    const admin = await ctx.admin();
    const badName = await put('Bad_Name', '1.0.0', widgetBuild({ name: 'kb', version: '1.0.0' }).files);
    expect(badName.statusCode).toBe(400);
    expect(badName.json().code).toBe('VALIDATION_FAILED');
    const badBody = await ctx.inject({ method: 'PUT', url: '/widgets/kb/versions/2.0.0', body: { url: 'x' }, headers: admin });
    expect(badBody.statusCode).toBe(400);
    expect(badBody.json().code).toBe('VALIDATION_FAILED');
    const text = await ctx.inject({ method: 'PUT', url: '/widgets/kb/versions/2.0.0', payload: 'hi', headers: { ...admin, 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    expect(text.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('registering a build by the URL of its widget.json', () => {
  const serve = (prefix: string, files: BuildFile[]) => {
    for (const file of files) served.set(`${prefix}/${file.path}`, file.content);
  };
  const register = async (name: string, version: string, manifestUrl: string) =>
    ctx.inject({ method: 'PUT', url: `/widgets/${name}/versions/${version}`, body: { manifestUrl }, headers: await ctx.admin() });

  it('fetches widget.json, the federation manifest and the entry, and records the entry integrity', async () => {
    const build = widgetBuild({ name: 'crm', version: '3.0.0', federationDir: 'mf' });
    serve('/cdn/crm/3.0.0', build.files);
    const res = await register('crm', '3.0.0', `${origin}/cdn/crm/3.0.0/widget.json`);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'crm',
      version: '3.0.0',
      source: 'url',
      entryUrl: `${origin}/cdn/crm/3.0.0/mf/remoteEntry.js`,
      integrity: build.integrity,
    });
    expect((await register('crm', '3.0.0', `${origin}/cdn/crm/3.0.0/widget.json`)).json().code).toBe('VERSION_EXISTS');
    // Registered builds are served from their own origin, not from the registry.
    expect((await ctx.inject({ url: '/assets/crm/3.0.0/widget.json' })).statusCode).toBe(404);
  });

  it('resolves the entry against an absolute publicPath', async () => {
    const build = widgetBuild({ name: 'crm', version: '3.1.0' });
    serve('/cdn/crm/3.1.0', build.files);
    const federation = JSON.parse(served.get('/cdn/crm/3.1.0/mf-manifest.json')!.toString());
    federation.metaData.publicPath = `${origin}/elsewhere/crm`;
    served.set('/cdn/crm/3.1.0/mf-manifest.json', Buffer.from(JSON.stringify(federation)));
    served.set('/elsewhere/crm/remoteEntry.js', build.files.find((f) => f.path === 'remoteEntry.js')!.content);
    const res = await register('crm', '3.1.0', `${origin}/cdn/crm/3.1.0/widget.json`);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ entryUrl: `${origin}/elsewhere/crm/remoteEntry.js`, integrity: build.integrity });
  });

  it.each([
    ['a widget.json that is not there', 'missing', undefined],
    ['a widget.json of another widget', 'other', (files: BuildFile[]) => files],
    ['a missing federation manifest', 'nomf', (files: BuildFile[]) => files.filter((f) => f.path !== 'mf-manifest.json')],
    ['a missing remote entry', 'noentry', (files: BuildFile[]) => files.filter((f) => f.path !== 'remoteEntry.js')],
  ])('refuses %s: 400 INVALID_BUILD', async (_what, prefix, pick) => {
    const name = prefix === 'other' ? 'templates' : 'crm';
    if (pick) serve(`/${prefix}`, pick(widgetBuild({ name, version: '4.0.0' }).files));
    const res = await register('crm', '4.0.0', `${origin}/${prefix}/widget.json`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('INVALID_BUILD');
  });

  it('gives up on a server that does not answer, and on one that is not there', async () => {
    const hang = await register('crm', '4.0.0', `${origin}/hang/widget.json`);
    expect(hang.statusCode).toBe(400);
    expect(hang.json()).toMatchObject({ code: 'INVALID_BUILD', message: expect.stringContaining('no answer within 500 ms') });
    const closed = await register('crm', '4.0.0', `${CLOSED_ORIGIN}/widget.json`);
    expect(closed.statusCode).toBe(400);
    expect(closed.json().code).toBe('INVALID_BUILD');
  });

  it('follows a redirect within the allowed origins', async () => {
    const build = widgetBuild({ name: 'crm', version: '5.0.0' });
    serve('/cdn/crm/5.0.0', build.files);
    redirects.set('/latest/crm/widget.json', `${origin}/cdn/crm/5.0.0/widget.json`);
    const res = await register('crm', '5.0.0', `${origin}/latest/crm/widget.json`);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ entryUrl: `${origin}/cdn/crm/5.0.0/remoteEntry.js`, integrity: build.integrity });
  });

  describe('never fetches from an origin the operator did not allow', () => {
    const refused = async (manifestUrl: string) => {
      const res = await register('crm', '6.0.0', manifestUrl);
      expect([res.statusCode, res.json().code]).toEqual([403, 'FETCH_ORIGIN_NOT_ALLOWED']);
      expect(internalHits).toEqual([]);
    };

    it('refuses a widget.json on another origin', async () => {
      await refused(`${internalOrigin}/widget.json`);
      await refused('http://169.254.169.254/latest/meta-data/widget.json');
    });

    it('refuses a redirect to another origin before following it', async () => {
      redirects.set('/moved/widget.json', `${internalOrigin}/admin/widget.json`);
      await refused(`${origin}/moved/widget.json`);
    });

    it('refuses a federation manifest or an entry on another origin', async () => {
      const build = widgetBuild({ name: 'crm', version: '6.0.0' });
      serve('/pointing-out', build.files);
      const widget = JSON.parse(served.get('/pointing-out/widget.json')!.toString());
      served.set('/pointing-out/widget.json', Buffer.from(JSON.stringify({ ...widget, entry: `${internalOrigin}/mf-manifest.json` })));
      await refused(`${origin}/pointing-out/widget.json`);

      serve('/public-path-out', build.files);
      const federation = JSON.parse(served.get('/public-path-out/mf-manifest.json')!.toString());
      federation.metaData.publicPath = `${internalOrigin}/`;
      served.set('/public-path-out/mf-manifest.json', Buffer.from(JSON.stringify(federation)));
      await refused(`${origin}/public-path-out/widget.json`);
    });

    it('registers nothing by URL when no origin is configured, as by default', async () => {
      const build = widgetBuild({ name: 'crm', version: '7.0.0' });
      serve('/cdn/crm/7.0.0', build.files);
      const locked = await ctx.replica({ fetchOrigins: undefined });
      const res = await locked.inject({
        method: 'PUT',
        url: '/widgets/crm/versions/7.0.0',
        body: { manifestUrl: `${origin}/cdn/crm/7.0.0/widget.json` },
        headers: await ctx.admin(),
      });
      expect([res.statusCode, res.json().code]).toEqual([403, 'FETCH_ORIGIN_NOT_ALLOWED']);
    });
  });
});

describe('GET /assets/:name/:version/*', () => {
  it('serves every stored file byte-exact, public, immutable, to any origin', async () => {
    const build = widgetBuild({ name: 'articles', version: '2.0.0', federationDir: 'mf' });
    expect((await ctx.publish(build)).statusCode).toBe(201);
    for (const file of build.files) {
      const res = await ctx.inject({ url: `/assets/articles/2.0.0/${file.path}` });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(file.content)).toBe(true);
      expect(res.headers).toMatchObject({
        'cache-control': 'public, max-age=31536000, immutable',
        'access-control-allow-origin': '*',
        'x-content-type-options': 'nosniff',
        'content-length': String(file.content.length),
      });
      const type = file.path.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'application/json; charset=utf-8';
      expect(res.headers['content-type']).toBe(type);
    }
  });

  it('answers 404 with a code for an unknown file, version or widget', async () => {
    for (const url of ['/assets/articles/2.0.0/nope.js', '/assets/articles/9.9.9/widget.json', '/assets/nobody/1.0.0/widget.json']) {
      const res = await ctx.inject({ url });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
  });
});
