import { SseParser } from './sse-parser';

/** Options of a mail change stream (server-sent events read with fetch). */
export interface LiveStreamOptions {
  /** The stream's URL. */
  url: string;
  /** A mail token for each (re)connection; EventSource cannot send one, so the stream is read with fetch. */
  getToken(): Promise<string>;
  /** Handlers by event name, each given the event's parsed JSON; other events are ignored. */
  events: Record<string, (data: unknown) => void>;
  /** The event each connection starts with (the current state): it marks the stream connected. */
  connectedBy: string;
  /** Whether the stream is connected; false while the mail service cannot be reached. */
  onOnline?(online: boolean): void;
  /** The server refused the stream for good (gone, or not the agent's): no more tries. */
  onRefused?(status: number): void;
  /** Waits before reconnecting; the last repeats. */
  retryDelaysMs?: readonly number[];
  fetch?: typeof fetch;
}

/** HTTP statuses after which reconnecting cannot help: the record is gone, not the agent's, or done. */
const FINAL_STATUSES = new Set([400, 403, 404, 409]);

/**
 * Reads a change stream of the mail service and reconnects after an outage, waiting longer after
 * each failed try; the first event of each connection is the current state, so nothing that
 * changed meanwhile is missed. `close()` aborts the request under way and every later try.
 */
export class LiveStream {
  private readonly abort = new AbortController();
  private attempt = 0;

  constructor(private readonly options: LiveStreamOptions) {
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
        const handler = this.options.events[event.event];
        if (!handler) continue;
        if (first && event.event === this.options.connectedBy) {
          first = false;
          this.attempt = 0;
          this.options.onOnline?.(true);
        }
        handler(JSON.parse(event.data));
      }
    }
  }
}
