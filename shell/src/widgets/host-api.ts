import {
  declaredServices,
  HOST_CONTRACT_VERSION,
  type HostApi,
  type PlatformEventName,
  type PlatformEvents,
  type ServiceAudience,
  type TabRequest,
  type WidgetAudience,
  type WidgetManifest,
  widgetAudience,
} from '@switchboard/contracts';
import type { EventBus } from './event-bus';
import type { PageContext } from './page-context';
import { shellPath } from './shell-path';

/** What the shell gives `createHostApi` for one widget instance. */
export interface HostApiOptions {
  /** The widget's validated manifest (its service decides the token audience, `emits`/`listens` its events). */
  manifest: WidgetManifest;
  /** The page's event bus. */
  bus: EventBus;
  /** The page's context. */
  context: PageContext;
  /**
   * Source of tokens; the host API asks only for the services the manifest declares, and for the
   * widget's own backend (`widget:<name>`) about the context's ticket.
   */
  tokens: { getToken(audience: ServiceAudience): Promise<string>; getWidgetToken(widget: string, ticketId?: string): Promise<string> };
  /** Opens a shell route in a new tab. */
  openTab(tab: TabRequest): void;
  /** Navigates the current tab. */
  navigate(path: string): void;
  /** Told about an event the widget did not declare (default: a console warning naming the widget). */
  onUndeclared?(widget: string, direction: 'emits' | 'listens', type: string): void;
}

/** A widget's host API, and `dispose()` to drop every subscription it made when it unmounts. */
export interface WidgetHost {
  /** What the widget's parcel receives. */
  host: HostApi;
  /** Drops the widget's event subscriptions. */
  dispose(): void;
}

/** Events every widget hears without declaring them: the page context and the language. */
export const ALWAYS_DELIVERED: readonly PlatformEventName[] = ['context.changed', 'locale.changed'];

const warnUndeclared = (widget: string, direction: 'emits' | 'listens', type: string) =>
  console.warn(
    direction === 'emits'
      ? `Widget ${widget} emitted "${type}", which its manifest does not declare in "emits": dropped`
      : `Widget ${widget} subscribed to "${type}", which its manifest does not declare in "listens": it will not be delivered`,
  );

const isWidgetAudience = (audience: unknown): audience is WidgetAudience => typeof audience === 'string' && audience.startsWith('widget:');

/**
 * Builds the HostApi (contract v1) for one widget. Tokens are issued for the services its
 * manifest declares (`service`, `services`) and nothing else; identity tokens never reach a widget, since they would open
 * the session's powers (e.g. minting tokens for other services). A token for `widget:<name>` is
 * issued for the widget's own name only (never another widget's backend), about the context's ticket. Events follow the manifest's
 * declarations: an emit not in `emits` is dropped, a subscription not in `listens` (apart from
 * `context.changed` and `locale.changed`) never fires. A manifest without them declares none.
 */
export function createHostApi(options: HostApiOptions): WidgetHost {
  const { manifest, bus, context, tokens } = options;
  const services = declaredServices(manifest).filter((audience) => audience !== 'identity');
  const service = manifest.service ?? services[0];
  const emits = new Set<string>(manifest.emits ?? []);
  const listens = new Set<string>([...(manifest.listens ?? []), ...ALWAYS_DELIVERED]);
  const undeclared = options.onUndeclared ?? warnUndeclared;
  const subscriptions = new Set<() => void>();
  const ownAudience = widgetAudience(manifest.name);
  const backendToken = (audience: WidgetAudience) => {
    if (audience !== ownAudience) {
      return Promise.reject(new Error(`Widget ${manifest.name} may not get a token for "${audience}": only for its own backend, "${ownAudience}"`));
    }
    if (!manifest.connect?.length) {
      return Promise.reject(new Error(`Widget ${manifest.name} has no approved connect origins, so no backend to get a token for`));
    }
    return tokens.getWidgetToken(manifest.name, context.get().ticket?.id);
  };
  const host: HostApi = {
    contractVersion: HOST_CONTRACT_VERSION,
    serviceUrl: service ? `/api/${service}` : '',
    serviceUrls: Object.fromEntries(services.map((audience) => [audience, `/api/${audience}`])),
    context: () => context.get(),
    getToken: (audience = service) => {
      if (!audience) return Promise.reject(new Error(`Widget ${manifest.name} declares no service`));
      if (isWidgetAudience(audience)) return backendToken(audience);
      if (audience === 'identity') return Promise.reject(new Error('Widgets get no identity tokens'));
      if (!services.includes(audience)) {
        return Promise.reject(new Error(`Widget ${manifest.name} does not declare the service "${String(audience)}"`));
      }
      return tokens.getToken(audience);
    },
    openTab: (tab) => options.openTab({ path: shellPath(tab.path), title: String(tab.title), ...(tab.background === true ? { background: true } : {}) }),
    navigate: (path) => options.navigate(shellPath(path)),
    emit: <K extends PlatformEventName>(type: K, payload: PlatformEvents[K]) => {
      if (!emits.has(type)) return undeclared(manifest.name, 'emits', String(type));
      bus.emit(type, payload);
    },
    on: <K extends PlatformEventName>(type: K, handler: (payload: PlatformEvents[K]) => void) => {
      if (!listens.has(type)) {
        undeclared(manifest.name, 'listens', String(type));
        return () => undefined;
      }
      const off = bus.on(type, handler);
      const unsubscribe = () => {
        off();
        subscriptions.delete(unsubscribe);
      };
      subscriptions.add(unsubscribe);
      return unsubscribe;
    },
  };
  return {
    host,
    dispose: () => {
      for (const off of [...subscriptions]) off();
    },
  };
}
