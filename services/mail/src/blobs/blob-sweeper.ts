import type { FastifyBaseLogger } from 'fastify';
import type { BlobSweepResult } from './blob-sweep';

export interface BlobSweeperOptions {
  /** Time from the end of one sweep to the start of the next. */
  intervalMs: number;
  /** One sweep; it should stop early once the signal aborts. */
  sweep(signal: AbortSignal): Promise<BlobSweepResult>;
  log: Pick<FastifyBaseLogger, 'info' | 'debug' | 'error'>;
}

/** Runs sweeps in the background: `start` one at once, the next `intervalMs` after each ends. */
export interface BlobSweeper {
  start(): void;
  /** No further sweep; waits for the running one, which stops at its next file. */
  stop(): Promise<void>;
}

/**
 * Sweeps on a timer that never keeps the process alive. A failed sweep is logged and the next
 * one runs as planned; a sweep that removed something logs what it freed.
 */
export function createBlobSweeper(options: BlobSweeperOptions): BlobSweeper {
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const report = (result: BlobSweepResult) => {
    if (result.removed > 0 || result.tempFilesRemoved > 0) options.log.info(result, 'blob sweep removed unused files');
    else options.log.debug(result, 'blob sweep found nothing to remove');
  };
  const run = () => {
    running = options
      .sweep(stopping.signal)
      .then(report)
      .catch((error: unknown) => options.log.error({ err: error }, 'blob sweep failed'))
      .finally(() => {
        running = undefined;
        if (!stopping.signal.aborted) schedule(options.intervalMs);
      });
  };
  const schedule = (delayMs: number) => {
    timer = setTimeout(run, delayMs);
    timer.unref();
  };

  return {
    start: () => schedule(0),
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
