import type { EmailSummary } from '@switchboard/contracts';
import type { EventBus } from '../widgets/event-bus';
import type { MailClient } from './mail-client';

/** What the postponed-activities button shows. */
export type PostponedState =
  | { status: 'idle' }
  | { status: 'loading'; items?: readonly EmailSummary[] }
  | { status: 'ready'; items: readonly EmailSummary[] }
  | { status: 'failed'; items?: readonly EmailSummary[] };

/**
 * The agent's postponed emails (E8), shared by the top panel's button and list. `refresh()` is
 * called when the browser tab gains focus and when a widget reports an `email.changed`. A call
 * during a load queues one more load after it (the running one may predate the change); further
 * calls share that queued one.
 */
export class PostponedEmails {
  private current: PostponedState = { status: 'idle' };
  private readonly listeners = new Set<() => void>();
  private running?: Promise<void>;
  private queued?: Promise<void>;
  /** Bumped by `clear()`, so a load started before a logout never fills the list again. */
  private generation = 0;

  constructor(private readonly mail: Pick<MailClient, 'postponed'>) {}

  /** The latest state. */
  get state(): PostponedState {
    return this.current;
  }

  /** Loads the list again; resolves once a load that started after this call has finished. */
  refresh(): Promise<void> {
    if (!this.running) {
      this.running = this.load(this.generation).finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.refresh();
    });
    return this.queued;
  }

  /** Forgets the list, e.g. on logout. */
  clear(): void {
    this.generation += 1;
    this.set({ status: 'idle' });
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private async load(generation: number): Promise<void> {
    const items = 'items' in this.current ? this.current.items : undefined;
    this.set({ status: 'loading', items });
    try {
      const loaded = await this.mail.postponed();
      if (generation === this.generation) this.set({ status: 'ready', items: loaded });
    } catch (error) {
      console.error('Postponed emails could not be loaded', error);
      if (generation === this.generation) this.set({ status: 'failed', items });
    }
  }

  private set(state: PostponedState): void {
    this.current = state;
    for (const listener of this.listeners) listener();
  }
}

/**
 * Refreshes `postponed` whenever a widget on the page's bus reports `email.changed` (saved, sent,
 * postponed or discarded: the count may have moved). Returns the unsubscribe function.
 */
export function followEmailChanges(bus: Pick<EventBus, 'on'>, postponed: Pick<PostponedEmails, 'refresh'>): () => void {
  return bus.on('email.changed', () => void postponed.refresh());
}
