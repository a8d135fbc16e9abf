import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { BlobStore } from '@switchboard/service-kit';
import type { FastifyBaseLogger } from 'fastify';
import type { InboundParser } from './inbound-parser';
import { addStoredBlobs, dedupKeyOf, recordParsedBatch, recordUnparsed, recordWithoutBytes, type InboundRow, type ParsedRaw, type RawInbound } from './store-inbound';

/** What recording spooled messages needs. */
export interface SpoolDeps {
  orm: MikroORM;
  blobStore: BlobStore;
  /** Parses in worker threads. */
  parser: Pick<InboundParser, 'parse'>;
  log: FastifyBaseLogger;
  /** Hears, once recorded, the outbound emails bounces failed (their tickets' live threads, issue 13). */
  bounced?: (emailIds: string[]) => Promise<void>;
}

/** A message to spool: its raw bytes in the row (`bytes`), or already in the blob store (null). */
export type SpoolItem = Omit<RawInbound, 'receivedAt'> & { bytes: Buffer | null };

/**
 * Spools messages in one transaction: one `mail.inbound_spool` row each, holding the raw bytes
 * of a small message; the blobs of the others (already stored) are locked and kept
 * (`mail.blob`) first. Once this commits the listener may answer 250: the rows outlive a crash.
 * Each row's `received_at` is one microsecond after the one before it, so the spool's order is
 * the order the messages were taken in.
 */
export async function spoolRaw(em: EntityManager, store: BlobStore, items: SpoolItem[]): Promise<string[]> {
  const rows = items.map((item, n) => ({
    id: randomUUID(),
    raw_sha256: item.sha256,
    raw_size: item.size,
    raw: item.bytes?.toString('base64') ?? null,
    queue_id: item.queueId,
    source: item.source,
    n,
  }));
  const insert = (tx: EntityManager) =>
    tx.execute(
      `insert into mail.inbound_spool (id, raw_sha256, raw_size, raw, queue_id, source, received_at)
        select id, raw_sha256, raw_size, decode(raw, 'base64'), queue_id, source, now() + n * interval '1 microsecond'
          from json_to_recordset(?::json) as s(id uuid, raw_sha256 text, raw_size bigint, raw text, queue_id uuid, source text, n int)`,
      [JSON.stringify(rows)],
    );
  const stored = items.filter((item) => !item.bytes);
  // Bytes in the rows only: one statement, its own transaction.
  if (stored.length === 0) await insert(em);
  else
    await em.transactional(async (tx) => {
      await addStoredBlobs(tx, store, stored);
      await insert(tx);
    });
  return rows.map((row) => row.id);
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

/** Messages parsed at once: enough to keep the parse workers busy while this thread stores attachments. */
const PARSE_AT_ONCE = 8;

async function mapAtOnce<T, R>(items: T[], atOnce: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await map(items[index]!);
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, lane));
  return results;
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
    const parse = async (row: SpoolRow): Promise<Parsed> => {
      try {
        return { row, parsed: { raw: { ...rawOf(row), ...(row.raw ? { spoolId: row.id } : {}) }, mail: await deps.parser.parse(deps.blobStore, row.raw_sha256, row.raw) } };
      } catch (error) {
        return { row, unreadable: `unreadable message: ${error instanceof Error ? error.message : String(error)}` };
      }
    };
    const parsed = await mapAtOnce(rows, PARSE_AT_ONCE, parse);
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
