import type { LayoutEntry } from '@switchboard/contracts';
import { ticketsManifest } from './tickets-manifest.fixture';
import type { Federation } from './federation';
import { WidgetLoadError } from './widget-load-error';
import { toParcelConfig, WidgetLoader } from './widget-loader';

const entry: LayoutEntry = { widget: 'tickets', manifestUrl: 'http://cdn.test/tickets/widget.json' };
const manifest = ticketsManifest;
const parcel = { bootstrap: async () => undefined, mount: async () => undefined, unmount: async () => undefined };

/** A recording stand-in for the Module Federation runtime. */
function fakeFederation(load: (id: string) => Promise<unknown>) {
  const registrations: Array<{ name: string; entry: string; force?: boolean }> = [];
  const federation: Federation = {
    registerRemotes: (remotes, options) => remotes.forEach((r) => registrations.push({ ...r, force: options?.force })),
    loadRemote: load,
  };
  return { federation, registrations };
}

function respond(status: number, body: unknown): typeof fetch {
  return (async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status })) as unknown as typeof fetch;
}

async function failureOf(promise: Promise<unknown>): Promise<WidgetLoadError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  if (!(error instanceof WidgetLoadError)) throw error;
  return error;
}

describe('WidgetLoader.loadManifest', () => {
  const { federation } = fakeFederation(async () => parcel);

  it('returns a valid manifest', async () => {
    const loader = new WidgetLoader({ federation, fetch: respond(200, manifest) });
    await expect(loader.loadManifest(entry)).resolves.toEqual(manifest);
  });

  it('reports a missing manifest with its HTTP status', async () => {
    const loader = new WidgetLoader({ federation, fetch: respond(404, { code: 'NOT_FOUND', message: 'x' }) });
    const error = await failureOf(loader.loadManifest(entry));
    expect(error.kind).toBe('manifest-unavailable');
    expect(error.params.detail).toBe('HTTP 404');
  });

  it('reports a network failure as unavailable', async () => {
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const error = await failureOf(new WidgetLoader({ federation, fetch: offline }).loadManifest(entry));
    expect(error.kind).toBe('manifest-unavailable');
    expect(error.params.detail).toBe('Failed to fetch');
  });

  it('refuses a body that is not JSON, not a manifest, or for another contract major', async () => {
    expect((await failureOf(new WidgetLoader({ federation, fetch: respond(200, '<html>') }).loadManifest(entry))).kind).toBe(
      'manifest-invalid',
    );
    expect((await failureOf(new WidgetLoader({ federation, fetch: respond(200, { name: 'tickets' }) }).loadManifest(entry))).kind).toBe(
      'manifest-invalid',
    );
    const future = { ...manifest, hostContract: '2.0.0' };
    expect((await failureOf(new WidgetLoader({ federation, fetch: respond(200, future) }).loadManifest(entry))).kind).toBe('contract');
  });
});

describe('WidgetLoader.loadParcel', () => {
  it('registers the remote at the entry resolved against the manifest URL and returns the default export', async () => {
    const loaded: string[] = [];
    const { federation, registrations } = fakeFederation(async (id) => {
      loaded.push(id);
      return { default: parcel };
    });
    const loader = new WidgetLoader({ federation });

    await expect(loader.loadParcel(manifest, entry)).resolves.toBe(parcel);
    await loader.loadParcel(manifest, entry);

    expect(registrations).toEqual([{ name: 'switchboard_tickets', entry: 'http://cdn.test/tickets/mf-manifest.json', force: false }]);
    expect(loaded).toEqual(['switchboard_tickets/widget', 'switchboard_tickets/widget']);
  });

  it('re-registers a remote that failed to load, so Retry fetches it again', async () => {
    let attempts = 0;
    const { federation, registrations } = fakeFederation(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('ScriptExternalLoadError');
      return parcel;
    });
    const loader = new WidgetLoader({ federation });

    const error = await failureOf(loader.loadParcel(manifest, entry));
    expect(error.kind).toBe('load');
    expect(error.params.detail).toBe('ScriptExternalLoadError');
    await expect(loader.loadParcel(manifest, entry)).resolves.toBe(parcel);
    expect(registrations.map((r) => r.force)).toEqual([false, true]);
  });

  it('re-registers a forgotten remote (after a timeout)', async () => {
    const { federation, registrations } = fakeFederation(async () => parcel);
    const loader = new WidgetLoader({ federation });
    await loader.loadParcel(manifest, entry);
    loader.forget(manifest);
    await loader.loadParcel(manifest, entry);
    expect(registrations.map((r) => r.force)).toEqual([false, true]);
  });

  it('refuses an entry on another origin than the manifest', async () => {
    const { federation, registrations } = fakeFederation(async () => parcel);
    const loader = new WidgetLoader({ federation });
    const error = await failureOf(loader.loadParcel({ ...manifest, entry: 'https://evil.test/mf-manifest.json' }, entry));
    expect(error.kind).toBe('manifest-invalid');
    expect(registrations).toEqual([]);
  });

  it('reports an empty module as a load failure', async () => {
    const { federation } = fakeFederation(async () => null);
    expect((await failureOf(new WidgetLoader({ federation }).loadParcel(manifest, entry))).kind).toBe('load');
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
