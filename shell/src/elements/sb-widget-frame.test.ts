import { HOST_CONTRACT_VERSION, type LayoutEntry, type WidgetManifest } from '@switchboard/contracts';
import type { ParcelConfigObject } from 'single-spa';
import { EventBus } from '../widgets/event-bus';
import { createHostApi } from '../widgets/host-api';
import { PageContext } from '../widgets/page-context';
import { WidgetLoadError } from '../widgets/widget-load-error';
import type { WidgetLoader } from '../widgets/widget-loader';
import './sb-widget-frame';
import type { SbWidgetFrame, WidgetFrameRuntime, WidgetSettledDetail } from './sb-widget-frame';

const entry: LayoutEntry = { widget: 'probe', manifestUrl: 'http://cdn.test/probe/widget.json' };
const manifest: WidgetManifest = {
  name: 'probe',
  version: '1.0.0',
  federationName: 'switchboard_probe',
  entry: 'mf-manifest.json',
  exposedModule: './widget',
  mandatory: false,
  hostContract: HOST_CONTRACT_VERSION,
  service: 'tickets',
  title: { en: 'Probe', cs: 'Sonda' },
};

/** A parcel that renders the emailId it got from the host, or throws on mount when told to. */
function probeParcel(behaviour: { throwOnMount?: boolean } = {}) {
  const calls: string[] = [];
  const parcel: ParcelConfigObject = {
    bootstrap: async () => undefined,
    mount: async (props) => {
      calls.push('mount');
      if (behaviour.throwOnMount) throw new Error('boom on mount');
      const p = document.createElement('p');
      p.textContent = `mounted for ${props.host.context().emailId}`;
      (props.domElement as HTMLElement).append(p);
    },
    unmount: async (props) => {
      calls.push('unmount');
      (props.domElement as HTMLElement).replaceChildren();
    },
  };
  return { parcel, calls };
}

function runtime(loader: Partial<WidgetLoader>): WidgetFrameRuntime {
  const bus = new EventBus();
  const context = new PageContext(bus, { user: { id: 'u', name: 'U', locale: 'en' }, page: 'email-detail', emailId: 'e1' });
  return {
    loader: { loadManifest: async () => manifest, forget: () => undefined, ...loader } as WidgetLoader,
    ready: Promise.resolve(),
    createHost: (m) =>
      createHostApi({ manifest: m, bus, context, tokens: { getToken: async () => 't' }, openTab: () => undefined, navigate: () => undefined }),
  };
}

async function mountFrame(rt: WidgetFrameRuntime, timeoutMs?: number) {
  const settled: WidgetSettledDetail[] = [];
  const frame = document.createElement('sb-widget-frame') as SbWidgetFrame;
  frame.entry = entry;
  frame.runtime = rt;
  if (timeoutMs) frame.timeoutMs = timeoutMs;
  frame.addEventListener('sb-widget-settled', (e) => settled.push((e as CustomEvent<WidgetSettledDetail>).detail));
  document.body.append(frame);
  return { frame, settled };
}

const until = async (check: () => boolean, ms = 2000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

const shadow = (frame: SbWidgetFrame) => frame.shadowRoot as ShadowRoot;
const text = (frame: SbWidgetFrame) => shadow(frame).textContent?.replace(/\s+/g, ' ') ?? '';

beforeEach(() => {
  // Failures are logged for developers; keep the test output for real problems.
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  document.body.replaceChildren();
  performance.clearMarks();
  jest.restoreAllMocks();
});

describe('sb-widget-frame', () => {
  it('mounts the widget into a region named by its title and marks it ready', async () => {
    const { parcel } = probeParcel();
    const { frame, settled } = await mountFrame(runtime({ loadParcel: async () => parcel }));
    await until(() => settled.length === 1);

    expect(settled).toEqual([{ widget: 'probe', ok: true, first: true }]);
    expect(shadow(frame).querySelector('[role=region]')?.getAttribute('aria-label')).toBe('Probe');
    expect(text(frame)).toContain('mounted for e1');
    expect(performance.getEntriesByName('sb:widget-ready:probe')).toHaveLength(1);
  });

  it('shows an error tile with the reason when the manifest is missing, and nothing else breaks', async () => {
    const missing = new WidgetLoadError('manifest-unavailable', 'GET answered 404', { detail: 'HTTP 404' });
    const { frame, settled } = await mountFrame(runtime({ loadManifest: async () => Promise.reject(missing) }));
    await until(() => settled.length === 1);

    expect(settled[0]).toEqual({ widget: 'probe', ok: false, first: true });
    const alert = shadow(frame).querySelector('[role=alert]');
    expect(alert?.textContent?.replace(/\s+/g, ' ')).toContain('probe could not be loaded');
    expect(alert?.textContent).toContain('Its manifest is not available (HTTP 404).');
    expect(performance.getEntriesByName('sb:widget-ready:probe')).toHaveLength(0);
  });

  it('turns a mount that throws into an error tile, and Retry mounts again', async () => {
    const behaviour = { throwOnMount: true };
    const { parcel, calls } = probeParcel(behaviour);
    const { frame, settled } = await mountFrame(runtime({ loadParcel: async () => parcel }));
    await until(() => settled.length === 1);
    expect(text(frame)).toContain('Probe could not be loaded');
    expect(text(frame)).toContain('It failed to start (boom on mount).');

    behaviour.throwOnMount = false;
    shadow(frame).querySelector('button')?.click();
    await until(() => settled.length === 2);

    expect(settled[1]).toEqual({ widget: 'probe', ok: true, first: false });
    expect(text(frame)).toContain('mounted for e1');
    expect(text(frame)).not.toContain('could not be loaded');
    expect(calls.filter((call) => call === 'mount')).toHaveLength(2);
  });

  it('gives up after the timeout and tells the loader to fetch the remote afresh next time', async () => {
    const forgotten: string[] = [];
    const { frame, settled } = await mountFrame(
      runtime({ loadParcel: () => new Promise<never>(() => undefined), forget: (m) => void forgotten.push(m.name) }),
      50,
    );
    await until(() => settled.length === 1);
    expect(settled[0].ok).toBe(false);
    expect(text(frame)).toContain('It did not load within 0 s.');
    expect(forgotten).toEqual(['probe']);
  });

  it('names a refused contract with the title of the refused manifest', async () => {
    const refused = new WidgetLoadError('contract', 'x', { widget: '2.0.0', host: '1.0.0' }, { ...manifest, hostContract: '2.0.0' });
    const { frame, settled } = await mountFrame(runtime({ loadManifest: async () => Promise.reject(refused) }));
    await until(() => settled.length === 1);
    expect(text(frame)).toContain('Probe could not be loaded');
    expect(text(frame)).toContain('It was built for host contract 2.0.0; this shell implements 1.0.0.');
  });

  it('unmounts the widget when the frame leaves the page', async () => {
    const { parcel, calls } = probeParcel();
    const { frame, settled } = await mountFrame(runtime({ loadParcel: async () => parcel }));
    await until(() => settled.length === 1);
    frame.remove();
    await until(() => calls.includes('unmount'));
    expect(calls).toEqual(['mount', 'unmount']);
    expect(console.error).not.toHaveBeenCalled();
  });
});
