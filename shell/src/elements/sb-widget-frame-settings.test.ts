import { MessageChannel as NodeMessageChannel } from 'node:worker_threads';
import type { PageWidget, WidgetManifest } from '@switchboard/contracts';
import { getButton, queryDeep, textOf, typeInto, waitFor } from '@switchboard/widget-sdk/testing';
import type { ParcelConfigObject } from 'single-spa';
import { startBridgeClient, type BridgeClientOptions } from '../sandbox/bridge-client';
import { EventBus } from '../widgets/event-bus';
import type { WidgetFrameRuntime } from '../widgets/frame-runtime';
import { createHostApi } from '../widgets/host-api';
import { PageContext } from '../widgets/page-context';
import { optionalManifest, pageWidget } from '../widgets/page-widget.fixture';
import { isolateElementTests } from './element-tests.fixture';
import type { LayoutSettingsDetail } from './sb-frame-edit-bar';
import './sb-widget-frame';
import type { SbWidgetFrame } from './sb-widget-frame';

// The frame's edit bar offers the item settings the widget's manifest declares, and a saved value
// reaches the mounted widget (trusted, or sandboxed over its bridge) and the field without a
// reload (issue 11).

isolateElementTests();

const pageInPage: WidgetManifest = {
  ...optionalManifest('page-in-page', 'Page in page'),
  settings: [{ key: 'url', kind: 'url', label: { en: 'Page address', cs: 'Adresa stránky' } }],
};

/** A parcel that shows the `url` setting it was mounted or updated with. */
function addressParcel(): ParcelConfigObject {
  const show = (props: { [key: string]: unknown }) => {
    const settings = props.settings as Record<string, unknown> | undefined;
    (props.domElement as HTMLElement).textContent = `showing ${String(settings?.url ?? 'nothing')}`;
  };
  return {
    bootstrap: async () => undefined,
    mount: async (props) => show(props),
    update: async (props) => show(props),
    unmount: async (props) => (props.domElement as HTMLElement).replaceChildren(),
  };
}

function runtime(manifest: WidgetManifest): WidgetFrameRuntime {
  const bus = new EventBus();
  const context = new PageContext(bus, { user: { id: 'u', name: 'U', locale: 'en' }, page: 'email-detail', emailId: 'e1' });
  return {
    loader: {
      resolve: async () => ({ manifest, entryUrl: 'http://cdn.test/remoteEntry.js', integrity: 'sha384-x' }),
      loadParcel: async () => addressParcel(),
      forget: () => undefined,
    },
    ready: Promise.resolve(),
    bridgeUrl: 'http://shell.test/sandbox-bridge.js',
    sandboxCss: () => '',
    report: () => undefined,
    createHost: (m) =>
      createHostApi({ manifest: m, bus, context, tokens: { getToken: async () => 't', getWidgetToken: async () => 'w' }, openTab: () => undefined, navigate: () => undefined }),
  };
}

async function editingFrame(widget: PageWidget) {
  const frame = document.createElement('sb-widget-frame') as SbWidgetFrame;
  Object.assign(frame, { source: { kind: 'registry', widget }, runtime: runtime(widget.manifest), editing: true, position: 0, count: 1 });
  document.body.append(frame);
  await waitFor(() => textOf(frame).includes('showing'));
  return frame;
}

const addressField = (frame: SbWidgetFrame) => waitFor(() => queryDeep<HTMLInputElement>(frame, 'input[name="url"]')[0]);

it('offers a field for each setting the manifest declares, with the layout item’s value', async () => {
  const frame = await editingFrame(pageWidget(pageInPage, { settings: { url: 'https://orders.example/' } }));
  const field = await addressField(frame);
  expect([field.value, field.labels?.[0]?.textContent?.trim()]).toEqual(['https://orders.example/', 'Page address']);
});

it('offers no settings for a widget whose manifest declares none, whatever its item holds', async () => {
  const frame = await editingFrame(pageWidget(optionalManifest('notes', 'Notes'), { settings: { url: 'https://orders.example/' } }));
  await waitFor(() => getButton(frame, 'Hide Notes'));
  expect(queryDeep(frame, 'input')).toEqual([]);
});

it('after a save, shows the saved address in the field and the widget, also when the edit bar opens again', async () => {
  const widget = pageWidget(pageInPage, { settings: { url: 'https://orders.example/' } });
  const frame = await editingFrame(widget);
  const saved: LayoutSettingsDetail[] = [];
  frame.addEventListener('sb-layout-settings', (event) => saved.push((event as CustomEvent<LayoutSettingsDetail>).detail));
  typeInto(await addressField(frame), 'https://status.example/');
  getButton(frame, 'Save settings').click();
  expect(saved).toEqual([{ widget: 'page-in-page', values: { url: 'https://status.example/' } }]);

  // The page saves the layout and hands the frame its item anew (sb-widget-grid).
  frame.source = { kind: 'registry', widget: { ...widget, settings: saved[0]!.values } };
  await waitFor(() => textOf(frame).includes('showing https://status.example/'));
  frame.editing = false;
  await frame.updateComplete;
  frame.editing = true;
  expect((await addressField(frame)).value).toBe('https://status.example/');
});

it('passes a saved address to a sandboxed widget at once, over its bridge', async () => {
  // happy-dom has no MessageChannel; the bridge's port pair is Node's, as in bridge.test.ts.
  Object.assign(globalThis, { MessageChannel: NodeMessageChannel });
  const manifest: WidgetManifest = { ...pageInPage, untrusted: true };
  const widget = pageWidget(manifest, { settings: { url: 'https://orders.example/' } });
  const frame = document.createElement('sb-widget-frame') as SbWidgetFrame;
  Object.assign(frame, { source: { kind: 'registry', widget }, runtime: runtime(manifest), position: 0, count: 1 });
  document.body.append(frame);
  const iframe = await waitFor(() => queryDeep<HTMLIFrameElement>(frame, 'iframe')[0]);

  // The iframe's window as a browser wires it: the bridge client runs there, messages carry origins and sources.
  const frameWindow = Object.assign(new EventTarget(), { parent: window });
  const frameProxy = {
    postMessage: (data: unknown, _origin: string, ports: MessagePort[] = []) =>
      frameWindow.dispatchEvent(new MessageEvent('message', { data, origin: location.origin, source: window, ports })),
  };
  Object.defineProperty(iframe, 'contentWindow', { value: frameProxy });
  const root = document.createElement('div');
  startBridgeClient({
    window: frameWindow as unknown as BridgeClientOptions['window'],
    parent: { postMessage: (data: unknown) => window.dispatchEvent(new MessageEvent('message', { data, origin: 'null', source: frameProxy as unknown as Window })) },
    parentOrigin: location.origin,
    root,
    loadContainer: async () => ({ init: async () => undefined, get: async () => () => addressParcel() }),
  });
  await waitFor(() => root.textContent === 'showing https://orders.example/');

  // The page saves the layout and hands the frame its item anew (sb-widget-grid).
  frame.source = { kind: 'registry', widget: { ...widget, settings: { url: 'https://status.example/' } } };
  await waitFor(() => root.textContent === 'showing https://status.example/');
  expect(queryDeep(frame, 'iframe')).toEqual([iframe]);
});
