import { createPeriodicTask, type PeriodicTask } from '@switchboard/service-kit';
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
export type BlobSweeper = Pick<PeriodicTask, 'start' | 'stop'>;

/**
 * Sweeps as a kit periodic task (its timer never keeps the process alive). A failed sweep is
 * logged and the next one runs as planned; a sweep that removed something logs what it freed.
 */
export function createBlobSweeper(options: BlobSweeperOptions): BlobSweeper {
  const { log } = options;
  return createPeriodicTask({
    name: 'blob sweep',
    intervalMs: options.intervalMs,
    log,
    step: async (signal) => {
      const result = await options.sweep(signal);
      if (result.removed > 0 || result.tempFilesRemoved > 0) log.info(result, 'blob sweep removed unused files');
      else log.debug(result, 'blob sweep found nothing to remove');
    },
  });
}
