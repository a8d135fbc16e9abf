import type { Email, EmailStatus } from '@switchboard/contracts';

/** Statuses of an outbound email still on its way (a scheduled one may also be held back): polling goes on while the email has one. */
export const IN_PROGRESS: readonly EmailStatus[] = ['scheduled', 'queued', 'sending'];

/** Options of a status poller. */
export interface StatusPollerOptions {
  /** `GET /emails/:id`. */
  load(): Promise<Email>;
  /** Called with every copy loaded, changed or not. */
  onUpdate(email: Email): void;
  /** Waits before each poll; the last repeats. Default 1 s three times, then 2 s, 3 s, 5 s. */
  delaysMs?: readonly number[];
}

/**
 * Follows a sent email until it is delivered or failed (E7): polls every second at first, then
 * backs off to every five seconds. A failed poll is retried on the same schedule.
 */
export class StatusPoller {
  private timer?: ReturnType<typeof setTimeout>;
  private polls = 0;
  private running = false;
  private readonly delays: readonly number[];

  constructor(private readonly options: StatusPollerOptions) {
    this.delays = options.delaysMs ?? [1000, 1000, 1000, 2000, 3000, 5000];
  }

  /** True while polling. */
  get active(): boolean {
    return this.running;
  }

  /** Starts (or restarts) polling from the shortest interval. */
  start(): void {
    this.stop();
    this.running = true;
    this.polls = 0;
    this.next();
  }

  /** Stops polling; an answer already on its way is ignored. */
  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private next(): void {
    const delay = this.delays[Math.min(this.polls, this.delays.length - 1)];
    this.polls += 1;
    this.timer = setTimeout(() => void this.poll(), delay);
  }

  private async poll(): Promise<void> {
    let email: Email | undefined;
    try {
      email = await this.options.load();
    } catch {
      // A network hiccup: try again on the schedule.
    }
    if (!this.running) return;
    if (email) {
      this.options.onUpdate(email);
      if (!this.running) return;
      if (!IN_PROGRESS.includes(email.status)) {
        this.stop();
        return;
      }
    }
    this.next();
  }
}
