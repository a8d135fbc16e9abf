import type { PlatformEventName, PlatformEvents } from '@switchboard/contracts';

type Handler<K extends PlatformEventName> = (payload: PlatformEvents[K]) => void;

/**
 * The typed event bus of one page, shared by the shell and every widget on it. A handler that
 * throws is reported and skipped, so one broken widget cannot stop the others hearing an event.
 */
export class EventBus {
  private readonly handlers = new Map<PlatformEventName, Set<Handler<PlatformEventName>>>();

  constructor(
    /** Called with the error of a handler that threw. */
    private readonly onHandlerError: (error: unknown, type: PlatformEventName) => void = (error, type) =>
      console.error(`Handler of ${type} failed`, error),
  ) {}

  /** Delivers `payload` to every current handler of `type`, in subscription order. */
  emit<K extends PlatformEventName>(type: K, payload: PlatformEvents[K]): void {
    for (const handler of [...(this.handlers.get(type) ?? [])]) {
      try {
        (handler as Handler<K>)(payload);
      } catch (error) {
        this.onHandlerError(error, type);
      }
    }
  }

  /** Subscribes to `type`; returns the unsubscribe function. */
  on<K extends PlatformEventName>(type: K, handler: Handler<K>): () => void {
    const set = this.handlers.get(type) ?? new Set();
    this.handlers.set(type, set);
    const entry = handler as Handler<PlatformEventName>;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /** Drops every subscription, when the page goes away. */
  clear(): void {
    this.handlers.clear();
  }
}
