import { sriOf } from './integrity';
import type { Federation, RemoteRegistration } from './federation';
import { pageWidget } from './page-widget.fixture';
import { toParcelConfig } from './parcel-config';
import { ticketsManifest } from './tickets-manifest.fixture';
import { WidgetLoadError } from './widget-load-error';
import { WidgetLoader, type ResolvedWidget, type WidgetSource } from './widget-loader';

const manifest = ticketsManifest;
const parcel = { bootstrap: async () => undefined, mount: async () => undefined, unmount: async () => undefined };

/** A recording stand-in for the Module Federation runtime. */
function fakeFederation(load: (id: string) => Promise<unknown>) {
  const registrations: Array<RemoteRegistration & { force?: boolean }> = [];
  const preloads: RemoteRegistration[] = [];
  const federation: Federation = {
    registerRemotes: (remotes, options) => remotes.forEach((r) => registrations.push({ ...r, force: options?.force })),
    loadRemote: load,
    preload: (remotes) => preloads.push(...remotes),
  };
  return { federation, registrations, preloads };
}

/** A federation whose first load fails with `message` (as a remote's script can); later loads give the parcel. */
function failingOnce(message: string) {
  let attempts = 0;
  return fakeFederation(async () => {
    attempts += 1;
    if (attempts === 1) throw new Error(message);
    return parcel;
  });
}

/** A fetch that answers by URL from a table (404 for anything else) and records the URLs asked for. */
function routes(table: Record<string, unknown>) {
  const asked: string[] = [];
  const impl = (async (input: RequestInfo | URL) => {
    const url = String(input);
    asked.push(url);
    if (!(url in table)) return new Response('{"code":"NOT_FOUND","message":"x"}', { status: 404 });
    const body = table[url];
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status: 200 });
  }) as unknown as typeof fetch;
  return { impl, asked };
}

async function failureOf(promise: Promise<unknown>): Promise<WidgetLoadError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  if (!(error instanceof WidgetLoadError)) throw error;
  return error;
}

const registry = (overrides = {}): WidgetSource => ({ kind: 'registry', widget: pageWidget(manifest, overrides) });
const resolved = (overrides: Partial<ResolvedWidget> = {}): ResolvedWidget => ({
  manifest,
  entryUrl: 'http://cdn.test/registry/assets/tickets/1.0.0/remoteEntry.js',
  integrity: 'sha384-published',
  ...overrides,
});

describe('WidgetLoader.resolve', () => {
  const { federation } = fakeFederation(async () => parcel);

  it('takes a registry widget as the composition gives it, without a request', async () => {
    const { impl, asked } = routes({});
    const widget = await new WidgetLoader({ federation, fetch: impl }).resolve(registry());
    expect(widget).toEqual(resolved());
    expect(asked).toEqual([]);
  });

  it('refuses a registry widget built for another host-contract major, naming its title', async () => {
    const error = await failureOf(new WidgetLoader({ federation }).resolve(registry({ manifest: { ...manifest, hostContract: '2.0.0' } })));
    expect(error.kind).toBe('contract');
    expect(error.params).toEqual({ widget: '2.0.0', host: '1.0.0' });
    expect(error.manifest?.title.en).toBe('Tickets');
  });

  describe('an override', () => {
    const override: WidgetSource = { kind: 'override', name: 'tickets', manifestUrl: 'http://127.0.0.1:5173/widget.json' };
    const mf = { metaData: { remoteEntry: { name: 'remoteEntry.js', path: '' }, publicPath: 'auto' } };

    it('reads widget.json, then the Module Federation manifest it names, and loads the entry beside it without integrity', async () => {
      const { impl, asked } = routes({ 'http://127.0.0.1:5173/widget.json': manifest, 'http://127.0.0.1:5173/mf-manifest.json': mf });
      const widget = await new WidgetLoader({ federation, fetch: impl }).resolve(override);
      expect(widget).toEqual({ manifest, entryUrl: 'http://127.0.0.1:5173/remoteEntry.js' });
      expect(asked).toEqual(['http://127.0.0.1:5173/widget.json', 'http://127.0.0.1:5173/mf-manifest.json']);
    });

    it('joins a remote entry path the way the federation runtime does', async () => {
      const nested = { metaData: { remoteEntry: { name: 'remoteEntry.js', path: './static/' }, publicPath: 'auto' } };
      const { impl } = routes({ 'http://127.0.0.1:5173/widget.json': manifest, 'http://127.0.0.1:5173/mf-manifest.json': nested });
      const widget = await new WidgetLoader({ federation, fetch: impl }).resolve(override);
      expect(widget.entryUrl).toBe('http://127.0.0.1:5173/static/remoteEntry.js');
    });

    it('reports a missing widget.json with its HTTP status', async () => {
      const { impl } = routes({});
      const error = await failureOf(new WidgetLoader({ federation, fetch: impl }).resolve(override));
      expect(error.kind).toBe('manifest-unavailable');
      expect(error.params.detail).toBe('HTTP 404');
    });

    it('refuses a manifest of another widget, one that is not JSON, and an entry on another origin', async () => {
      const other = routes({ 'http://127.0.0.1:5173/widget.json': { ...manifest, name: 'email' } });
      expect((await failureOf(new WidgetLoader({ federation, fetch: other.impl }).resolve(override))).kind).toBe('manifest-invalid');
      const html = routes({ 'http://127.0.0.1:5173/widget.json': '<html>' });
      expect((await failureOf(new WidgetLoader({ federation, fetch: html.impl }).resolve(override))).kind).toBe('manifest-invalid');
      const away = routes({
        'http://127.0.0.1:5173/widget.json': manifest,
        'http://127.0.0.1:5173/mf-manifest.json': { metaData: { remoteEntry: { name: 'remoteEntry.js', path: '' }, publicPath: 'https://evil.test/' } },
      });
      const error = await failureOf(new WidgetLoader({ federation, fetch: away.impl }).resolve(override));
      expect(error.kind).toBe('manifest-invalid');
      expect(error.params.detail).toContain('https://evil.test');
    });
  });
});

describe('WidgetLoader.preload', () => {
  it("hands the runtime each widget's remote, entry and integrity to preload, registering nothing", () => {
    const { federation, registrations, preloads } = fakeFederation(async () => parcel);
    new WidgetLoader({ federation }).preload([pageWidget(ticketsManifest)]);
    expect(preloads).toEqual([{ name: 'switchboard_tickets', entry: 'http://cdn.test/registry/assets/tickets/1.0.0/remoteEntry.js', integrity: 'sha384-published' }]);
    expect(registrations).toEqual([]);
  });
});

describe('WidgetLoader.loadParcel', () => {
  it('registers the remote entry with its integrity once and returns the default export', async () => {
    const loaded: string[] = [];
    const { federation, registrations } = fakeFederation(async (id) => {
      loaded.push(id);
      return { default: parcel };
    });
    const loader = new WidgetLoader({ federation });
    await expect(loader.loadParcel(resolved())).resolves.toBe(parcel);
    await loader.loadParcel(resolved());
    expect(registrations).toEqual([
      { name: 'switchboard_tickets', entry: 'http://cdn.test/registry/assets/tickets/1.0.0/remoteEntry.js', integrity: 'sha384-published', force: false },
    ]);
    expect(loaded).toEqual(['switchboard_tickets/widget', 'switchboard_tickets/widget']);
  });

  it('registers another entry of a remote that never ran with force, so the runtime fetches it', async () => {
    const { federation, registrations } = failingOnce('ScriptNetworkError');
    const loader = new WidgetLoader({ federation, fetch: routes({}).impl });
    await failureOf(loader.loadParcel(resolved()));
    await loader.loadParcel(resolved({ entryUrl: 'http://cdn.test/registry/assets/tickets/1.1.0/remoteEntry.js', integrity: 'sha384-next' }));
    expect(registrations.map((r) => [r.entry.split('/').at(-2), r.integrity, r.force])).toEqual([
      ['1.0.0', 'sha384-published', false],
      ['1.1.0', 'sha384-next', true],
    ]);
  });

  it('reloads the document for another build of a remote already running here, instead of mixing builds', async () => {
    const reload = jest.fn();
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { federation, registrations } = fakeFederation(async () => parcel);
    const loader = new WidgetLoader({ federation, reload });
    await loader.loadParcel(resolved());
    const next = loader.loadParcel(resolved({ entryUrl: 'http://cdn.test/registry/assets/tickets/1.1.0/remoteEntry.js' }));
    const settled = await Promise.race([next.then(() => 'settled'), new Promise((r) => setTimeout(() => r('pending'), 20))]);
    expect(settled).toBe('pending');
    expect(reload).toHaveBeenCalledTimes(1);
    expect(registrations).toHaveLength(1);
    jest.restoreAllMocks();
  });

  it('re-registers a remote that failed to load, so Retry fetches it again', async () => {
    const { federation, registrations } = failingOnce('ScriptExternalLoadError');
    const { impl } = routes({});
    const loader = new WidgetLoader({ federation, fetch: impl });
    const error = await failureOf(loader.loadParcel(resolved()));
    expect(error.kind).toBe('load');
    expect(error.params.detail).toBe('ScriptExternalLoadError');
    await expect(loader.loadParcel(resolved())).resolves.toBe(parcel);
    expect(registrations.map((r) => r.force)).toEqual([false, true]);
  });

  it('tells an integrity failure from a network one by fetching the entry again and comparing digests', async () => {
    const entryUrl = 'http://cdn.test/registry/assets/tickets/1.0.0/remoteEntry.js';
    const published = await sriOf(new TextEncoder().encode('published bytes').buffer as ArrayBuffer);
    const { federation } = fakeFederation(async () => Promise.reject(new Error('RUNTIME-008 Failed to load script')));
    const tampered = routes({ [entryUrl]: 'tampered bytes' });
    const error = await failureOf(new WidgetLoader({ federation, fetch: tampered.impl }).loadParcel(resolved({ integrity: published })));
    expect(error.kind).toBe('integrity');
    expect(tampered.asked).toEqual([entryUrl]);

    const intact = routes({ [entryUrl]: 'published bytes' });
    expect((await failureOf(new WidgetLoader({ federation, fetch: intact.impl }).loadParcel(resolved({ integrity: published })))).kind).toBe('load');
    const gone = routes({});
    expect((await failureOf(new WidgetLoader({ federation, fetch: gone.impl }).loadParcel(resolved({ integrity: published })))).kind).toBe('load');
  });

  it('re-registers a forgotten remote (after a timeout)', async () => {
    const { federation, registrations } = fakeFederation(async () => parcel);
    const loader = new WidgetLoader({ federation });
    await loader.loadParcel(resolved());
    loader.forget(manifest);
    await loader.loadParcel(resolved());
    expect(registrations.map((r) => r.force)).toEqual([false, true]);
  });

  it('reports an empty module as a load failure', async () => {
    const { federation } = fakeFederation(async () => null);
    expect((await failureOf(new WidgetLoader({ federation }).loadParcel(resolved()))).kind).toBe('load');
  });
});

describe('toParcelConfig', () => {
  it('accepts a parcel as default export or as the module itself, with lifecycle arrays', () => {
    expect(toParcelConfig({ default: parcel })).toBe(parcel);
    expect(toParcelConfig(parcel)).toBe(parcel);
    const arrays = { bootstrap: [parcel.bootstrap], mount: [parcel.mount], unmount: [parcel.unmount] };
    expect(toParcelConfig({ default: arrays })).toBe(arrays);
  });

  it.each([[{ default: {} }], [{ default: { mount: () => undefined } }], [42], [{ default: null }]])('refuses %p', (module) => {
    expect(() => toParcelConfig(module)).toThrow(WidgetLoadError);
  });
});
