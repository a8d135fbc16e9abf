import { MessageChannel as NodeMessageChannel } from 'node:worker_threads';
import type { PlatformEvents, WidgetManifest, WidgetParcelProps } from '@switchboard/contracts';
import { sriOf } from '../widgets/integrity';
import { optionalManifest } from '../widgets/page-widget.fixture';
import { recordingHost } from '../widgets/recording-host.fixture';
import type { ResolvedWidget } from '../widgets/widget-loader';
import { WidgetLoadError } from '../widgets/widget-load-error';
import { startBridgeClient, type BridgeClientOptions } from './bridge-client';
import { mountSandboxed, type SandboxedWidget } from './bridge-host';
import { INIT, READY, type SandboxInit } from './protocol';
import { sandboxCsp } from './srcdoc';

const SHELL = 'http://shell.test';
const ticket = { id: 't1', number: 1234, title: 'Printer on fire' };

/** What the widget inside the iframe did with the host it got. */
interface WidgetLog {
  host?: WidgetParcelProps['host'];
  heard: string[];
  contexts: Array<string | undefined>;
}

/** A parcel that records the host it is mounted with and what it hears. */
function recordingContainer(log: WidgetLog) {
  const parcel = {
    bootstrap: async () => undefined,
    mount: async ({ host, domElement }: WidgetParcelProps & { domElement: HTMLElement }) => {
      log.host = host;
      domElement.textContent = 'orders';
      host.on('ticket.assigned', ({ ticket: t }) => log.heard.push(`assigned #${t.number}`));
      host.on('ticket.created', () => log.heard.push('created'));
      host.on('context.changed', (ctx) => log.contexts.push(ctx.ticket?.title));
    },
    unmount: async () => undefined,
  };
  return { init: async () => undefined, get: async () => () => ({ default: parcel }) };
}

interface HarnessOptions {
  manifest?: Partial<WidgetManifest>;
  loadContainer?: BridgeClientOptions['loadContainer'];
  fetch?: typeof fetch;
  integrity?: string;
}

/**
 * The shell side (mountSandboxed on a stand-in shell window) and the iframe side (the bridge
 * client on a stand-in iframe window) wired as a browser wires them: window messages carry
 * origins and sources, the port is a real MessagePort pair.
 */
function harness(options: HarnessOptions = {}) {
  const manifest: WidgetManifest = { ...optionalManifest('order-lookup', 'Order lookup'), untrusted: true, ...options.manifest };
  const widget: ResolvedWidget = {
    manifest,
    entryUrl: 'http://cdn.test/registry/assets/order-lookup/0.1.0/remoteEntry.js',
    ...(options.integrity ? { integrity: options.integrity } : {}),
  };
  const { bus, context, audiences, tabs, paths, undeclared, widgetHost } = recordingHost(manifest);

  const shellWindow = Object.assign(new EventTarget(), { location: { href: `${SHELL}/emails/e1`, origin: SHELL } }) as unknown as Window;
  const frameWindow = Object.assign(new EventTarget(), { parent: shellWindow }) as EventTarget & { parent: unknown };
  /** What the shell posted to the iframe's window: message, target origin, transferred ports. */
  const toFrame: Array<{ data: unknown; targetOrigin: string; ports: MessagePort[] }> = [];
  const frameProxy = {
    postMessage: (data: unknown, targetOrigin: string, transfer: MessagePort[] = []) => {
      toFrame.push({ data, targetOrigin, ports: transfer });
      frameWindow.dispatchEvent(new MessageEvent('message', { data, origin: SHELL, source: shellWindow, ports: transfer }));
    },
  };
  const channels: NodeMessageChannel[] = [];
  const container = document.createElement('div');
  const sandbox: SandboxedWidget = mountSandboxed({
    container,
    widget,
    host: widgetHost.host,
    settings: { shop: 'demo' },
    title: 'Order lookup',
    locale: 'en',
    bridgeUrl: `${SHELL}/sandbox-bridge.js`,
    css: '',
    onRuntimeError: (message) => runtimeErrors.push(message),
    window: shellWindow,
    createChannel: () => {
      const channel = new NodeMessageChannel();
      channels.push(channel);
      return channel as unknown as MessageChannel;
    },
  });
  Object.defineProperty(sandbox.iframe, 'contentWindow', { value: frameProxy });
  const runtimeErrors: string[] = [];
  const log: WidgetLog = { heard: [], contexts: [] };
  const root = document.createElement('div');

  /** Starts the bridge client, whose `sb:ready` reaches the shell window from the iframe with origin "null". */
  const startClient = () =>
    startBridgeClient({
      window: frameWindow as unknown as BridgeClientOptions['window'],
      parent: {
        postMessage: (data: unknown) =>
          shellWindow.dispatchEvent(new MessageEvent('message', { data, origin: 'null', source: frameProxy as unknown as Window })),
      },
      parentOrigin: SHELL,
      root,
      loadContainer: options.loadContainer ?? (async () => recordingContainer(log)),
      fetch: options.fetch,
    });

  const close = () => {
    sandbox.dispose();
    for (const channel of channels) {
      channel.port1.close();
      channel.port2.close();
    }
  };
  return { sandbox, bus, context, audiences, tabs, paths, undeclared, runtimeErrors, log, root, toFrame, shellWindow, frameProxy, frameWindow, startClient, close };
}

type Harness = ReturnType<typeof harness>;
let current: Harness | undefined;
const setup = (options?: HarnessOptions) => (current = harness(options));
afterEach(() => {
  current?.close();
  current = undefined;
  jest.restoreAllMocks();
});

const until = async (check: () => boolean, ms = 2000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('the sandbox bridge', () => {
  it('builds a sandboxed iframe (scripts only, no same-origin) whose document restricts scripts to the bridge and the widget', () => {
    const { sandbox } = setup();
    expect(sandbox.iframe.getAttribute('sandbox')).toBe('allow-scripts');
    expect(sandbox.iframe.title).toBe('Order lookup');
    const doc = sandbox.iframe.getAttribute('srcdoc') ?? sandbox.iframe.srcdoc;
    expect(doc).toContain(
      `script-src ${SHELL}/sandbox-bridge.js http://cdn.test/registry/assets/order-lookup/0.1.0/`,
    );
    expect(doc).toContain(`data-parent-origin="${SHELL}"`);
    expect(doc).not.toMatch(/<script>/);
  });

  it('mounts the widget over a port after the handshake, with the context, its settings and declared events only', async () => {
    const h = setup({ manifest: { emits: ['composer.insertText'], listens: ['ticket.assigned'] } });
    h.startClient();
    await h.sandbox.mounted;
    expect(h.root.textContent).toBe('orders');
    expect(h.toFrame).toHaveLength(1);
    const init = h.toFrame[0].data as SandboxInit;
    expect(init).toMatchObject({ type: INIT, name: 'order-lookup', federationName: 'switchboard_order_lookup', settings: { shop: 'demo' } });
    expect(init.context).toMatchObject({ emailId: 'e1', user: { name: 'Alex' } });
    expect(h.log.host?.context().emailId).toBe('e1');

    // Declared emits reach the page bus; undeclared ones are dropped and named.
    const inserted: Array<PlatformEvents['composer.insertText']> = [];
    h.bus.on('composer.insertText', (payload) => inserted.push(payload));
    h.log.host?.emit('composer.insertText', { text: 'Order ORD-1 shipped' });
    h.log.host?.emit('ticket.created', { ticket });
    await until(() => inserted.length === 1 && h.undeclared.length > 0);
    expect(inserted).toEqual([{ text: 'Order ORD-1 shipped' }]);
    expect(h.undeclared).toContain('order-lookup emits ticket.created');

    // Listened events arrive with the context they changed; unlistened ones never do.
    h.bus.emit('ticket.created', { ticket });
    h.bus.emit('ticket.assigned', { emailId: 'e1', ticket });
    await until(() => h.log.heard.length === 1 && h.log.contexts.length === 1);
    expect(h.log.heard).toEqual(['assigned #1234']);
    expect(h.log.contexts).toEqual(['Printer on fire']);
    expect(h.log.host?.context().ticket?.number).toBe(1234);
  });

  it('gives the widget a token of its own service only, and none without a service', async () => {
    const withService = setup({ manifest: { service: 'crm' } });
    withService.startClient();
    await withService.sandbox.mounted;
    await expect(withService.log.host?.getToken()).resolves.toBe('token-for-crm');
    expect(withService.audiences).toEqual(['crm']);
    expect((withService.toFrame[0].data as SandboxInit).serviceUrl).toBe(`${SHELL}/api/crm`);
    withService.close();

    const none = setup({ manifest: { service: undefined } });
    none.startClient();
    await none.sandbox.mounted;
    await expect(none.log.host?.getToken()).rejects.toThrow('declares no service');
    none.close();

    const identity = setup({ manifest: { service: 'identity' } });
    identity.startClient();
    await identity.sandbox.mounted;
    await expect(identity.log.host?.getToken()).rejects.toThrow('no identity tokens');
    expect([...none.audiences, ...identity.audiences]).toEqual([]);
  });

  it('gives tokens for every declared service, refuses other audiences, and lets requests reach only those services', async () => {
    const h = setup({ manifest: { service: 'crm', services: ['templates'] } });
    h.startClient();
    await h.sandbox.mounted;
    await expect(h.log.host?.getToken('templates')).resolves.toBe('token-for-templates');
    await expect(h.log.host?.getToken('mail')).rejects.toThrow('does not declare the service "mail"');
    await expect(h.log.host?.getToken('identity')).rejects.toThrow('no identity tokens');
    expect(h.audiences).toEqual(['templates']);
    expect(h.log.host?.serviceUrls).toEqual({ crm: `${SHELL}/api/crm`, templates: `${SHELL}/api/templates` });
    const doc = h.sandbox.iframe.getAttribute('srcdoc') ?? h.sandbox.iframe.srcdoc;
    expect(doc).toContain(`${SHELL}/api/crm/ ${SHELL}/api/templates/`);
    expect(doc).not.toContain('/api/mail');

    // A forged audience on the port is dropped before it reaches the host API.
    h.toFrame[0].ports[0].postMessage({ type: 'getToken', id: 99, audience: 'everything' });
    await expect(h.log.host?.getToken()).resolves.toBe('token-for-crm');
    expect(h.audiences).toEqual(['templates', 'crm']);
  });

  it("hands the sandboxed widget a token for its own backend only, about the page's ticket", async () => {
    const h = setup({ manifest: { connect: ['https://orders.example'] } });
    h.startClient();
    await h.sandbox.mounted;
    h.context.setTicket(ticket);
    await expect(h.log.host?.getToken('widget:order-lookup')).resolves.toBe('token-for-widget:order-lookup');
    await expect(h.log.host?.getToken('widget:calendar')).rejects.toThrow('may not get a token for "widget:calendar"');

    // A malformed widget audience on the port is dropped before it reaches the host API.
    h.toFrame[0].ports[0].postMessage({ type: 'getToken', id: 98, audience: 'widget:../identity' });
    await expect(h.log.host?.getToken('widget:order-lookup')).resolves.toBe('token-for-widget:order-lookup');
    expect(h.audiences).toEqual(['widget:order-lookup t1', 'widget:order-lookup t1']);
  });

  it("lets requests reach the origins of the widget's own backend it declares, and only https origins", () => {
    const h = setup({ manifest: { connect: ['https://orders.example', 'https://api.parcels.example:8443'] } });
    const doc = h.sandbox.iframe.getAttribute('srcdoc') ?? h.sandbox.iframe.srcdoc;
    expect(doc).toContain('connect-src http://cdn.test/registry/assets/order-lookup/0.1.0/ https://orders.example https://api.parcels.example:8443;');
    expect(sandboxCsp({ bridgeUrl: 'x', entryUrl: 'https://cdn.test/w/remoteEntry.js', serviceUrl: '' })).toContain(
      'connect-src https://cdn.test/w/;',
    );
    // What the schema refuses never reaches the policy, even from a manifest that skipped it.
    const forged = ['http://orders.example', 'https://*.example', 'https://orders.example/path', "https://a.example 'unsafe-eval'", 'nope'];
    expect(sandboxCsp({ bridgeUrl: 'x', entryUrl: 'https://cdn.test/w/remoteEntry.js', serviceUrl: '', connectOrigins: forged })).toContain(
      'connect-src https://cdn.test/w/;',
    );
  });

  it('ignores a handshake from another window or from an origin that is not opaque', async () => {
    const h = setup();
    const ready = (source: unknown, origin: string) =>
      h.shellWindow.dispatchEvent(new MessageEvent('message', { data: { type: READY }, origin, source: source as Window }));
    ready({ postMessage: () => undefined }, 'null');
    ready(h.frameProxy, SHELL);
    ready(h.frameProxy, 'http://evil.test');
    expect(h.toFrame).toEqual([]);
    ready(h.frameProxy, 'null');
    expect(h.toFrame).toHaveLength(1);
    // The only message sent with '*': an opaque origin cannot be named; it goes to that iframe's window object.
    expect(h.toFrame[0].targetOrigin).toBe('*');
  });

  it("has the iframe accept init only from its parent with the shell's origin, once", async () => {
    const parent = { postMessage: jest.fn() };
    const frameWindow = Object.assign(new EventTarget(), { parent });
    const log: WidgetLog = { heard: [], contexts: [] };
    const root = document.createElement('div');
    const loads: string[] = [];
    startBridgeClient({
      window: frameWindow as unknown as BridgeClientOptions['window'],
      parentOrigin: SHELL,
      root,
      loadContainer: async (init) => {
        loads.push(init.entryUrl);
        return recordingContainer(log);
      },
    });
    expect(parent.postMessage).toHaveBeenCalledWith({ type: READY }, SHELL);
    const channel = new NodeMessageChannel();
    const init = (source: unknown, origin: string, entryUrl: string) =>
      frameWindow.dispatchEvent(
        new MessageEvent('message', {
          data: { type: INIT, name: 'x', entryUrl, federationName: 'x', exposedModule: './widget', contractVersion: '1.0.0', serviceUrl: '', context: {}, settings: {} },
          origin,
          source: source as Window,
          ports: [channel.port2 as unknown as MessagePort],
        }),
      );
    init(parent, 'http://evil.test', 'http://evil.test/a.js');
    init({}, SHELL, 'http://evil.test/b.js');
    init(parent, SHELL, 'http://cdn.test/remoteEntry.js');
    init(parent, SHELL, 'http://evil.test/c.js');
    await until(() => root.textContent === 'orders');
    expect(loads).toEqual(['http://cdn.test/remoteEntry.js']);
    channel.port1.close();
  });

  it('checks routes on both sides: the widget gets a TypeError, a forged message is dropped', async () => {
    const h = setup();
    h.startClient();
    await h.sandbox.mounted;
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => h.log.host?.navigate('https://evil.test/')).toThrow(TypeError);
    h.log.host?.openTab({ path: '/tickets/t1', title: '#1234' });
    h.log.host?.openTab({ path: '/crm', title: 'CRM', background: true });
    h.log.host?.navigate('/contacts/c1/journey');
    await until(() => h.paths.length === 1 && h.tabs.length === 2);

    // Code in the iframe can post anything on its port: the shell checks again and drops junk.
    const port = h.toFrame[0].ports[0];
    port.postMessage({ type: 'navigate', path: '//evil.test/x' });
    port.postMessage({ type: 'openTab', path: 'javascript:alert(1)', title: 'x' });
    port.postMessage({ type: 'getToken', id: 'all' });
    port.postMessage({ type: 'navigate', path: '/tickets/t2' });
    await until(() => h.paths.length === 2);
    expect(h.tabs).toEqual([
      { path: '/tickets/t1', title: '#1234' },
      { path: '/crm', title: 'CRM', background: true },
    ]);
    expect(h.paths).toEqual(['/contacts/c1/journey', '/tickets/t2']);
    expect(h.audiences).toEqual([]);
    expect(console.warn).toHaveBeenCalledTimes(2);
  });

  it('sizes the iframe to the height the widget reports', async () => {
    const h = setup();
    h.root.getBoundingClientRect = () => ({ height: 320.4 }) as DOMRect;
    h.startClient();
    await h.sandbox.mounted;
    await until(() => h.sandbox.iframe.style.height !== '6rem');
    expect(h.sandbox.iframe.style.height).toBe('321px');
  });

  it('never makes the iframe 0 px tall, so a browser goes on rendering it while the widget is empty', async () => {
    const h = setup();
    h.root.getBoundingClientRect = () => ({ height: 0 }) as DOMRect;
    expect(h.sandbox.iframe.style.height).toBe('6rem');
    h.startClient();
    await h.sandbox.mounted;
    // The widget's messages arrive in order: once its navigate is in, its first height was handled.
    h.log.host?.navigate('/tickets/t1');
    await until(() => h.paths.length === 1);
    // An empty first render keeps the placeholder's height; a later one sets it, and 0 then is at least 1 px.
    expect(h.sandbox.iframe.style.height).toBe('6rem');
    const port = h.toFrame[0].ports[0];
    port.postMessage({ type: 'height', height: 40 });
    await until(() => h.sandbox.iframe.style.height === '40px');
    port.postMessage({ type: 'height', height: 0 });
    await until(() => h.sandbox.iframe.style.height === '0px');
    expect(h.sandbox.iframe.style.minHeight).toBe('1px');
  });

  it('fails with an integrity error when the entry bytes are not the published ones', async () => {
    const published = await sriOf(new TextEncoder().encode('published').buffer as ArrayBuffer);
    const h = setup({
      integrity: published,
      loadContainer: async () => Promise.reject(new Error('remoteEntry.js could not be loaded')),
      fetch: (async () => new Response('tampered')) as unknown as typeof fetch,
    });
    h.startClient();
    const error = await h.sandbox.mounted.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WidgetLoadError);
    expect((error as WidgetLoadError).kind).toBe('integrity');
    expect((h.toFrame[0].data as SandboxInit).integrity).toBe(published);
  });

  it('passes changed settings to the mounted widget at once, and to its start when changed before it', async () => {
    const seen: string[] = [];
    const show = (lifecycle: string) => async ({ settings }: { settings?: Record<string, unknown> }) => {
      if (settings?.shop === 'broken') throw new Error('no such shop');
      seen.push(`${lifecycle} ${String(settings?.shop)}`);
    };
    const h = setup({
      loadContainer: async () => ({
        init: async () => undefined,
        get: async () => () => ({ bootstrap: async () => undefined, mount: show('mount'), update: show('update'), unmount: async () => undefined }),
      }),
    });
    h.sandbox.updateSettings({ shop: 'outlet' });
    h.startClient();
    await h.sandbox.mounted;
    h.sandbox.updateSettings({ shop: 'eshop' });
    await until(() => seen.length === 2);
    expect(seen).toEqual(['mount outlet', 'update eshop']);

    // An update that throws is the widget's runtime error, as any other.
    h.sandbox.updateSettings({ shop: 'broken' });
    await until(() => h.runtimeErrors.length === 1);
    expect(h.runtimeErrors).toEqual(['Updating the settings failed: no such shop']);
  });

  it('reports a mount that throws as a mount failure', async () => {
    const h = setup({
      loadContainer: async () => ({
        init: async () => undefined,
        get: async () => () => ({ bootstrap: async () => undefined, mount: async () => Promise.reject(new Error('boom')), unmount: async () => undefined }),
      }),
    });
    h.startClient();
    await expect(h.sandbox.mounted).rejects.toMatchObject({ kind: 'mount', message: 'boom' });
  });
});
