import {
  HOST_CONTRACT_VERSION,
  type HostApi,
  type PlatformEventName,
  type PlatformEvents,
  type TabRequest,
  type WidgetContext,
} from '@switchboard/contracts';

/** Options of an in-memory host. */
export interface MemoryHostOptions {
  /** The page context the widget starts with. */
  context: WidgetContext;
  /** Base URL of the widget's service (default `/api/test`). */
  serviceUrl?: string;
  /** What `getToken()` resolves to (default `test-token`). */
  token?: string;
}

/** One event a widget emitted. */
export interface EmittedEvent<K extends PlatformEventName = PlatformEventName> {
  type: K;
  payload: PlatformEvents[K];
}

/** A host that keeps everything in memory and records what the widget asked of the shell. */
export interface MemoryHost extends HostApi {
  /** Events emitted through `emit`, in order. */
  readonly emitted: EmittedEvent[];
  /** Tabs requested through `openTab`, in order. */
  readonly openedTabs: TabRequest[];
  /** Paths requested through `navigate`, in order. */
  readonly navigations: string[];
  /** Changes the context as the shell would: `context.changed`, plus `locale.changed` on a new language. */
  setContext(patch: Partial<WidgetContext>): void;
}

/**
 * An in-memory `HostApi` for a widget's unit tests and demos, without a shell: events go to
 * every subscriber (the emitter too, as on the shell's bus).
 */
export function createMemoryHost(options: MemoryHostOptions): MemoryHost {
  let context = options.context;
  const handlers = new Map<PlatformEventName, Set<(payload: never) => void>>();
  const emitted: EmittedEvent[] = [];
  const deliver = <K extends PlatformEventName>(type: K, payload: PlatformEvents[K]) => {
    for (const handler of [...(handlers.get(type) ?? [])]) (handler as (payload: PlatformEvents[K]) => void)(payload);
  };
  return {
    contractVersion: HOST_CONTRACT_VERSION,
    serviceUrl: options.serviceUrl ?? '/api/test',
    emitted,
    openedTabs: [],
    navigations: [],
    context: () => context,
    getToken: async () => options.token ?? 'test-token',
    openTab(tab) {
      this.openedTabs.push(tab);
    },
    navigate(path) {
      this.navigations.push(path);
    },
    emit(type, payload) {
      emitted.push({ type, payload } as EmittedEvent);
      deliver(type, payload);
    },
    on(type, handler) {
      const set = handlers.get(type) ?? new Set();
      set.add(handler);
      handlers.set(type, set);
      return () => set.delete(handler);
    },
    setContext(patch) {
      const previous = context;
      context = { ...context, ...patch, user: { ...context.user, ...patch.user } };
      deliver('context.changed', context);
      if (context.user.locale !== previous.user.locale) deliver('locale.changed', { locale: context.user.locale });
    },
  };
}
