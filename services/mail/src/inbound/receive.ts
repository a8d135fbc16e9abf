import { Transform, type Readable } from 'node:stream';
import { BlobTooLargeError, type BlobStore } from '@switchboard/service-kit';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { InboundKind } from './classify';
import type { InboundFiler } from './inbound-filer';
import { INBOUND_MAX_BYTES, TOO_LARGE_REASON } from './limits';
import { parseInbound } from './parse-message';
import { recordParsed, recordUnparsed, type InboundRow, type ParsedRaw, type RawInbound } from './store-inbound';

/** What receiving needs: the database, the blob store, and the filer that files what is stored. */
export interface InboundDeps {
  orm: MikroORM;
  blobStore: BlobStore;
  log: FastifyBaseLogger;
  filer: Pick<InboundFiler, 'wake'>;
}

/** The app's receiving dependencies. */
export const inboundDepsOf = (app: FastifyInstance): InboundDeps => ({
  orm: app.orm,
  blobStore: app.blobStore,
  log: app.log,
  filer: app.inboundFiler,
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

/**
 * Receives one raw message for a queue: its bytes are stored first (refused over 25 MB), then
 * it is parsed (from memory when small) and recorded once per key (Message-ID, else sha256), in
 * one transaction (`record`: alone, or with the messages that arrived with it); then the filer is woken, which files it into its ticket with others in a
 * batch (issue 13). Once this resolves the message is kept, filed or not: a sweep files what
 * tickets could not take. Throws only when storing failed for a reason worth a retry (the
 * database): the raw bytes and any row already written stay, and a retry picks them up.
 */
export async function receiveInbound(
  deps: InboundDeps,
  source: Readable,
  where: Omit<RawInbound, 'sha256' | 'size'>,
  record: (parsed: ParsedRaw) => Promise<InboundRow> = ({ raw, mail }) => recordParsed(deps.orm.em.fork(), deps.blobStore, raw, mail),
): Promise<InboundOutcome> {
  let raw: RawInbound;
  const kept = keepSmall(source);
  try {
    const put = await deps.blobStore.put(kept.stream, { maxBytes: INBOUND_MAX_BYTES });
    raw = { ...where, sha256: put.sha256, size: put.size };
  } catch (error) {
    if (error instanceof BlobTooLargeError) return { state: 'refused', reason: TOO_LARGE_REASON };
    throw error;
  }
  let parsed;
  try {
    parsed = await parseInbound(deps.blobStore, raw.sha256, kept.bytes());
  } catch (error) {
    const reason = `unreadable message: ${error instanceof Error ? error.message : String(error)}`;
    deps.log.warn({ sha256: raw.sha256, reason }, 'inbound message quarantined');
    const row = await recordUnparsed(deps.orm.em.fork(), deps.blobStore, raw, reason);
    return { state: 'quarantined', inboundId: row.id, reason: row.reason ?? reason, duplicate: !row.isNew };
  }
  const row = await record({ raw, mail: parsed });
  if (row.state === 'quarantined') return { state: 'quarantined', inboundId: row.id, reason: row.reason ?? '', duplicate: !row.isNew };
  if (row.state === 'refused') return { state: 'refused', reason: row.reason ?? '' };
  if (!row.threaded && row.emailId) deps.filer.wake();
  return { state: 'stored', inboundId: row.id, kind: row.kind, emailId: row.emailId, duplicate: !row.isNew };
}
