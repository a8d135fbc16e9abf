import type { FastifyBaseLogger } from 'fastify';

/**
 * Background passes that run one at a time (the inbound spool's recorder and the filer): a wake
 * while a pass runs queues one more, and wakes meanwhile coalesce into it. A sweep wakes it every
 * `sweepMs`, and once at the start for what a crash left.
 */
export interface SerialPasses {
  /** A pass soon; a failure is logged and left to the next wake or sweep. */
  wake(): void;
  /** A pass after the running one; rejects when it fails. */
  runNow(): Promise<void>;
  /** Starts no pass any more (`isClosed` turns true) and waits for the running one. */
  close(): Promise<void>;
}

export interface SerialPassesOptions {
  /** One pass; it should stop early once `isClosed()` answers true. */
  pass(isClosed: () => boolean): Promise<void>;
  /** Every this many ms a sweep wakes it (0 for none). */
  sweepMs: number;
  log: FastifyBaseLogger;
  /** Logged at warn with the error when a woken pass fails. */
  failure: string;
  /** Called by `close` before it waits, e.g. to end a pass's wait early. */
  onClose?(): void;
}

export function createSerialPasses(options: SerialPassesOptions): SerialPasses {
  let closed = false;
  let tail: Promise<void> = Promise.resolve();
  let queued: Promise<void> | null = null;
  const isClosed = () => closed;
  const runNow = (): Promise<void> => {
    if (queued) return queued;
    const next = tail.then(() => {
      queued = null;
      return options.pass(isClosed);
    });
    queued = next;
    tail = next.catch(() => undefined);
    return next;
  };
  const wake = () => {
    if (closed) return;
    runNow().catch((error: unknown) => options.log.warn({ err: error }, options.failure));
  };
  const sweep = options.sweepMs > 0 ? setInterval(wake, options.sweepMs).unref() : undefined;
  wake();
  return {
    wake,
    runNow,
    close: async () => {
      closed = true;
      clearInterval(sweep);
      options.onClose?.();
      await tail;
    },
  };
}
