import { createHash } from 'node:crypto';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { BlobTooLargeError, type BlobStore } from '@switchboard/service-kit';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { InboundKind } from './classify';
import type { InboundFiler } from './inbound-filer';
import { INBOUND_MAX_BYTES, TOO_LARGE_REASON } from './limits';
import type { InboundParser } from './inbound-parser';
import type { InboundSpool } from './inbound-spool';
import { bouncedEmails, type SpoolItem } from './spool-inbound';
import { recordParsed, recordUnparsed, type RawInbound } from './store-inbound';

/** What receiving needs: the database, the blob store, the filer that files what is recorded, and the spool's recorder. */
export interface InboundDeps {
  orm: MikroORM;
  blobStore: BlobStore;
  /** Parses in worker threads (started with the SMTP listener). */
  parser: Pick<InboundParser, 'parse' | 'start'>;
  log: FastifyBaseLogger;
  filer: Pick<InboundFiler, 'wake'>;
  spool: Pick<InboundSpool, 'wake'>;
  /** Hears, once recorded, the outbound emails bounces failed (their tickets' live threads). */
  bounced?: (emailIds: string[]) => Promise<void>;
}

/** The app's receiving dependencies. */
export const inboundDepsOf = (app: FastifyInstance): InboundDeps => ({
  orm: app.orm,
  blobStore: app.blobStore,
  parser: app.inboundParser,
  log: app.log,
  filer: app.inboundFiler,
  spool: app.inboundSpool,
  bounced: (emailIds) => app.ticketThreads.emailsChanged(emailIds),
});

/** The outcome of one delivery; `duplicate` when an earlier delivery recorded the same key. */
export type InboundOutcome =
  | { state: 'stored'; inboundId: string; kind: InboundKind; emailId: string | null; duplicate: boolean }
  | { state: 'quarantined'; inboundId: string; reason: string; duplicate: boolean }
  | { state: 'refused'; reason: string };

/** Messages up to this size are parsed from memory rather than read back from the blob store. */
const PARSE_IN_MEMORY_BYTES = 1024 * 1024;

/** Passes `source` through, keeping its bytes when they are at most PARSE_IN_MEMORY_BYTES. */
function keepSmall(source: Readable): { stream: Readable; bytes(): Buffer | null } {
  let chunks: Buffer[] | null = [];
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (chunks && size <= PARSE_IN_MEMORY_BYTES) chunks.push(chunk);
      else chunks = null;
      callback(null, chunk);
    },
  });
  source.once('error', (error) => stream.destroy(error));
  source.pipe(stream);
  return { stream, bytes: () => (chunks ? Buffer.concat(chunks) : null) };
}

/** Streams a raw message into the blob store (refused over 25 MB: null), keeping its bytes when small. */
async function storeRaw(deps: InboundDeps, source: Readable, where: Omit<RawInbound, 'sha256' | 'size'>): Promise<{ raw: RawInbound; bytes: Buffer | null } | null> {
  const kept = keepSmall(source);
  try {
    const put = await deps.blobStore.put(kept.stream, { maxBytes: INBOUND_MAX_BYTES });
    return { raw: { ...where, sha256: put.sha256, size: put.size }, bytes: kept.bytes() };
  } catch (error) {
    if (error instanceof BlobTooLargeError) return null;
    throw error;
  }
}

/**
 * Receives one raw message for a queue (the IMAP poller): its bytes are stored first (refused
 * over 25 MB), then it is parsed (from memory when small) and recorded once per key
 * (Message-ID, else sha256) in one transaction; then the filer is woken, which files it into its
 * ticket with others in a batch (issue 13). Once this resolves the message is kept, filed or
 * not: a sweep files what tickets could not take. Throws only when storing failed for a reason
 * worth a retry (the database): the raw bytes and any row already written stay, and a retry
 * picks them up.
 */
export async function receiveInbound(deps: InboundDeps, source: Readable, where: Omit<RawInbound, 'sha256' | 'size'>): Promise<InboundOutcome> {
  const stored = await storeRaw(deps, source, where);
  if (!stored) return { state: 'refused', reason: TOO_LARGE_REASON };
  const { raw, bytes } = stored;
  let parsed;
  try {
    parsed = await deps.parser.parse(deps.blobStore, raw.sha256, bytes);
  } catch (error) {
    const reason = `unreadable message: ${error instanceof Error ? error.message : String(error)}`;
    deps.log.warn({ sha256: raw.sha256, reason }, 'inbound message quarantined');
    const row = await recordUnparsed(deps.orm.em.fork(), deps.blobStore, raw, reason);
    return { state: 'quarantined', inboundId: row.id, reason: row.reason ?? reason, duplicate: !row.isNew };
  }
  const row = await recordParsed(deps.orm.em.fork(), deps.blobStore, raw, parsed);
  if (row.state === 'quarantined') return { state: 'quarantined', inboundId: row.id, reason: row.reason ?? '', duplicate: !row.isNew };
  if (row.state === 'refused') return { state: 'refused', reason: row.reason ?? '' };
  const bounced = bouncedEmails([row]);
  if (bounced.length > 0) await deps.bounced?.(bounced);
  if (!row.threaded && row.emailId) deps.filer.wake();
  return { state: 'stored', inboundId: row.id, kind: row.kind, emailId: row.emailId, duplicate: !row.isNew };
}

/** The outcome of taking one message into the spool. */
export type TakenOutcome = { state: 'spooled'; spoolId: string } | { state: 'refused'; reason: string };

/** Messages up to this size are spooled with their bytes in the row, so no blob put happens before the 250. */
export const SPOOL_IN_ROW_BYTES = 256 * 1024;

/** Reads `source` whole when it ends within `limit` bytes; past it, answers a stream of all its bytes (those read and the rest). */
function readUpTo(source: Readable, limit: number): Promise<{ bytes: Buffer } | { stream: Readable }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onEnd = () => resolve({ bytes: Buffer.concat(chunks, size) });
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size <= limit) return;
      source.off('data', onData).off('end', onEnd).off('error', reject);
      const stream = new PassThrough();
      for (const read of chunks) stream.write(read);
      source.once('error', (error) => stream.destroy(error));
      source.pipe(stream);
      resolve({ stream });
    };
    source.on('data', onData).once('end', onEnd).once('error', reject);
  });
}

/**
 * Takes one raw message into the spool (the SMTP listener, issue 13): a message of at most
 * SPOOL_IN_ROW_BYTES is spooled with its bytes in the row; a larger one is stored in the blob
 * store first (refused over 25 MB). `spool` spools it with the messages taken at the same time
 * (one transaction for them all). Once this resolves the message is never lost, and the spool's
 * recorder stores, parses, records and files it in a batch after the answer. Throws when
 * storing or spooling failed (worth a retry by the sender).
 */
export async function takeInbound(
  deps: InboundDeps,
  source: Readable,
  where: Omit<RawInbound, 'sha256' | 'size'>,
  spool: (item: SpoolItem) => Promise<string>,
): Promise<TakenOutcome> {
  const read = await readUpTo(source, SPOOL_IN_ROW_BYTES);
  let item: SpoolItem;
  if ('bytes' in read) {
    item = { ...where, sha256: createHash('sha256').update(read.bytes).digest('hex'), size: read.bytes.length, bytes: read.bytes };
  } else {
    const stored = await storeRaw(deps, read.stream, where);
    if (!stored) return { state: 'refused', reason: TOO_LARGE_REASON };
    item = { ...stored.raw, bytes: null };
  }
  const spoolId = await spool(item);
  deps.spool.wake();
  return { state: 'spooled', spoolId };
}
