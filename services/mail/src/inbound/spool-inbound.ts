import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { BlobStore } from '@switchboard/service-kit';
import type { FastifyBaseLogger } from 'fastify';
import { parseInbound } from './parse-message';
import { addStoredBlobs, dedupKeyOf, recordParsedBatch, recordUnparsed, recordWithoutBytes, type InboundRow, type ParsedRaw, type RawInbound } from './store-inbound';

/** What recording spooled messages needs. */
export interface SpoolDeps {
  orm: MikroORM;
  blobStore: BlobStore;
  log: FastifyBaseLogger;
  /** Hears, once recorded, the outbound emails bounces failed (their tickets' live threads, issue 13). */
  bounced?: (emailIds: string[]) => Promise<void>;
}

/**
 * Spools messages whose raw bytes are stored, in one transaction of three statements: their
 * blobs locked and kept (`mail.blob`), one `mail.inbound_spool` row each. Once this commits the
 * listener may answer 250: the rows outlive a crash. Each row's `received_at` is one microsecond
 * after the one before it, so the spool's order is the order the messages were taken in.
 */
export async function spoolRaw(em: EntityManager, store: BlobStore, items: Array<Omit<RawInbound, 'receivedAt'>>): Promise<string[]> {
  return em.transactional(async (tx) => {
    await addStoredBlobs(tx, store, items);
    const rows = items.map((raw, n) => ({ id: randomUUID(), raw_sha256: raw.sha256, raw_size: raw.size, queue_id: raw.queueId, source: raw.source, n }));
    await tx.execute(
      `insert into mail.inbound_spool (id, raw_sha256, raw_size, queue_id, source, received_at)
        select id, raw_sha256, raw_size, queue_id, source, now() + n * interval '1 microsecond'
          from json_to_recordset(?::json) as s(id uuid, raw_sha256 text, raw_size bigint, queue_id uuid, source text, n int)`,
      [JSON.stringify(rows)],
    );
    return rows.map((row) => row.id);
  });
}

type SpoolRow = { id: string; raw_sha256: string; raw_size: string; queue_id: string | null; source: RawInbound['source']; received_at: Date };

const rawOf = (row: SpoolRow): RawInbound => ({ sha256: row.raw_sha256, size: Number(row.raw_size), queueId: row.queue_id, source: row.source, receivedAt: row.received_at });

const SPOOL_COLUMNS = 'id, raw_sha256, raw_size, queue_id, source, received_at';

/** The oldest `limit` spooled messages, in the order they were taken. */
export async function nextSpooled(em: EntityManager, limit: number): Promise<string[]> {
  const rows = await em.execute<{ id: string }[]>('select id from mail.inbound_spool order by received_at, id limit ?', [limit]);
  return rows.map((row) => row.id);
}

/** Messages parsed at once: parsing is CPU, storing attachments waits on the blob store. */
const PARSE_AT_ONCE = 4;

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

/**
 * Records the spooled messages `ids` (those no other replica holds) in one transaction: each is
 * parsed (from `bytesOf` when the listener still has its bytes, else from the blob store) and
 * recorded once per key as `recordParsedBatch` does, an unreadable one quarantined with the
 * reason; their spool rows are deleted in the same transaction, so a crash leaves either the
 * spool rows or the records, never neither, never both. Answers how many it recorded.
 */
export async function recordSpooled(deps: SpoolDeps, ids: string[], bytesOf: (id: string) => Buffer | undefined): Promise<number> {
  const { recorded, bounced } = await deps.orm.em.fork().transactional(async (tx) => {
    const rows = await tx.execute<SpoolRow[]>(`select ${SPOOL_COLUMNS} from mail.inbound_spool where id in (?) order by received_at, id for update skip locked`, [ids]);
    if (rows.length === 0) return { recorded: 0, bounced: [] };
    const parsed = await mapAtOnce(rows, PARSE_AT_ONCE, async (row): Promise<Parsed> => {
      try {
        return { row, parsed: { raw: rawOf(row), mail: await parseInbound(deps.blobStore, row.raw_sha256, bytesOf(row.id) ?? null) } };
      } catch (error) {
        return { row, unreadable: `unreadable message: ${error instanceof Error ? error.message : String(error)}` };
      }
    });
    for (const item of parsed) {
      if (!('unreadable' in item)) continue;
      deps.log.warn({ sha256: item.row.raw_sha256, reason: item.unreadable }, 'inbound message quarantined');
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
      await recordUnparsed(tx, deps.blobStore, raw, reason);
    } catch {
      await recordWithoutBytes(tx, raw, dedupKeyOf(null, raw.sha256), 'quarantined', `${reason}; its raw bytes are lost`);
    }
    await tx.execute('delete from mail.inbound_spool where id = ?', [id]);
    return true;
  });
}
