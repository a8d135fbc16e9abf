import type { HostApi, Locale, PlatformEventName } from '@switchboard/contracts';
import { WidgetLoadError } from '../widgets/widget-load-error';
import type { ResolvedWidget } from '../widgets/widget-loader';
import { INIT, parseFromSandbox, READY, type FromSandbox, type SandboxInit, type ToSandbox } from './protocol';
import { sandboxDocument } from './srcdoc';

/** What it takes to run one untrusted widget in a sandboxed iframe. */
export interface SandboxOptions {
  /** Where the iframe goes. */
  container: HTMLElement;
  widget: ResolvedWidget;
  /** The widget's host API (declared events only, tokens for its own service only). */
  host: HostApi;
  settings: Record<string, unknown>;
  /** The iframe's accessible name. */
  title: string;
  locale: Locale;
  /** Absolute URL of the bridge client script. */
  bridgeUrl: string;
  /** CSS of the bootstrap document (the shell's theme). */
  css: string;
  /** An error the widget threw while in use. */
  onRuntimeError(message: string): void;
  /** The shell's window, where the iframe's first message arrives (default `window`). */
  window?: Window;
  /** Makes the port pair (default `new MessageChannel()`). */
  createChannel?: () => MessageChannel;
}

/** A mounted (or mounting) sandboxed widget. */
export interface SandboxedWidget {
  readonly iframe: HTMLIFrameElement;
  /** Resolves once the widget mounted; rejects with a WidgetLoadError when it could not. */
  readonly mounted: Promise<void>;
  /** Passes changed settings to the widget (and to its next start, should the iframe reload). */
  updateSettings(settings: Record<string, unknown>): void;
  /** Removes the iframe and drops its port and subscriptions. */
  dispose(): void;
}

/** Tallest a widget may make its iframe, in CSS pixels. */
const MAX_HEIGHT = 5000;
/** The iframe's height until the widget first reports a height of its content. */
const PLACEHOLDER_HEIGHT = '6rem';

/**
 * Runs an untrusted widget in `<iframe sandbox="allow-scripts">` (an opaque origin: no cookies,
 * storage or DOM of the shell or of other widgets) and serves it the HostApi over a
 * MessagePort. Only the first message (`sb:ready`) arrives on the window: it must come from this
 * iframe's window with origin `"null"`. A reloaded iframe (some browsers reload one that moves in
 * the DOM) says `sb:ready` again and gets a fresh port.
 */
export function mountSandboxed(options: SandboxOptions): SandboxedWidget {
  const { host, widget } = options;
  const shellWindow = options.window ?? window;
  const createChannel = options.createChannel ?? (() => new MessageChannel());
  const iframe = document.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.title = options.title;
  // Never zero-sized: Chromium stops rendering a cross-origin frame of no area (and one out of
  // view), so the widget's ResizeObserver would not report its content and the frame could stay
  // 0 px tall for good (seen when a widget mounted below the fold). Until the widget reports a
  // height, the frame keeps a placeholder's; afterwards at least 1 px.
  iframe.style.cssText = `display:block;width:100%;height:${PLACEHOLDER_HEIGHT};min-height:1px;border:0;`;
  const absolute = (url: string) => new URL(url, shellWindow.location.href).href;
  const serviceUrl = host.serviceUrl ? absolute(host.serviceUrl) : '';
  const serviceUrls = Object.fromEntries(Object.entries(host.serviceUrls ?? {}).map(([audience, url]) => [audience, absolute(url)]));
  iframe.srcdoc = sandboxDocument({
    bridgeUrl: options.bridgeUrl,
    parentOrigin: shellWindow.location.origin,
    entryUrl: widget.entryUrl,
    serviceUrl,
    otherServiceUrls: Object.values(serviceUrls).filter((url) => url !== serviceUrl),
    connectOrigins: widget.manifest.connect,
    lang: options.locale,
    css: options.css,
  });

  let port: MessagePort | undefined;
  let settings = options.settings;
  const subscriptions = new Map<string, () => void>();
  let settle: { resolve(): void; reject(error: WidgetLoadError): void } | undefined;
  const mounted = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const send = (message: ToSandbox) => port?.postMessage(message);

  const unsubscribeAll = () => {
    for (const off of subscriptions.values()) off();
    subscriptions.clear();
  };

  const handle = (message: FromSandbox) => {
    switch (message.type) {
      case 'mounted':
        settle?.resolve();
        return;
      case 'failed':
        settle?.reject(new WidgetLoadError(message.kind, message.message, { detail: message.message }));
        return;
      case 'height':
        if (message.height <= 0 && iframe.style.height === PLACEHOLDER_HEIGHT) return;
        iframe.style.height = `${Math.ceil(Math.min(Math.max(message.height, 0), MAX_HEIGHT))}px`;
        return;
      case 'getToken':
        // The host API refuses an audience the manifest does not declare.
        host.getToken(message.audience).then(
          (token) => send({ type: 'token', id: message.id, token }),
          (error: unknown) => send({ type: 'token', id: message.id, error: error instanceof Error ? error.message : String(error) }),
        );
        return;
      case 'openTab':
      case 'navigate':
        try {
          if (message.type === 'openTab') host.openTab({ path: message.path, title: message.title, background: message.background });
          else host.navigate(message.path);
        } catch (error) {
          console.warn(`Sandboxed widget ${widget.manifest.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
        return;
      case 'emit':
        // The host API drops what the manifest does not declare in `emits`.
        host.emit(message.event as PlatformEventName, message.payload as never);
        return;
      case 'subscribe':
        if (subscriptions.has(message.event)) return;
        subscriptions.set(
          message.event,
          host.on(message.event as PlatformEventName, (payload) =>
            send({ type: 'event', event: message.event, payload, context: host.context() }),
          ),
        );
        return;
      case 'unsubscribe':
        subscriptions.get(message.event)?.();
        subscriptions.delete(message.event);
        return;
      case 'error':
        options.onRuntimeError(message.message);
        return;
    }
  };

  const connect = (target: Window) => {
    port?.close();
    unsubscribeAll();
    const channel = createChannel();
    port = channel.port1;
    port.onmessage = (event: MessageEvent) => {
      const message = parseFromSandbox(event.data);
      if (message) handle(message);
    };
    const init: SandboxInit = {
      type: INIT,
      name: widget.manifest.name,
      entryUrl: widget.entryUrl,
      ...(widget.integrity ? { integrity: widget.integrity } : {}),
      federationName: widget.manifest.federationName,
      exposedModule: widget.manifest.exposedModule,
      contractVersion: host.contractVersion,
      serviceUrl,
      serviceUrls,
      context: host.context(),
      settings,
    };
    // '*': the iframe's origin is opaque and cannot be named; see protocol.ts for why this is safe.
    target.postMessage(init, '*', [channel.port2]);
  };

  const onWindowMessage = (event: MessageEvent) => {
    const frameWindow = iframe.contentWindow;
    if (!frameWindow || event.source !== frameWindow || event.origin !== 'null') return;
    if ((event.data as { type?: unknown } | null)?.type === READY) connect(frameWindow);
  };
  shellWindow.addEventListener('message', onWindowMessage);
  options.container.append(iframe);

  return {
    iframe,
    mounted,
    updateSettings: (changed) => {
      settings = changed;
      send({ type: 'settings', settings });
    },
    dispose: () => {
      shellWindow.removeEventListener('message', onWindowMessage);
      unsubscribeAll();
      port?.close();
      port = undefined;
      iframe.remove();
    },
  };
}
