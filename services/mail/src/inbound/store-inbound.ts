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
 * Records parsed messages once per key, all in one transaction with a few statements for the
 * whole batch (issue 13: one commit for the messages that arrived together): the inbound rows;
 * for a message or an auto-reply the unread email with its attachments and remote image
 * addresses (or, when the Message-ID is one of our own sent emails coming back, a link to that
 * email); for a bounce, the outbound email it reports on marked failed with the reason. A key
 * recorded before (or earlier in the batch) answers that row and changes nothing. The raw bytes
 * of a message with a `spoolId` are copied from its spool row into its record; the others' are
 * in the blob store (locked and kept in `mail.blob` here).
 */
export async function recordParsedBatch(em: EntityManager, store: BlobStore, items: ParsedRaw[]): Promise<InboundRow[]> {
  return em.transactional(async (tx) => {
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
    const inserted = await executeBound<Row>(
      tx,
      `insert into mail.inbound_message (id, dedup_key, raw_sha256, raw_size, raw, queue_id, source, kind, state, reason, received_at)
        select m.id, m.dedup_key, m.raw_sha256, m.raw_size, s.raw, m.queue_id, m.source, m.kind, 'stored', null, coalesce(m.received_at, now())
          from json_to_recordset(?::json) as m(id uuid, dedup_key text, raw_sha256 text, raw_size bigint, queue_id uuid, source text, kind text, received_at timestamptz, spool_id uuid)
          left join mail.inbound_spool s on s.id = m.spool_id
        on conflict (dedup_key) do nothing ${RETURNING}`,
      [
        JSON.stringify(
          fresh.map(({ index, id }) => {
            const { raw, mail } = items[index]!;
            return {
              id,
              dedup_key: keys[index],
              raw_sha256: raw.sha256,
              raw_size: raw.size,
              queue_id: raw.queueId,
              source: raw.source,
              kind: mail.kind,
              received_at: raw.receivedAt ?? null,
              spool_id: raw.spoolId ?? null,
            };
          }),
        ),
      ],
    );
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
    const added = fresh.filter(({ id }) => insertedIds.has(id));
    for (const { index, id } of added) {
      const { bounce } = items[index]!.mail;
      if (bounce) rowOfKey.set(keys[index]!, await recordBounce(tx, id, bounce));
    }
    const messageIds = added.flatMap(({ index }) => (items[index]!.mail.bounce || !items[index]!.mail.messageId ? [] : [items[index]!.mail.messageId!]));
    const own = messageIds.length
      ? new Map((await tx.execute<{ id: string; message_id: string }[]>('select id, message_id from mail.email where message_id in (?)', [messageIds])).map((e) => [e.message_id, e.id]))
      : new Map<string, string>();
    // Our own sent email came back (the queue was in Cc): it is in its ticket already.
    const links: Array<{ id: string; email_id: string; reason: string | null; threaded: boolean }> = [];
    const emails: Record<string, unknown>[] = [];
    const images: Record<string, unknown>[] = [];
    const files: Record<string, unknown>[] = [];
    for (const { index, id } of added) {
      const { raw, mail } = items[index]!;
      if (mail.bounce) continue;
      const ownId = mail.messageId ? own.get(mail.messageId) : undefined;
      if (ownId) {
        links.push({ id, email_id: ownId, reason: 'our own sent email', threaded: true });
        continue;
      }
      const emailId = randomUUID();
      links.push({ id, email_id: emailId, reason: null, threaded: false });
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
    if (emails.length > 0) {
      await executeBound(
        tx,
        `insert into mail.email (id, owner_id, direction, status, queue_id, "from", "to", cc, subject, html, message_id, in_reply_to, "references", unread)
          select id, ?, 'inbound', 'received', queue_id, "from", "to", cc, subject, html, message_id, in_reply_to, "references", true
            from json_to_recordset(?::json) as e(id uuid, queue_id uuid, "from" jsonb, "to" jsonb, cc jsonb, subject text, html text, message_id text, in_reply_to text, "references" text)`,
        [INBOUND_OWNER_ID, JSON.stringify(emails)],
      );
    }
    if (images.length > 0) {
      await executeBound(tx, 'insert into mail.remote_image (email_id, position, url) select * from json_to_recordset(?::json) as i(email_id uuid, position int, url text)', [
        JSON.stringify(images),
      ]);
    }
    if (files.length > 0) {
      await executeBound(
        tx,
        `insert into mail.attachment (id, email_id, blob_sha256, file_name, content_type, size, inline, content_id)
          select * from json_to_recordset(?::json) as a(id uuid, email_id uuid, blob_sha256 text, file_name text, content_type text, size bigint, inline boolean, content_id text)`,
        [JSON.stringify(files)],
      );
    }
    if (links.length > 0) {
      const linked = await executeBound<Row & { dedup_key: string }>(
        tx,
        `update mail.inbound_message i set email_id = l.email_id, reason = l.reason, threaded_at = case when l.threaded then now() end
          from json_to_recordset(?::json) as l(id uuid, email_id uuid, reason text, threaded boolean) where i.id = l.id
          returning i.id, i.state, i.kind, i.reason, i.email_id, i.threaded_at, i.dedup_key`,
        [JSON.stringify(links)],
      );
      for (const row of linked) rowOfKey.set(row.dedup_key, toRow(row, true));
    }
    return keys.map((key, index) => {
      const row = rowOfKey.get(key)!;
      // A later copy of a key recorded earlier in this batch finds that row.
      return firstOfKey.get(key) === index ? row : { ...row, isNew: false };
    });
  });
}

/** Records one parsed message, as `recordParsedBatch` does a batch. */
export async function recordParsed(em: EntityManager, store: BlobStore, raw: RawInbound, mail: ParsedInbound): Promise<InboundRow> {
  const [row] = await recordParsedBatch(em, store, [{ raw, mail }]);
  return row!;
}
