import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { numberedParameters, queryPrepared, type BlobStore } from '@switchboard/service-kit';
import type { FastifyBaseLogger } from 'fastify';
import type { InboundParser } from './inbound-parser';
import { addStoredBlobs, dedupKeyOf, recordParsedBatch, recordUnparsed, recordWithoutBytes, type InboundRow, type ParsedRaw, type RawInbound } from './store-inbound';

/** What recording spooled messages needs. */
export interface SpoolDeps {
  orm: MikroORM;
  blobStore: BlobStore;
  /** Parses in worker threads. */
  parser: Pick<InboundParser, 'parseAll'>;
  log: FastifyBaseLogger;
  /** Hears, once recorded, the outbound emails bounces failed (their tickets' live threads, issue 13). */
  bounced?: (emailIds: string[]) => Promise<void>;
}

/** A message to spool: its raw bytes in the row (`bytes`), or already in the blob store (null). */
export type SpoolItem = Omit<RawInbound, 'receivedAt'> & { bytes: Buffer | null };

/** Columns of one spool row in the spooling insert, each a parameter. */
const SPOOL_INSERT_COLUMNS = ['id', 'raw_sha256', 'raw_size', 'raw', 'queue_id', 'source'] as const;

/** The insert of `count` spool rows, with `?` parameters (for the ORM) and numbered (for a prepared statement). */
type SpoolInsert = { sql: string; numbered: string };

/** The spooling inserts made so far, by row count: one per group size (a group is at most the listener's sessions). */
const spoolInserts: SpoolInsert[] = [];

/**
 * The insert of `count` spool rows: the raw bytes a bytea parameter (sent as they are, not
 * encoded); row n's `received_at` is n microseconds after the statement's time.
 */
function spoolInsert(count: number): SpoolInsert {
  const known = spoolInserts[count];
  if (known) return known;
  const row = (n: number) => `(${SPOOL_INSERT_COLUMNS.map(() => '?').join(', ')}, now() + interval '${n} microseconds')`;
  const sql = `insert into mail.inbound_spool (${SPOOL_INSERT_COLUMNS.join(', ')}, received_at) values ${Array.from({ length: count }, (_row, n) => row(n)).join(', ')}`;
  return (spoolInserts[count] = { sql, numbered: numberedParameters(sql) });
}

/**
 * Spools messages in one transaction: one `mail.inbound_spool` row each, holding the raw bytes
 * of a small message; the blobs of the others (already stored) are locked and kept
 * (`mail.blob`) first. Once this commits the listener may answer 250: the rows outlive a crash.
 * Each row's `received_at` is one microsecond after the one before it, so the spool's order is
 * the order the messages were taken in. When every message's bytes are in its row (the usual
 * case), this is one prepared statement per group size, its own transaction. `em` may be the
 * app's own (not a fork): the statement only takes a pooled connection, a transaction forks.
 */
export async function spoolRaw(em: EntityManager, store: BlobStore, items: readonly SpoolItem[]): Promise<string[]> {
  const ids = items.map(() => randomUUID());
  const values = items.flatMap((item, n) => [ids[n], item.sha256, item.size, item.bytes, item.queueId, item.source]);
  const insert = spoolInsert(items.length);
  const stored = items.filter((item) => !item.bytes);
  if (stored.length === 0) await queryPrepared(em, `mail.inbound.spool.${items.length}`, insert.numbered, values);
  else
    await em.transactional(async (tx) => {
      await addStoredBlobs(tx, store, stored);
      await tx.execute(insert.sql, values);
    });
  return ids;
}

type SpoolRow = { id: string; raw_sha256: string; raw_size: string; queue_id: string | null; source: RawInbound['source']; received_at: Date; raw: Buffer | null };

const rawOf = (row: SpoolRow): RawInbound => ({ sha256: row.raw_sha256, size: Number(row.raw_size), queueId: row.queue_id, source: row.source, receivedAt: row.received_at });

const SPOOL_COLUMNS = 'id, raw_sha256, raw_size, queue_id, source, received_at, raw';

/** Raw bytes held in spool rows that one batch reads at most (a single larger message still goes alone). */
const BATCH_ROW_BYTES = 32 * 1024 * 1024;

/**
 * The oldest spooled messages, in the order they were taken: at most `limit`, and no more than
 * BATCH_ROW_BYTES of bytes held in their rows (at least one). `more` when others were left.
 */
export async function nextSpooled(em: EntityManager, limit: number): Promise<{ ids: string[]; more: boolean }> {
  const rows = await em.execute<{ id: string; row_bytes: string }[]>(
    'select id, case when raw is null then 0 else raw_size end as row_bytes from mail.inbound_spool order by received_at, id limit ?',
    [limit],
  );
  const ids: string[] = [];
  let bytes = 0;
  for (const row of rows) {
    if (ids.length > 0 && bytes + Number(row.row_bytes) > BATCH_ROW_BYTES) break;
    bytes += Number(row.row_bytes);
    ids.push(row.id);
  }
  return { ids, more: ids.length === limit || ids.length < rows.length };
}

type Parsed = { row: SpoolRow; parsed: ParsedRaw } | { row: SpoolRow; unreadable: string };

/** Throws when the raw bytes a spool row holds do not match the digest it names (damaged): such a row is never recorded. */
function checkRowBytes(row: SpoolRow): void {
  if (row.raw && createHash('sha256').update(row.raw).digest('hex') !== row.raw_sha256) throw new Error(`spooled bytes of ${row.id} do not match their digest`);
}

/** Puts the raw bytes a spool row holds (if any) into the blob store, under the digest the row names. */
async function putRowBytes(store: BlobStore, row: SpoolRow): Promise<void> {
  if (!row.raw) return;
  const put = await store.putBytes(row.raw, { maxBytes: row.raw.length });
  if (put.sha256 !== row.raw_sha256) throw new Error(`spooled bytes of ${row.id} do not match their digest`);
}

/**
 * Records the spooled messages `ids` (those no other replica holds) in one transaction: each is
 * parsed (in the parse workers, from the bytes its row holds, else from the blob store) and
 * recorded once per key as `recordParsedBatch` does, the bytes a row holds copied into the
 * record; an unreadable one is quarantined with the reason, its bytes put into the blob store
 * (as every quarantined message's are); their spool rows are deleted in the same transaction, so a
 * crash leaves either the spool rows or the records, never neither, never both. Answers how
 * many it recorded.
 */
export async function recordSpooled(deps: SpoolDeps, ids: string[]): Promise<number> {
  const { recorded, bounced } = await deps.orm.em.fork().transactional(async (tx) => {
    const rows = await tx.execute<SpoolRow[]>(`select ${SPOOL_COLUMNS} from mail.inbound_spool where id in (?) order by received_at, id for update skip locked`, [ids]);
    if (rows.length === 0) return { recorded: 0, bounced: [] };
    rows.forEach(checkRowBytes);
    const results = await deps.parser.parseAll(
      deps.blobStore,
      rows.map((row) => ({ rawSha256: row.raw_sha256, bytes: row.raw })),
    );
    const parsed = rows.map((row, index): Parsed => {
      const result = results[index]!;
      if ('unreadable' in result) return { row, unreadable: `unreadable message: ${result.unreadable}` };
      return { row, parsed: { raw: { ...rawOf(row), ...(row.raw ? { spoolId: row.id } : {}) }, mail: result.mail } };
    });
    for (const item of parsed) {
      if (!('unreadable' in item)) continue;
      deps.log.warn({ sha256: item.row.raw_sha256, reason: item.unreadable }, 'inbound message quarantined');
      // A blob store that cannot take the bytes fails the batch (to be retried), it quarantines nothing.
      await putRowBytes(deps.blobStore, item.row);
      await recordUnparsed(tx, deps.blobStore, rawOf(item.row), item.unreadable);
    }
    const readable = parsed.flatMap((item) => ('parsed' in item ? [item.parsed] : []));
    const recordedRows = readable.length > 0 ? await recordParsedBatch(tx, deps.blobStore, readable) : [];
    await tx.execute('delete from mail.inbound_spool where id in (?)', [rows.map((row) => row.id)]);
    return { recorded: rows.length, bounced: bouncedEmails(recordedRows) };
  });
  if (bounced.length > 0) await deps.bounced?.(bounced);
  return recorded;
}

/** The outbound emails that newly recorded bounces failed. */
export const bouncedEmails = (rows: InboundRow[]): string[] => rows.flatMap((row) => (row.kind === 'bounce' && row.isNew && row.emailId ? [row.emailId] : []));

/** A spooled message that failed to record alone this many times is quarantined. */
export const RECORD_ATTEMPTS = 3;

/**
 * Notes that the spooled message `id` failed to record alone; at its RECORD_ATTEMPTS-th failure
 * it is quarantined (state and reason in `mail.inbound_message`, for admins; without its raw
 * bytes when they are lost) and leaves the spool, so it no longer holds up what came after it.
 * Answers whether it was quarantined.
 */
export async function noteSpoolFailure(deps: SpoolDeps, id: string, error: unknown): Promise<boolean> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 900);
  const [row] = await deps.orm.em
    .fork()
    .execute<(SpoolRow & { attempts: number })[]>(`update mail.inbound_spool set attempts = attempts + 1, last_error = ? where id = ? returning ${SPOOL_COLUMNS}, attempts`, [
      message,
      id,
    ]);
  if (!row || row.attempts < RECORD_ATTEMPTS) return false;
  const reason = `could not be recorded (${RECORD_ATTEMPTS} attempts): ${message}`;
  deps.log.warn({ sha256: row.raw_sha256, reason }, 'inbound message quarantined');
  return deps.orm.em.fork().transactional(async (tx) => {
    const [held] = await tx.execute<{ id: string }[]>('select id from mail.inbound_spool where id = ? for update skip locked', [id]);
    if (!held) return false;
    const raw = rawOf(row);
    try {
      // A savepoint: when the raw bytes are gone, only it is rolled back.
      await putRowBytes(deps.blobStore, row);
      await recordUnparsed(tx, deps.blobStore, raw, reason);
    } catch {
      await recordWithoutBytes(tx, raw, dedupKeyOf(null, raw.sha256), 'quarantined', `${reason}; its raw bytes are lost`);
    }
    await tx.execute('delete from mail.inbound_spool where id = ?', [id]);
    return true;
  });
}
