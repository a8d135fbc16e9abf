import type { LoadFailureBody, TabRequest, WidgetManifest } from '@switchboard/contracts';
import { SANDBOX_BRIDGE_PATH, shellThemeCss } from '../sandbox/srcdoc';
import type { ShellServices } from '../shell-services';
import type { EventBus } from './event-bus';
import { createHostApi, type WidgetHost } from './host-api';
import type { PageContext } from './page-context';
import type { WidgetLoader } from './widget-loader';

/** What a frame needs from its page to load and mount a widget. */
export interface WidgetFrameRuntime {
  /** Resolves manifests and loads parcels. */
  loader: Pick<WidgetLoader, 'resolve' | 'loadParcel' | 'forget'>;
  /** Resolves once the page context is complete (the email's ticket is known). */
  ready: Promise<void>;
  /** The host API for one mount of a widget. */
  createHost(manifest: WidgetManifest): WidgetHost;
  /** Absolute URL of the sandbox bridge client, for untrusted widgets. */
  bridgeUrl: string;
  /** CSS of a sandboxed widget's document (the shell's theme). */
  sandboxCss(): string;
  /** Reports a registry version's failure; fire-and-forget. */
  report(widget: string, version: string, body: LoadFailureBody): void;
}

/** What one page shares with its frames. */
export interface FrameRuntimeOptions {
  services: Pick<ShellServices, 'widgets' | 'registry' | 'tokens' | 'tabs'>;
  /** The page's event bus and context. */
  bus: EventBus;
  context: PageContext;
  /** Resolves once the context is complete. */
  ready: Promise<void>;
  /** The page's own path: the opener of tabs its widgets open, the tab their navigation retargets. */
  here: string;
  /** Moves the browser to a shell path. */
  navigate(path: string): void;
}

/**
 * The runtime of a page's frames: the loader, failure reports to the registry, and per mount a
 * host API whose tabs open from this page and whose navigation moves this page's tab.
 */
export function createFrameRuntime(options: FrameRuntimeOptions): WidgetFrameRuntime {
  const { services, bus, context, here, navigate } = options;
  return {
    loader: services.widgets,
    ready: options.ready,
    bridgeUrl: new URL(SANDBOX_BRIDGE_PATH, location.origin).href,
    sandboxCss: () => shellThemeCss(),
    report: (widget, version, body) =>
      void services.registry.reportFailure(widget, version, body).catch((error: unknown) => console.warn('A load failure could not be reported', error)),
    createHost: (manifest) =>
      createHostApi({
        manifest,
        bus,
        context,
        tokens: services.tokens,
        openTab: ({ path, title, background }: TabRequest) => {
          services.tabs.open({ path, title, opener: here });
          if (!background) navigate(path);
        },
        navigate: (path: string) => {
          services.tabs.retarget(here, path);
          navigate(path);
        },
      }),
  };
}
