import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { InboundFiler } from './inbound-filer';
import { createSerialPasses } from './serial-passes';
import { nextSpooled, noteSpoolFailure, recordSpooled, type SpoolDeps } from './spool-inbound';

/** Records spooled messages in the background, in large batches, then wakes the filer (issue 13). */
export interface InboundSpool {
  /** Records what is spooled soon: a pass starts (after `delayMs`), or one more follows the running one. */
  wake(): void;
  /** Records everything spooled before the call (after the running pass); throws when the database failed. */
  processNow(): Promise<void>;
  /** Starts no pass any more and waits for the running one. */
  close(): Promise<void>;
}

export interface InboundSpoolOptions {
  /** Most messages per recording transaction (default 500). */
  batchSize?: number;
  /** Every this many ms, a sweep records what a failed pass or a crash left spooled (INBOUND_SPOOL_RETRY_MS, default 10,000; 0 for none). */
  sweepMs?: number;
  /** A woken pass waits this long first, so a burst is recorded (and filed) in fewer, larger batches; a batch's worth of wakes during the wait ends it (INBOUND_SPOOL_DELAY_MS; server.ts: 250). */
  delayMs?: number;
}

/**
 * The spool's recorder: passes run one at a time, each recording batches until fewer than a
 * batch are left, then waking the filer; wakes while a pass runs coalesce into one more pass.
 * A batch that fails is recorded message by message, so one message that cannot be recorded
 * holds up nothing behind it; it is quarantined at its third failure (`noteSpoolFailure`).
 */
export function createInboundSpool(deps: SpoolDeps & { filer: Pick<InboundFiler, 'wake'> }, options: InboundSpoolOptions = {}): InboundSpool {
  const batchSize = options.batchSize ?? 500;
  let stopDelay: () => void = () => undefined;
  /** Wakes (messages spooled) since the running wait began: a batch's worth ends it early. */
  let wokenWhileWaiting = 0;
  const delay = () =>
    new Promise<void>((resolve) => {
      wokenWhileWaiting = 0;
      const timer = setTimeout(resolve, options.delayMs);
      stopDelay = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const recordAlone = async (id: string) => {
    try {
      await recordSpooled(deps, [id]);
    } catch (error) {
      deps.log.warn({ err: error, spoolId: id }, 'a spooled message could not be recorded');
      await noteSpoolFailure(deps, id, error);
    }
  };
  const record = async (ids: string[]) => {
    if (ids.length > 1) {
      try {
        await recordSpooled(deps, ids);
        return;
      } catch (error) {
        deps.log.warn({ err: error }, 'a batch of spooled messages could not be recorded; recording them one by one');
      }
    }
    for (const id of ids) await recordAlone(id);
  };
  const passes = createSerialPasses({
    pass: async (isClosed) => {
      if (options.delayMs) await delay();
      for (;;) {
        if (isClosed()) return;
        const { ids, more } = await nextSpooled(deps.orm.em.fork(), batchSize);
        if (ids.length === 0) return;
        await record(ids);
        deps.filer.wake();
        if (!more) return;
      }
    },
    // What a crash left spooled is recorded by the first pass.
    sweepMs: options.sweepMs ?? 10_000,
    log: deps.log,
    failure: 'spooled messages could not be recorded yet; a sweep will try again',
    onClose: () => stopDelay(),
  });
  const wake = () => {
    wokenWhileWaiting += 1;
    if (wokenWhileWaiting >= batchSize) stopDelay();
    passes.wake();
  };
  return { wake, processNow: passes.runNow, close: passes.close };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Records what the inbound SMTP listener spooled (issue 13), from `onReady` until `preClose`. */
    inboundSpool: Pick<InboundSpool, 'wake' | 'processNow'>;
  }
}

/** Decorates `app.inboundSpool`; its passes start when the app is ready and end when it closes. */
export const inboundSpoolPlugin = fp(
  async (app: FastifyInstance, options: InboundSpoolOptions) => {
    let spool: InboundSpool | undefined;
    app.decorate('inboundSpool', {
      // Before the start, the start's own pass records what was spooled.
      wake: () => spool?.wake(),
      processNow: async () => {
        if (!spool) throw new Error('the inbound spool is not started yet');
        await spool.processNow();
      },
    });
    app.addHook('onReady', async () => {
      spool = createInboundSpool(
        { orm: app.orm, blobStore: app.blobStore, parser: app.inboundParser, log: app.log, filer: app.inboundFiler, bounced: (emailIds) => app.ticketThreads.emailsChanged(emailIds) },
        options,
      );
    });
    app.addHook('preClose', async () => spool?.close());
  },
  { name: 'mail-inbound-spool', dependencies: ['switchboard-orm', 'mail-resources', 'mail-inbound-parser'] },
);
