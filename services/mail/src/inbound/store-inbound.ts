import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BlobStore } from '@switchboard/service-kit';
import { BLOB_LOCK_CLASS, blobLockKey } from '../blobs/blob-lock';
import { attachmentRetry } from '../errors';
import type { InboundKind } from './classify';
import { executeBound } from './execute-bound';
import type { ParsedInbound } from './parse-message';

/** Owner of received emails: no agent wrote them (canRead lets the queue's members read them). */
export const INBOUND_OWNER_ID = '00000000-0000-0000-0000-000000000000';

/** Where a message came in and what its raw bytes are. */
export interface RawInbound {
  sha256: string;
  size: number;
  queueId: string | null;
  source: 'smtp' | 'imap';
  /** When the listener took it (spooled messages); else the recording transaction's time. */
  receivedAt?: Date;
  /** The spool row holding its raw bytes: the record copies them from it, and no blob is stored (else they are in the blob store). */
  spoolId?: string;
}

/** The row of a recorded message, new or found under its key. */
export interface InboundRow {
  id: string;
  state: 'stored' | 'quarantined' | 'refused';
  kind: InboundKind;
  reason: string | null;
  emailId: string | null;
  threaded: boolean;
  /** False when an earlier delivery recorded it. */
  isNew: boolean;
}

/** The dedup key: the Message-ID, else the raw bytes' sha256. */
export const dedupKeyOf = (messageId: string | null, rawSha256: string): string => (messageId ? `mid:${messageId}` : `sha256:${rawSha256}`);

type Row = { id: string; state: InboundRow['state']; kind: InboundKind; reason: string | null; email_id: string | null; threaded_at: Date | null };

const toRow = (row: Row, isNew: boolean): InboundRow => ({
  id: row.id,
  state: row.state,
  kind: row.kind,
  reason: row.reason,
  emailId: row.email_id,
  threaded: row.threaded_at !== null,
  isNew,
});

const RETURNING = 'returning id, state, kind, reason, email_id, threaded_at';

/**
 * Records a message that could not be parsed (quarantined, its bytes kept) under the sha256 of
 * its bytes; a second delivery finds the first row.
 */
export async function recordUnparsed(em: EntityManager, store: BlobStore, raw: RawInbound, reason: string): Promise<InboundRow> {
  return em.transactional(async (tx) => {
    await addStoredBlobs(tx, store, [raw]);
    const inserted = await tx.execute<Row[]>(
      `insert into mail.inbound_message (id, dedup_key, raw_sha256, raw_size, queue_id, source, kind, state, reason, received_at)
        values (?, ?, ?, ?, ?, ?, 'message', 'quarantined', ?, coalesce(?::timestamptz, now())) on conflict (dedup_key) do nothing ${RETURNING}`,
      [randomUUID(), dedupKeyOf(null, raw.sha256), raw.sha256, raw.size, raw.queueId, raw.source, reason.slice(0, 1000), raw.receivedAt ?? null],
    );
    return inserted[0] ? toRow(inserted[0], true) : findByKey(tx, dedupKeyOf(null, raw.sha256));
  });
}

/**
 * Records a message under `key` without its raw bytes: refused before they were read (an IMAP
 * message over the size limit, so a later poll does not try it again), or quarantined once they
 * were lost.
 */
export async function recordWithoutBytes(
  em: EntityManager,
  where: Omit<RawInbound, 'sha256'>,
  key: string,
  state: 'refused' | 'quarantined',
  reason: string,
): Promise<InboundRow> {
  const inserted = await em.execute<Row[]>(
    `insert into mail.inbound_message (id, dedup_key, raw_sha256, raw_size, queue_id, source, kind, state, reason)
      values (?, ?, null, ?, ?, ?, 'message', ?, ?) on conflict (dedup_key) do nothing ${RETURNING}`,
    [randomUUID(), key, where.size, where.queueId, where.source, state, reason.slice(0, 1000)],
  );
  return inserted[0] ? toRow(inserted[0], true) : findByKey(em, key);
}

async function findByKey(tx: EntityManager, key: string): Promise<InboundRow> {
  const [row] = await tx.execute<Row[]>('select id, state, kind, reason, email_id, threaded_at from mail.inbound_message where dedup_key = ?', [key]);
  return toRow(row!, false);
}

/** A parsed message and its raw bytes, to record. */
export interface ParsedRaw {
  raw: RawInbound;
  mail: ParsedInbound;
}

/** Locks the blobs as `lockStoredBlobs` does, in one statement (keys ascending). */
export async function lockStoredBlobsAtOnce(tx: EntityManager, store: BlobStore, sha256s: string[]): Promise<void> {
  const unique = [...new Set(sha256s)];
  const keys = [...new Set(unique.map(blobLockKey))].sort((a, b) => a - b);
  await tx.execute('select pg_advisory_xact_lock(?::int, k::int) from json_array_elements_text(?::json) with ordinality as t(k, n) order by n', [
    BLOB_LOCK_CLASS,
    JSON.stringify(keys),
  ]);
  const stored = await Promise.all(unique.map((sha256) => store.has(sha256)));
  if (stored.includes(false)) throw attachmentRetry();
}

/** Locks stored blobs (`lockStoredBlobsAtOnce`) and adds their `mail.blob` rows, in two statements; none without blobs (a batch of small messages without attachments). */
export async function addStoredBlobs(tx: EntityManager, store: BlobStore, blobs: Array<{ sha256: string; size: number }>): Promise<void> {
  if (blobs.length === 0) return;
  await lockStoredBlobsAtOnce(tx, store, blobs.map((blob) => blob.sha256));
  await tx.execute('insert into mail.blob (sha256, size) select sha256, size from json_to_recordset(?::json) as b(sha256 text, size bigint) on conflict (sha256) do nothing', [
    JSON.stringify(blobs),
  ]);
}

/** A bounce: the outbound email it reports on marked failed with the reason; its row notes which. */
async function recordBounce(tx: EntityManager, id: string, bounce: NonNullable<ParsedInbound['bounce']>): Promise<InboundRow> {
  const { originalMessageId, reason, code } = bounce;
  const failed = await tx.execute<{ id: string }[]>(
    `update mail.email set status = 'failed', failure_reason = ?, failure_code = ?, version = version + 1, updated_at = now()
      where message_id = ? and direction = 'outbound' and status = 'sent' returning id`,
    [`bounced: ${reason}`, code, originalMessageId],
  );
  const applied = failed[0]?.id ?? null;
  const reasonText = applied ? `bounce of ${originalMessageId}: ${reason}` : `bounce of no email we sent (${originalMessageId ?? 'no Message-ID'}): ${reason}`;
  const [done] = await tx.execute<Row[]>(`update mail.inbound_message set reason = ?, email_id = ?, threaded_at = now() where id = ? ${RETURNING}`, [
    reasonText.slice(0, 1000),
    applied,
    id,
  ]);
  return toRow(done!, true);
}

/**
 * The recording statement: the inbound rows (`$1`, inserted in their order `n`: key order), each new one with its email id
 * at insert (a new unread email's, our own sent email's when its Message-ID comes back, none for
 * a bounce), and, for the rows inserted, their emails (`$3`, owner `$2`), remote image addresses
 * (`$4`) and attachments (`$5`). A key recorded before inserts nothing of its own. The raw bytes
 * of a row with a `spool_id` are copied from that spool row. One statement: the email
 * foreign key is checked at its end, once both rows are in.
 */
const RECORD_SQL = `with m as (
    select * from json_to_recordset(?::json) as m(n int, id uuid, dedup_key text, raw_sha256 text, raw_size bigint, queue_id uuid, source text, kind text, received_at timestamptz, spool_id uuid, message_id text, email_id uuid)
  ), own as (
    select m.id, o.id as email_id from m join mail.email o on o.message_id = m.message_id
  ), inserted as (
    insert into mail.inbound_message (id, dedup_key, raw_sha256, raw_size, raw, queue_id, source, kind, state, reason, email_id, threaded_at, received_at)
      select m.id, m.dedup_key, m.raw_sha256, m.raw_size, s.raw, m.queue_id, m.source, m.kind, 'stored',
          case when own.email_id is not null then 'our own sent email' end, coalesce(own.email_id, m.email_id),
          case when own.email_id is not null then now() end, coalesce(m.received_at, now())
        from m left join own on own.id = m.id left join mail.inbound_spool s on s.id = m.spool_id
        order by m.n
    on conflict (dedup_key) do nothing ${RETURNING}
  ), emails as (
    insert into mail.email (id, owner_id, direction, status, queue_id, "from", "to", cc, subject, html, message_id, in_reply_to, "references", unread)
      select e.id, ?, 'inbound', 'received', e.queue_id, e."from", e."to", e.cc, e.subject, e.html, e.message_id, e.in_reply_to, e."references", true
        from json_to_recordset(?::json) as e(id uuid, queue_id uuid, "from" jsonb, "to" jsonb, cc jsonb, subject text, html text, message_id text, in_reply_to text, "references" text)
        join inserted i on i.email_id = e.id
      returning id
  ), images as (
    insert into mail.remote_image (email_id, position, url)
      select r.email_id, r.position, r.url from json_to_recordset(?::json) as r(email_id uuid, position int, url text) join emails on emails.id = r.email_id
  ), files as (
    insert into mail.attachment (id, email_id, blob_sha256, file_name, content_type, size, inline, content_id)
      select a.id, a.email_id, a.blob_sha256, a.file_name, a.content_type, a.size, a.inline, a.content_id
        from json_to_recordset(?::json) as a(id uuid, email_id uuid, blob_sha256 text, file_name text, content_type text, size bigint, inline boolean, content_id text)
        join emails on emails.id = a.email_id
  )
  select * from inserted`;

/**
 * Records parsed messages once per key, all in one transaction (issue 13: one commit for the
 * messages that arrived together), in one statement for the batch (`RECORD_SQL`): the inbound
 * rows; for a message or an auto-reply the unread email with its attachments and remote image
 * addresses (or, when the Message-ID is one of our own sent emails coming back, a link to that
 * email); then, for a bounce, the outbound email it reports on marked failed with the reason. A
 * key recorded before (or earlier in the batch) answers that row and changes nothing (one more
 * statement reads those rows). The raw bytes of a message with a `spoolId` are copied from its
 * spool row into its record; the others' are in the blob store (locked and kept in `mail.blob`
 * here).
 */
export async function recordParsedBatch(em: EntityManager, store: BlobStore, items: ParsedRaw[]): Promise<InboundRow[]> {
  // Within the caller's transaction (the spool's recorder) as it is: a savepoint would cost two statements more.
  return em.isInTransaction() ? recordInTransaction(em, store, items) : em.transactional((tx) => recordInTransaction(tx, store, items));
}

/** `recordParsedBatch` in the transaction of `tx`. */
async function recordInTransaction(tx: EntityManager, store: BlobStore, items: ParsedRaw[]): Promise<InboundRow[]> {
  const blobs = items.flatMap(({ raw, mail }) => [
    ...(raw.spoolId ? [] : [{ sha256: raw.sha256, size: raw.size }]),
    ...mail.attachments.map((a) => ({ sha256: a.blobSha256, size: a.size })),
  ]);
  await addStoredBlobs(tx, store, blobs);
  const keys = items.map(({ raw, mail }) => dedupKeyOf(mail.messageId, raw.sha256));
  const firstOfKey = new Map<string, number>();
  keys.forEach((key, index) => firstOfKey.has(key) || firstOfKey.set(key, index));
  // In key order, so two batches inserting the same keys wait for each other instead of deadlocking.
  const fresh = [...firstOfKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, index]) => ({ index, id: randomUUID() }));
  const messages: Record<string, unknown>[] = [];
  const emails: Record<string, unknown>[] = [];
  const images: Record<string, unknown>[] = [];
  const files: Record<string, unknown>[] = [];
  for (const { index, id } of fresh) {
    const { raw, mail } = items[index]!;
    // A bounce gets no email of its own; any other message gets a new one, unless its Message-ID is our own email's.
    const emailId = mail.bounce ? null : randomUUID();
    messages.push({
      n: messages.length,
      id,
      dedup_key: keys[index],
      raw_sha256: raw.sha256,
      raw_size: raw.size,
      queue_id: raw.queueId,
      source: raw.source,
      kind: mail.kind,
      received_at: raw.receivedAt ?? null,
      spool_id: raw.spoolId ?? null,
      message_id: emailId ? mail.messageId : null,
      email_id: emailId,
    });
    if (!emailId) continue;
    emails.push({
      id: emailId,
      queue_id: raw.queueId,
      from: mail.from,
      to: mail.to,
      cc: mail.cc,
      subject: mail.subject,
      html: mail.html,
      message_id: mail.messageId,
      in_reply_to: mail.inReplyTo ?? null,
      references: Array.isArray(mail.references) ? mail.references.join(' ') : (mail.references ?? null),
    });
    images.push(...mail.remoteImages.map((url, position) => ({ email_id: emailId, position, url })));
    files.push(
      ...mail.attachments.map((part) => ({
        id: randomUUID(),
        email_id: emailId,
        blob_sha256: part.blobSha256,
        file_name: part.fileName,
        content_type: part.contentType,
        size: part.size,
        inline: part.inline,
        content_id: part.contentId,
      })),
    );
  }
  const inserted = await executeBound<Row>(tx, RECORD_SQL, [
    JSON.stringify(messages),
    INBOUND_OWNER_ID,
    JSON.stringify(emails),
    JSON.stringify(images),
    JSON.stringify(files),
  ]);
  const insertedIds = new Set(inserted.map((row) => row.id));
  const rowOfKey = new Map<string, InboundRow>();
  const earlier = fresh.filter(({ id }) => !insertedIds.has(id)).map(({ index }) => keys[index]!);
  if (earlier.length > 0) {
    const found = await tx.execute<(Row & { dedup_key: string })[]>(
      'select id, state, kind, reason, email_id, threaded_at, dedup_key from mail.inbound_message where dedup_key in (?)',
      [earlier],
    );
    for (const row of found) rowOfKey.set(row.dedup_key, toRow(row, false));
  }
  const rowById = new Map(inserted.map((row) => [row.id, row]));
  for (const { index, id } of fresh) {
    const row = rowById.get(id);
    if (!row) continue;
    const { bounce } = items[index]!.mail;
    rowOfKey.set(keys[index]!, bounce ? await recordBounce(tx, id, bounce) : toRow(row, true));
  }
  return keys.map((key, index) => {
    const row = rowOfKey.get(key)!;
    // A later copy of a key recorded earlier in this batch finds that row.
    return firstOfKey.get(key) === index ? row : { ...row, isNew: false };
  });
}

/** Records one parsed message, as `recordParsedBatch` does a batch. */
export async function recordParsed(em: EntityManager, store: BlobStore, raw: RawInbound, mail: ParsedInbound): Promise<InboundRow> {
  const [row] = await recordParsedBatch(em, store, [{ raw, mail }]);
  return row!;
}
