import type { HostApi, PlatformEventName, PlatformEvents, WidgetContext } from '@switchboard/contracts';
import type { ParcelConfigObject } from 'single-spa';
import { loadContainerScript, type FederationContainer } from '../widgets/container-script';
import { checkIntegrity } from '../widgets/integrity';
import { toParcelConfig } from '../widgets/parcel-config';
import { shellPath } from '../widgets/shell-path';
import { WidgetLoadError } from '../widgets/widget-load-error';
import { parseInit, parseToSandbox, READY, type FromSandbox, type SandboxFailureKind, type SandboxInit } from './protocol';

/** The part of the iframe's window the bridge client uses. */
export type BridgeWindow = Pick<Window, 'addEventListener' | 'removeEventListener'> & { parent: unknown };

/** What the bridge client runs with. */
export interface BridgeClientOptions {
  /** The iframe's window. */
  window: BridgeWindow;
  /** The shell's window, where `sb:ready` goes (default `window.parent`). */
  parent?: Pick<Window, 'postMessage'>;
  /** The shell's origin, from the bootstrap document. */
  parentOrigin: string;
  /** Where the widget mounts. */
  root: HTMLElement;
  /** Loads the widget's remote entry with its integrity and returns the container. */
  loadContainer?(init: SandboxInit): Promise<FederationContainer>;
  /** HTTP client of the integrity re-check. */
  fetch?: typeof fetch;
}

/** Loads the widget's `remoteEntry.js` with its integrity; resolves with the container it defines. */
const loadContainer = (init: SandboxInit) => loadContainerScript(init.entryUrl, init.federationName, init.integrity);

type Lifecycle = (props: object) => Promise<unknown>;

/** Runs a parcel lifecycle (one function or single-spa's array of them) in order. */
async function runLifecycle(lifecycle: ParcelConfigObject['mount'], props: object): Promise<void> {
  const fns = (Array.isArray(lifecycle) ? lifecycle : [lifecycle]) as Lifecycle[];
  for (const fn of fns) await fn(props);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The iframe side of the bridge: says `sb:ready` to the shell, accepts one `sb:init` (from
 * `window.parent` with the shell's origin only) with the port, builds a HostApi over that port,
 * loads the widget's remote entry with its integrity, mounts its parcel and reports its height.
 * Errors the widget throws later are reported to the shell, which counts them.
 */
export function startBridgeClient(options: BridgeClientOptions): void {
  const parent = options.parent ?? (options.window.parent as Pick<Window, 'postMessage'>);
  const onMessage = (event: MessageEvent) => {
    if (event.source !== options.window.parent || event.origin !== options.parentOrigin) return;
    const init = parseInit(event.data);
    const port = event.ports?.[0];
    if (!init || !port) return;
    options.window.removeEventListener('message', onMessage);
    void run(init, port, options);
  };
  options.window.addEventListener('message', onMessage);
  parent.postMessage({ type: READY }, options.parentOrigin);
}

async function run(init: SandboxInit, port: MessagePort, options: BridgeClientOptions): Promise<void> {
  const send = (message: FromSandbox) => port.postMessage(message);
  // Settings the shell passes once the widget is mounted go to its parcel's `update`; any that
  // arrive while it mounts, once it has.
  let settings = init.settings;
  let update: ((changed: Record<string, unknown>) => void) | undefined;
  const host = createBridgeHost(init, port, send, (changed) => {
    settings = changed;
    update?.(changed);
  });
  reportErrors(options.window, send);
  let step: SandboxFailureKind = 'load';
  try {
    const container = await (options.loadContainer ?? loadContainer)(init).catch(async (error: unknown) => {
      if (init.integrity && (await checkIntegrity(init.entryUrl, init.integrity, options.fetch)) === 'mismatch') {
        step = 'integrity';
        throw new Error(`${init.entryUrl} does not match its integrity ${init.integrity}`);
      }
      throw error;
    });
    await container.init({});
    const factory = await container.get(init.exposedModule);
    step = 'not-a-parcel';
    const parcel: ParcelConfigObject = toParcelConfig(factory());
    step = 'mount';
    const props = { name: init.name, domElement: options.root, host, settings: init.settings };
    await runLifecycle(parcel.bootstrap, props);
    await runLifecycle(parcel.mount, props);
    reportHeight(options.root, send);
    send({ type: 'mounted' });
    const onUpdate = parcel.update;
    if (!onUpdate) return;
    update = (changed) =>
      void runLifecycle(onUpdate, { ...props, settings: changed }).catch((error: unknown) =>
        send({ type: 'error', message: `Updating the settings failed: ${messageOf(error)}` }),
      );
    if (settings !== init.settings) update(settings);
  } catch (error) {
    const kind = error instanceof WidgetLoadError && error.kind === 'not-a-parcel' ? 'not-a-parcel' : step;
    send({ type: 'failed', kind, message: messageOf(error) });
  }
}

/**
 * The HostApi inside the iframe: context kept in step by the shell, everything else a message.
 * Changed settings from the shell go to `onSettings`.
 */
export function createBridgeHost(
  init: SandboxInit,
  port: MessagePort,
  send: (message: FromSandbox) => void,
  onSettings: (settings: Record<string, unknown>) => void,
): HostApi {
  let context: WidgetContext = init.context;
  let nextId = 0;
  const tokens = new Map<number, { resolve(token: string): void; reject(error: Error): void }>();
  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  port.onmessage = (event: MessageEvent) => {
    const message = parseToSandbox(event.data);
    if (message?.type === 'event') {
      // The iframe's document speaks the agent's language, as the shell's does.
      if (message.context.user.locale !== context.user.locale) document.documentElement.lang = message.context.user.locale;
      context = message.context;
      for (const handler of [...(handlers.get(message.event) ?? [])]) {
        try {
          handler(message.payload);
        } catch (error) {
          send({ type: 'error', message: `Handler of ${message.event} failed: ${messageOf(error)}` });
        }
      }
    } else if (message?.type === 'settings') {
      onSettings(message.settings);
    } else if (message?.type === 'token') {
      const pending = tokens.get(message.id);
      tokens.delete(message.id);
      if (message.token !== undefined) pending?.resolve(message.token);
      else pending?.reject(new Error(message.error ?? 'No token'));
    }
  };
  return {
    contractVersion: init.contractVersion,
    serviceUrl: init.serviceUrl,
    serviceUrls: { ...init.serviceUrls },
    context: () => JSON.parse(JSON.stringify(context)) as WidgetContext,
    getToken: (audience) =>
      new Promise<string>((resolve, reject) => {
        const id = ++nextId;
        tokens.set(id, { resolve, reject });
        send({ type: 'getToken', id, ...(audience ? { audience } : {}) });
      }),
    openTab: (tab) => send({ type: 'openTab', path: shellPath(tab.path), title: String(tab.title), background: tab.background === true }),
    navigate: (path) => send({ type: 'navigate', path: shellPath(path) }),
    emit: <K extends PlatformEventName>(type: K, payload: PlatformEvents[K]) => send({ type: 'emit', event: type, payload }),
    on: <K extends PlatformEventName>(type: K, handler: (payload: PlatformEvents[K]) => void) => {
      const set = handlers.get(type) ?? new Set();
      handlers.set(type, set);
      if (set.size === 0) send({ type: 'subscribe', event: type });
      const entry = handler as (payload: unknown) => void;
      set.add(entry);
      return () => {
        if (set.delete(entry) && set.size === 0) send({ type: 'unsubscribe', event: type });
      };
    },
  };
}

/** Sends the widget's height whenever it changes, so the shell sizes the iframe to its content. */
function reportHeight(root: HTMLElement, send: (message: FromSandbox) => void): void {
  const post = () => send({ type: 'height', height: Math.ceil(root.getBoundingClientRect().height) });
  post();
  if (typeof ResizeObserver === 'function') new ResizeObserver(post).observe(root);
}

/** Forwards errors the widget throws (or promises it leaves rejected) to the shell. */
function reportErrors(target: BridgeWindow, send: (message: FromSandbox) => void): void {
  target.addEventListener('error', (event) => send({ type: 'error', message: (event as ErrorEvent).message || 'Script error' }));
  target.addEventListener('unhandledrejection', (event) =>
    send({ type: 'error', message: `Unhandled rejection: ${messageOf((event as PromiseRejectionEvent).reason)}` }),
  );
}
