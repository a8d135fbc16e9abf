import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isTicketsRefusal } from '../errors';
import { fileStoredInbound, type FilingDeps } from './file-inbound';
import { createSerialPasses } from './serial-passes';

/** Files received messages into their tickets in batches, after they were stored (issue 13). */
export interface InboundFiler {
  /** Files what is stored and unfiled soon: a pass starts, or one more follows the running one. */
  wake(): void;
  /** Files everything stored before the call (after the running pass); throws when tickets could not be asked. */
  fileNow(): Promise<void>;
  /** Starts no pass any more and waits for the running one. */
  close(): Promise<void>;
}

export interface InboundFilerOptions {
  /** Most messages per transaction and tickets call (default 500, the most tickets' batch route takes: a recorder's batch is filed in one). */
  batchSize?: number;
  /** Every this many ms, a sweep files what a failed pass or a crash left unfiled (INBOUND_FILE_RETRY_MS, default 10,000; 0 for none). */
  sweepMs?: number;
}

/**
 * The filer: passes run one at a time, each filing batches until fewer than a batch are left;
 * wakes while a pass runs coalesce into one more pass, so a burst of messages is filed in a few
 * batches. A pass that fails (tickets down) leaves the messages stored for the next wake or sweep;
 * a batch tickets refuses is filed one by one, the refused message quarantined (poison isolation).
 */
export function createInboundFiler(deps: FilingDeps, options: InboundFilerOptions = {}): InboundFiler {
  const batchSize = options.batchSize ?? 500;
  /** Files one batch; when tickets refuses it, its messages one by one, so only the refused one is quarantined. Answers how many. */
  const fileBatch = async (): Promise<number> => {
    try {
      return await fileStoredInbound(deps, batchSize);
    } catch (error) {
      if (!isTicketsRefusal(error)) throw error;
      deps.log.warn({ err: error }, 'tickets refused a batch of received emails; filing them one by one');
      let filed = 0;
      while (filed < batchSize && (await fileStoredInbound(deps, 1)) === 1) filed += 1;
      return filed;
    }
  };
  const passes = createSerialPasses({
    pass: async (isClosed) => {
      while (!isClosed() && (await fileBatch()) === batchSize);
    },
    // What a crash or an outage left unfiled is filed by the first pass.
    sweepMs: options.sweepMs ?? 10_000,
    log: deps.log,
    failure: 'received emails could not be filed yet; a sweep will try again',
  });
  return { wake: passes.wake, fileNow: passes.runNow, close: passes.close };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Files stored received messages into their tickets (issue 13), from `onReady` until `preClose`. */
    inboundFiler: Pick<InboundFiler, 'wake' | 'fileNow'>;
  }
}

/** Decorates `app.inboundFiler`; its passes start when the app is ready and end when it closes. */
export const inboundFilerPlugin = fp(
  async (app: FastifyInstance, options: InboundFilerOptions) => {
    let filer: InboundFiler | undefined;
    app.decorate('inboundFiler', {
      // Before the start, the start's own pass files it.
      wake: () => filer?.wake(),
      fileNow: async () => {
        if (!filer) throw new Error('the inbound filer is not started yet');
        await filer.fileNow();
      },
    });
    app.addHook('onReady', async () => {
      filer = createInboundFiler(
        { orm: app.orm, ticketsClient: app.ticketsClient, senderContacts: app.senderContacts, log: app.log, filed: (ticketIds) => app.ticketThreads.changed(ticketIds) },
        options,
      );
    });
    app.addHook('preClose', async () => filer?.close());
  },
  { name: 'mail-inbound-filer', dependencies: ['switchboard-orm', 'mail-resources', 'mail-live-threads'] },
);
