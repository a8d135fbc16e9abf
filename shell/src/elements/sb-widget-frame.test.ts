import { HOST_CONTRACT_VERSION, type LoadFailureBody, type WidgetManifest } from '@switchboard/contracts';
import { queryDeep, textOf, waitFor } from '@switchboard/widget-sdk/testing';
import type { ParcelConfigObject } from 'single-spa';
import { EventBus } from '../widgets/event-bus';
import type { WidgetFrameRuntime } from '../widgets/frame-runtime';
import { createHostApi } from '../widgets/host-api';
import { PageContext } from '../widgets/page-context';
import { pageWidget } from '../widgets/page-widget.fixture';
import { WidgetLoadError } from '../widgets/widget-load-error';
import type { ResolvedWidget, WidgetLoader, WidgetSource } from '../widgets/widget-loader';
import { isolateElementTests } from './element-tests.fixture';
import type { LayoutMoveDetail, WidgetNameDetail } from './sb-frame-edit-bar';
import './sb-widget-frame';
import type { SbWidgetFrame, WidgetSettledDetail } from './sb-widget-frame';

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
const source: WidgetSource = { kind: 'registry', widget: pageWidget(manifest) };
const resolvedProbe: ResolvedWidget = { manifest, entryUrl: 'http://cdn.test/registry/assets/probe/1.0.0/remoteEntry.js', integrity: 'sha384-x' };

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

type LoaderPart = Partial<Pick<WidgetLoader, 'resolve' | 'loadParcel' | 'forget'>>;

function runtime(loader: LoaderPart, reports: Array<[string, string, LoadFailureBody]> = []): WidgetFrameRuntime {
  const bus = new EventBus();
  const context = new PageContext(bus, { user: { id: 'u', name: 'U', locale: 'en' }, page: 'email-detail', emailId: 'e1' });
  return {
    loader: { resolve: async () => resolvedProbe, loadParcel: async () => probeParcel().parcel, forget: () => undefined, ...loader },
    ready: Promise.resolve(),
    bridgeUrl: 'http://shell.test/sandbox-bridge.js',
    sandboxCss: () => '',
    report: (widget, version, body) => reports.push([widget, version, body]),
    createHost: (m) =>
      createHostApi({ manifest: m, bus, context, tokens: { getToken: async () => 't', getWidgetToken: async () => 'w' }, openTab: () => undefined, navigate: () => undefined }),
  };
}

async function mountFrame(rt: WidgetFrameRuntime, options: { timeoutMs?: number; source?: WidgetSource } = {}) {
  const settled: WidgetSettledDetail[] = [];
  const frame = document.createElement('sb-widget-frame') as SbWidgetFrame;
  frame.source = options.source ?? source;
  frame.runtime = rt;
  if (options.timeoutMs) frame.timeoutMs = options.timeoutMs;
  frame.addEventListener('sb-widget-settled', (e) => settled.push((e as CustomEvent<WidgetSettledDetail>).detail));
  document.body.append(frame);
  return { frame, settled };
}

const shadow = (frame: SbWidgetFrame) => frame.shadowRoot as ShadowRoot;
// The frame's edit bar is an element of its own: look into shadow roots below the frame's.
const text = (frame: SbWidgetFrame) => textOf(frame);
const button = (frame: SbWidgetFrame, name: string) =>
  queryDeep<HTMLButtonElement>(frame, 'button').find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name);

isolateElementTests();

describe('sb-widget-frame', () => {
  it('mounts the widget into a region named by its title and marks it ready', async () => {
    const { parcel } = probeParcel();
    const { frame, settled } = await mountFrame(runtime({ loadParcel: async () => parcel }));
    await waitFor(() => settled.length === 1);

    expect(settled).toEqual([{ widget: 'probe', ok: true, first: true }]);
    expect(shadow(frame).querySelector('[role=region]')?.getAttribute('aria-label')).toBe('Probe');
    expect(text(frame)).toContain('mounted for e1');
    expect(performance.getEntriesByName('sb:widget-ready:probe')).toHaveLength(1);
  });

  it('retries a failed load once before it shows the error tile, and reports only the final failure', async () => {
    const reports: Array<[string, string, LoadFailureBody]> = [];
    let loads = 0;
    const { parcel } = probeParcel();
    const flaky = await mountFrame(
      runtime({
        loadParcel: async () => {
          loads += 1;
          if (loads === 1) throw new WidgetLoadError('load', 'ScriptNetworkError', { detail: 'ScriptNetworkError' });
          return parcel;
        },
      }, reports),
    );
    await waitFor(() => flaky.settled.length === 1);
    expect(flaky.settled[0].ok).toBe(true);
    expect(loads).toBe(2);
    expect(reports).toEqual([]);

    const dead = await mountFrame(
      runtime({ loadParcel: async () => Promise.reject(new WidgetLoadError('load', 'ScriptNetworkError', { detail: 'ScriptNetworkError' })) }, reports),
    );
    await waitFor(() => dead.settled.length === 1);
    expect(text(dead.frame)).toContain('Its code failed to load (ScriptNetworkError).');
    expect(reports).toEqual([['probe', '1.0.0', { kind: 'mount', reason: 'ScriptNetworkError' }]]);
  });

  it('shows an integrity failure at once (no retry) and reports it as integrity', async () => {
    const reports: Array<[string, string, LoadFailureBody]> = [];
    let loads = 0;
    const { frame, settled } = await mountFrame(
      runtime({
        loadParcel: async () => {
          loads += 1;
          throw new WidgetLoadError('integrity', 'remoteEntry.js does not match its integrity');
        },
      }, reports),
    );
    await waitFor(() => settled.length === 1);
    expect(loads).toBe(1);
    expect(shadow(frame).querySelector('[role=alert]')?.textContent).toContain('failed its integrity check');
    expect(reports[0][2].kind).toBe('integrity');
  });

  it('turns a mount that throws into an error tile, and Retry mounts again', async () => {
    const behaviour = { throwOnMount: true };
    const { parcel, calls } = probeParcel(behaviour);
    const { frame, settled } = await mountFrame(runtime({ loadParcel: async () => parcel }));
    await waitFor(() => settled.length === 1);
    expect(text(frame)).toContain('Probe could not be loaded');
    expect(text(frame)).toContain('It failed to start (boom on mount).');
    expect(calls.filter((call) => call === 'mount')).toHaveLength(2);

    behaviour.throwOnMount = false;
    button(frame, 'Retry')?.click();
    await waitFor(() => settled.length === 2);

    expect(settled[1]).toEqual({ widget: 'probe', ok: true, first: false });
    expect(text(frame)).toContain('mounted for e1');
    expect(text(frame)).not.toContain('could not be loaded');
  });

  it('gives up after the timeout of each attempt, telling the loader to fetch the remote afresh', async () => {
    const forgotten: string[] = [];
    const reports: Array<[string, string, LoadFailureBody]> = [];
    const { frame, settled } = await mountFrame(
      runtime({ loadParcel: () => new Promise<never>(() => undefined), forget: (m) => void forgotten.push(m.name) }, reports),
      { timeoutMs: 50 },
    );
    await waitFor(() => settled.length === 1);
    expect(settled[0].ok).toBe(false);
    expect(text(frame)).toContain('It did not load within 0 s.');
    expect(forgotten).toEqual(['probe', 'probe']);
    expect(reports.map(([, , body]) => body.kind)).toEqual(['timeout']);
  });

  it('names a refused contract with the title of the refused manifest', async () => {
    const refused = new WidgetLoadError('contract', 'x', { widget: '2.0.0', host: '1.0.0' }, { ...manifest, hostContract: '2.0.0' });
    const { frame, settled } = await mountFrame(runtime({ resolve: async () => Promise.reject(refused) }));
    await waitFor(() => settled.length === 1);
    expect(text(frame)).toContain('Probe could not be loaded');
    expect(text(frame)).toContain('It was built for host contract 2.0.0; this shell implements 1.0.0.');
  });

  it('unmounts the widget when the frame leaves the page, but not when it only moves', async () => {
    const { parcel, calls } = probeParcel();
    const { frame, settled } = await mountFrame(runtime({ loadParcel: async () => parcel }));
    await waitFor(() => settled.length === 1);
    const other = document.createElement('div');
    document.body.prepend(other);
    document.body.insertBefore(frame, other);
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual(['mount']);
    expect(text(frame)).toContain('mounted for e1');

    frame.remove();
    await waitFor(() => calls.includes('unmount'));
    expect(calls).toEqual(['mount', 'unmount']);
    expect(console.error).not.toHaveBeenCalled();
  });

  it('reports an error the widget throws in use once per mount, and only for its own scripts', async () => {
    const reports: Array<[string, string, LoadFailureBody]> = [];
    const { frame, settled } = await mountFrame(runtime({}, reports));
    await waitFor(() => settled.length === 1);
    expect(frame.ownsScript('http://cdn.test/registry/assets/probe/1.0.0/123.abcd.js')).toBe(true);
    expect(frame.ownsScript('http://cdn.test/registry/assets/tickets/1.0.0/remoteEntry.js')).toBe(false);
    frame.runtimeError('TypeError: x is undefined');
    frame.runtimeError('TypeError: again');
    expect(reports).toEqual([['probe', '1.0.0', { kind: 'runtime', reason: 'TypeError: x is undefined' }]]);
  });

  describe('mounting when shown', () => {
    /** The browser's IntersectionObserver as far as the frame uses it (jsdom has none): `show()` scrolls the watched frames into view. */
    class ViewWatch {
      static watched: Array<{ target: Element; callback: IntersectionObserverCallback }> = [];
      constructor(private readonly callback: IntersectionObserverCallback) {}
      observe(target: Element) {
        ViewWatch.watched.push({ target, callback: this.callback });
      }
      disconnect() {
        ViewWatch.watched = ViewWatch.watched.filter((w) => w.callback !== this.callback);
      }
      static show() {
        for (const { target, callback } of ViewWatch.watched) callback([{ target, isIntersecting: true } as IntersectionObserverEntry], {} as IntersectionObserver);
      }
    }

    afterEach(() => {
      delete (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver;
      ViewWatch.watched = [];
    });

    it('mounts a frame below the fold once it comes near the window, and tells the page it waits', async () => {
      (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver = ViewWatch;
      const { parcel, calls } = probeParcel();
      const frame = document.createElement('sb-widget-frame') as SbWidgetFrame;
      Object.assign(frame, { source, runtime: runtime({ loadParcel: async () => parcel }), position: 3, count: 4 });
      frame.getBoundingClientRect = () => ({ top: window.innerHeight + 600, bottom: window.innerHeight + 900 }) as DOMRect;
      const deferred: WidgetNameDetail[] = [];
      frame.addEventListener('sb-widget-deferred', (e) => deferred.push((e as CustomEvent<WidgetNameDetail>).detail));
      document.body.append(frame);
      await frame.updateComplete;
      expect(deferred).toEqual([{ widget: 'probe' }]);
      expect(calls).toEqual([]);
      ViewWatch.show();
      await waitFor(() => calls.length === 1);
      expect(text(frame)).toContain('mounted for e1');
    });

    it('mounts a frame in view at once, without waiting for the observer', async () => {
      (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver = ViewWatch;
      const { parcel } = probeParcel();
      const { frame, settled } = await mountFrame(runtime({ loadParcel: async () => parcel }));
      await waitFor(() => settled.length === 1);
      expect(ViewWatch.watched).toEqual([]);
      expect(text(frame)).toContain('mounted for e1');
    });

    it('mounts a collapsed frame when it is expanded, and keeps it mounted when collapsed again', async () => {
      const { parcel, calls } = probeParcel();
      const frame = document.createElement('sb-widget-frame') as SbWidgetFrame;
      Object.assign(frame, { source, runtime: runtime({ loadParcel: async () => parcel }), position: 0, count: 1, collapsed: true });
      const toggles: Array<{ widget: string; collapsed: boolean }> = [];
      frame.addEventListener('sb-widget-collapse', (e) => toggles.push((e as CustomEvent<{ widget: string; collapsed: boolean }>).detail));
      document.body.append(frame);
      await frame.updateComplete;
      const expand = button(frame, 'Expand Probe') as HTMLButtonElement;
      expect(expand.getAttribute('aria-expanded')).toBe('false');
      expect(shadow(frame).querySelector('.body')?.hasAttribute('hidden')).toBe(true);
      expand.click();
      expect(toggles).toEqual([{ widget: 'probe', collapsed: false }]);
      expect(calls).toEqual([]);
      // The page saves it and sets the frame expanded.
      frame.collapsed = false;
      await waitFor(() => calls.length === 1);
      expect(button(frame, 'Collapse Probe')?.getAttribute('aria-expanded')).toBe('true');
      frame.collapsed = true;
      await frame.updateComplete;
      expect(calls).toEqual(['mount']);
    });
  });

  describe('while the page edits its layout', () => {
    async function editingFrame(widgetSource: WidgetSource, position: number, count: number) {
      const { frame, settled } = await mountFrame(runtime({}), { source: widgetSource });
      frame.editing = true;
      frame.position = position;
      frame.count = count;
      await waitFor(() => settled.length === 1);
      await frame.updateComplete;
      const moves: LayoutMoveDetail[] = [];
      const hides: WidgetNameDetail[] = [];
      frame.addEventListener('sb-layout-move', (e) => moves.push((e as CustomEvent<LayoutMoveDetail>).detail));
      frame.addEventListener('sb-layout-hide', (e) => hides.push((e as CustomEvent<WidgetNameDetail>).detail));
      return { frame, moves, hides };
    }

    it('offers Move up, Move down, Move to the main column and Hide for an optional widget, and Alt+Arrow keys', async () => {
      const { frame, moves, hides } = await editingFrame(source, 1, 3);
      button(frame, 'Move Probe up')?.click();
      button(frame, 'Move Probe down')?.click();
      button(frame, 'Move Probe to the main column')?.click();
      button(frame, 'Hide Probe')?.click();
      frame.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', altKey: true, bubbles: true }));
      frame.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
      frame.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', altKey: true, bubbles: true }));
      // Already in the side column: Alt+ArrowRight does nothing.
      frame.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', altKey: true, bubbles: true }));
      const end = Number.MAX_SAFE_INTEGER;
      expect(moves).toEqual([
        { widget: 'probe', region: 'side', to: 0 },
        { widget: 'probe', region: 'side', to: 2 },
        { widget: 'probe', region: 'main', to: end },
        { widget: 'probe', region: 'side', to: 0 },
        { widget: 'probe', region: 'main', to: end },
      ]);
      expect(hides).toEqual([{ widget: 'probe' }]);
      expect(queryDeep(frame, '[draggable=true]')).not.toHaveLength(0);
    });

    it('does not move the first widget up or the last one down', async () => {
      const { frame, moves } = await editingFrame(source, 0, 1);
      expect(button(frame, 'Move Probe up')?.getAttribute('aria-disabled')).toBe('true');
      button(frame, 'Move Probe up')?.click();
      button(frame, 'Move Probe down')?.click();
      expect(moves).toEqual([]);
    });

    it('has no Hide control for a mandatory widget and says it is required', async () => {
      const mandatory: WidgetSource = { kind: 'registry', widget: pageWidget({ ...manifest, mandatory: true }, { mandatory: true }) };
      const { frame } = await editingFrame(mandatory, 0, 2);
      expect(button(frame, 'Hide Probe')).toBeUndefined();
      expect(button(frame, 'Move Probe down')).toBeDefined();
      expect(text(frame)).toContain('Required on this page');
    });
  });

  it('marks an overridden widget with a badge and a button that clears the override', async () => {
    const override: WidgetSource = { kind: 'override', name: 'probe', manifestUrl: 'http://127.0.0.1:5173/widget.json' };
    const { frame, settled } = await mountFrame(runtime({}), { source: override });
    await waitFor(() => settled.length === 1);
    const cleared: WidgetNameDetail[] = [];
    frame.addEventListener('sb-override-clear', (e) => cleared.push((e as CustomEvent<WidgetNameDetail>).detail));
    expect(shadow(frame).querySelector('.badge')?.textContent?.trim()).toBe('Override');
    button(frame, 'Clear override for Probe')?.click();
    expect(cleared).toEqual([{ widget: 'probe' }]);
  });
});
