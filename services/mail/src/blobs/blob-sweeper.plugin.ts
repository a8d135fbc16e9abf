import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sweepBlobs } from './blob-sweep';
import { createBlobSweeper } from './blob-sweeper';

/** When sweeps run (BLOB_SWEEP_INTERVAL_MS, BLOB_SWEEP_GRACE_MS). */
export interface BlobSweeperPluginOptions {
  /** Time from the end of one sweep to the start of the next. */
  intervalMs: number;
  /** Only files last written at least this long ago are removed. */
  graceMs: number;
}

/** Sweeps `app.blobStore` for attachment bytes no email uses: at `onReady`, then every interval, until `preClose`. */
export const blobSweeperPlugin = fp(
  async (app: FastifyInstance, options: BlobSweeperPluginOptions) => {
    const sweeper = createBlobSweeper({
      intervalMs: options.intervalMs,
      sweep: (signal) => sweepBlobs(app.orm.em.fork(), app.blobStore, { graceMs: options.graceMs, signal }),
      log: app.log,
    });
    app.addHook('onReady', async () => sweeper.start());
    app.addHook('preClose', async () => sweeper.stop());
  },
  { name: 'mail-blob-sweeper', dependencies: ['switchboard-orm'], decorators: { fastify: ['blobStore'] } },
);
