import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { InboundFiler } from './inbound-filer';
import { nextSpooled, noteSpoolFailure, recordSpooled, type SpoolDeps } from './spool-inbound';

/** Records spooled messages in the background, in large batches, then wakes the filer (issue 13). */
export interface InboundSpool {
  /** Remembers the raw bytes of a just spooled message, so recording need not read them back. */
  keep(id: string, bytes: Buffer | null): void;
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
  /** A woken pass waits this long first, so a burst is recorded (and filed) in fewer, larger batches (INBOUND_SPOOL_DELAY_MS; server.ts: 250). */
  delayMs?: number;
}

/** Bytes kept for recording, across all messages; past it, recording reads them from the blob store. */
const KEPT_BYTES = 64 * 1024 * 1024;

/**
 * The spool's recorder: passes run one at a time, each recording batches until fewer than a
 * batch are left, then waking the filer; wakes while a pass runs coalesce into one more pass.
 * A batch that fails is recorded message by message, so one message that cannot be recorded
 * holds up nothing behind it; it is quarantined at its third failure (`noteSpoolFailure`).
 */
export function createInboundSpool(deps: SpoolDeps & { filer: Pick<InboundFiler, 'wake'> }, options: InboundSpoolOptions = {}): InboundSpool {
  const batchSize = options.batchSize ?? 500;
  const kept = new Map<string, Buffer>();
  let keptBytes = 0;
  const bytesOf = (id: string) => kept.get(id);
  const forget = (ids: string[]) => {
    for (const id of ids) {
      keptBytes -= kept.get(id)?.length ?? 0;
      kept.delete(id);
    }
  };
  let closed = false;
  let stopDelay: () => void = () => undefined;
  const delay = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.delayMs);
      stopDelay = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const recordAlone = async (id: string) => {
    try {
      await recordSpooled(deps, [id], bytesOf);
    } catch (error) {
      deps.log.warn({ err: error, spoolId: id }, 'a spooled message could not be recorded');
      await noteSpoolFailure(deps, id, error);
    }
  };
  const record = async (ids: string[]) => {
    if (ids.length > 1) {
      try {
        await recordSpooled(deps, ids, bytesOf);
        return;
      } catch (error) {
        deps.log.warn({ err: error }, 'a batch of spooled messages could not be recorded; recording them one by one');
      }
    }
    for (const id of ids) await recordAlone(id);
  };
  let tail: Promise<void> = Promise.resolve();
  let queued: Promise<void> | null = null;
  const pass = async () => {
    queued = null;
    if (options.delayMs) await delay();
    for (;;) {
      if (closed) return;
      const ids = await nextSpooled(deps.orm.em.fork(), batchSize);
      if (ids.length === 0) return;
      await record(ids);
      forget(ids);
      deps.filer.wake();
      if (ids.length < batchSize) return;
    }
  };
  const enqueue = (): Promise<void> => {
    if (queued) return queued;
    const next = tail.then(pass);
    queued = next;
    tail = next.catch(() => undefined);
    return next;
  };
  const wake = () => {
    if (closed) return;
    enqueue().catch((error: unknown) => deps.log.warn({ err: error }, 'spooled messages could not be recorded yet; a sweep will try again'));
  };
  const sweepMs = options.sweepMs ?? 10_000;
  const sweep = sweepMs > 0 ? setInterval(wake, sweepMs).unref() : undefined;
  // What a crash left spooled.
  wake();
  return {
    keep(id, bytes) {
      if (!bytes) return;
      // Full (also of bytes whose rows another replica recorded): start afresh; recording reads what is dropped from the blob store.
      if (keptBytes + bytes.length > KEPT_BYTES) {
        kept.clear();
        keptBytes = 0;
      }
      kept.set(id, bytes);
      keptBytes += bytes.length;
    },
    wake,
    processNow: enqueue,
    close: async () => {
      closed = true;
      clearInterval(sweep);
      stopDelay();
      await tail;
    },
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Records what the inbound SMTP listener spooled (issue 13), from `onReady` until `preClose`. */
    inboundSpool: Pick<InboundSpool, 'keep' | 'wake' | 'processNow'>;
  }
}

/** Decorates `app.inboundSpool`; its passes start when the app is ready and end when it closes. */
export const inboundSpoolPlugin = fp(
  async (app: FastifyInstance, options: InboundSpoolOptions) => {
    let spool: InboundSpool | undefined;
    app.decorate('inboundSpool', {
      // Before the start, the bytes are read back and the start's own pass records it.
      keep: (id: string, bytes: Buffer | null) => spool?.keep(id, bytes),
      wake: () => spool?.wake(),
      processNow: async () => {
        if (!spool) throw new Error('the inbound spool is not started yet');
        await spool.processNow();
      },
    });
    app.addHook('onReady', async () => {
      spool = createInboundSpool(
        { orm: app.orm, blobStore: app.blobStore, log: app.log, filer: app.inboundFiler, bounced: (emailIds) => app.ticketThreads.emailsChanged(emailIds) },
        options,
      );
    });
    app.addHook('preClose', async () => spool?.close());
  },
  { name: 'mail-inbound-spool', dependencies: ['switchboard-orm', 'mail-resources'] },
);
