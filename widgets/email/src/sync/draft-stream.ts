import type { DraftDevicesEvent, Email } from '@switchboard/contracts';
import { SseParser } from './sse-parser';

/** Options of a draft's change stream. */
export interface DraftStreamOptions {
  /** The URL of `GET /emails/:id/changes`. */
  url: string;
  /** A mail token for each (re)connection; EventSource cannot send one, so the stream is read with fetch. */
  getToken(): Promise<string>;
  /** Each saved copy the server sends, the current one first after every (re)connection. */
  onEmail(email: Email): void;
  /** How many devices have the draft open, this one included, whenever that changes. */
  onDevices?(count: number): void;
  /** Whether the stream is connected; false while the mail service cannot be reached. */
  onOnline?(online: boolean): void;
  /** The server refused the stream for good (the draft was sent or discarded, or is not the agent's): no more tries. */
  onRefused?(status: number): void;
  /** Waits before reconnecting; the last repeats. */
  retryDelaysMs?: readonly number[];
  fetch?: typeof fetch;
}

/** What a caller of the stream hears; the API adds the URL, the token and fetch. */
export type DraftStreamHandlers = Pick<DraftStreamOptions, 'onEmail' | 'onDevices' | 'onOnline' | 'onRefused' | 'retryDelaysMs'>;

/** HTTP statuses after which reconnecting cannot help: the draft is gone, not ours, or sent. */
const FINAL_STATUSES = new Set([400, 403, 404, 409]);

/**
 * Reads a draft's saved changes from the mail service (T1) and reconnects after an outage; the
 * first event of each connection is the current copy, so nothing saved meanwhile is missed.
 */
export class DraftStream {
  private readonly abort = new AbortController();
  private attempt = 0;

  constructor(private readonly options: DraftStreamOptions) {
    void this.run();
  }

  /** Stops reading for good. */
  close(): void {
    this.abort.abort();
  }

  private async run(): Promise<void> {
    const delays = this.options.retryDelaysMs ?? [500, 1000, 2000, 5000];
    const doFetch = this.options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
    while (!this.abort.signal.aborted) {
      try {
        const response = await doFetch(this.options.url, {
          headers: { accept: 'text/event-stream', authorization: `Bearer ${await this.options.getToken()}` },
          signal: this.abort.signal,
          cache: 'no-store',
        });
        if (FINAL_STATUSES.has(response.status)) {
          this.options.onRefused?.(response.status);
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        await this.read(response.body);
      } catch {
        // An outage or a reset: said below, then tried again.
      }
      if (this.abort.signal.aborted) return;
      this.options.onOnline?.(false);
      const delay = delays[Math.min(this.attempt, delays.length - 1)];
      this.attempt += 1;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.abort.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const parser = new SseParser();
    const decoder = new TextDecoder();
    const reader = body.getReader();
    let first = true;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const event of parser.feed(decoder.decode(value, { stream: true }))) {
        if (event.event === 'devices') this.options.onDevices?.((JSON.parse(event.data) as DraftDevicesEvent).count);
        if (event.event !== 'draft') continue;
        if (first) {
          first = false;
          this.attempt = 0;
          this.options.onOnline?.(true);
        }
        this.options.onEmail(JSON.parse(event.data) as Email);
      }
    }
  }
}
