import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BlobStore } from '@switchboard/service-kit';
import { lockStoredBlobs } from '../blobs/blob-lock';
import type { InboundKind } from './classify';
import type { ParsedInbound } from './parse-message';

/** Owner of received emails: no agent wrote them (canRead lets the queue's members read them). */
export const INBOUND_OWNER_ID = '00000000-0000-0000-0000-000000000000';

/** Where a message came in and what its raw bytes are. */
export interface RawInbound {
  sha256: string;
  size: number;
  queueId: string | null;
  source: 'smtp' | 'imap';
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

async function upsertBlobs(tx: EntityManager, store: BlobStore, blobs: Array<{ sha256: string; size: number }>): Promise<void> {
  await lockStoredBlobs(tx, store, blobs.map((blob) => blob.sha256));
  for (const blob of blobs) {
    await tx.execute('insert into mail.blob (sha256, size) values (?, ?) on conflict (sha256) do nothing', [blob.sha256, blob.size]);
  }
}

/**
 * Records a message that could not be parsed (quarantined, its bytes kept) under the sha256 of
 * its bytes; a second delivery finds the first row.
 */
export async function recordUnparsed(em: EntityManager, store: BlobStore, raw: RawInbound, reason: string): Promise<InboundRow> {
  return em.transactional(async (tx) => {
    await upsertBlobs(tx, store, [raw]);
    const inserted = await tx.execute<Row[]>(
      `insert into mail.inbound_message (id, dedup_key, raw_sha256, raw_size, queue_id, source, kind, state, reason)
        values (?, ?, ?, ?, ?, ?, 'message', 'quarantined', ?) on conflict (dedup_key) do nothing ${RETURNING}`,
      [randomUUID(), dedupKeyOf(null, raw.sha256), raw.sha256, raw.size, raw.queueId, raw.source, reason.slice(0, 1000)],
    );
    return inserted[0] ? toRow(inserted[0], true) : findByKey(tx, dedupKeyOf(null, raw.sha256));
  });
}

/**
 * Records a message refused before its bytes were read (an IMAP message over the size limit),
 * under `key`, so a later poll does not try it again.
 */
export async function recordRefused(em: EntityManager, where: Omit<RawInbound, 'sha256'>, key: string, reason: string): Promise<InboundRow> {
  const inserted = await em.execute<Row[]>(
    `insert into mail.inbound_message (id, dedup_key, raw_sha256, raw_size, queue_id, source, kind, state, reason)
      values (?, ?, null, ?, ?, ?, 'message', 'refused', ?) on conflict (dedup_key) do nothing ${RETURNING}`,
    [randomUUID(), key, where.size, where.queueId, where.source, reason],
  );
  return inserted[0] ? toRow(inserted[0], true) : findByKey(em, key);
}

async function findByKey(tx: EntityManager, key: string): Promise<InboundRow> {
  const [row] = await tx.execute<Row[]>('select id, state, kind, reason, email_id, threaded_at from mail.inbound_message where dedup_key = ?', [key]);
  return toRow(row!, false);
}

/**
 * Records a parsed message once per key, in one transaction: the inbound row; for a message or
 * an auto-reply the unread email with its attachments and remote image addresses (or, when the Message-ID is one of our own
 * sent emails coming back, a link to that email); for a bounce, the outbound email it reports on
 * marked failed with the reason. A key recorded before answers that row and changes nothing.
 */
export async function recordParsed(em: EntityManager, store: BlobStore, raw: RawInbound, mail: ParsedInbound): Promise<InboundRow> {
  const key = dedupKeyOf(mail.messageId, raw.sha256);
  return em.transactional(async (tx) => {
    await upsertBlobs(tx, store, [raw, ...mail.attachments.map((a) => ({ sha256: a.blobSha256, size: a.size }))]);
    const id = randomUUID();
    const [row] = await tx.execute<Row[]>(
      `insert into mail.inbound_message (id, dedup_key, raw_sha256, raw_size, queue_id, source, kind, state, reason)
        values (?, ?, ?, ?, ?, ?, ?, 'stored', null) on conflict (dedup_key) do nothing ${RETURNING}`,
      [id, key, raw.sha256, raw.size, raw.queueId, raw.source, mail.kind],
    );
    if (!row) return findByKey(tx, key);
    if (mail.bounce) {
      const { originalMessageId, reason, code } = mail.bounce;
      const failed = await tx.execute<{ id: string }[]>(
        `update mail.email set status = 'failed', failure_reason = ?, failure_code = ?, version = version + 1, updated_at = now()
          where message_id = ? and direction = 'outbound' and status = 'sent' returning id`,
        [`bounced: ${reason}`, code, originalMessageId],
      );
      const applied = failed[0]?.id ?? null;
      const reasonText = applied ? `bounce of ${originalMessageId}: ${reason}` : `bounce of no email we sent (${originalMessageId ?? 'no Message-ID'}): ${reason}`;
      const [done] = await tx.execute<Row[]>(
        `update mail.inbound_message set reason = ?, email_id = ?, threaded_at = now() where id = ? ${RETURNING}`,
        [reasonText.slice(0, 1000), applied, id],
      );
      return toRow(done!, true);
    }
    const [own] = mail.messageId ? await tx.execute<{ id: string }[]>('select id from mail.email where message_id = ?', [mail.messageId]) : [];
    if (own) {
      // Our own sent email came back (the queue was in Cc): it is in its ticket already.
      const [done] = await tx.execute<Row[]>(
        `update mail.inbound_message set email_id = ?, reason = 'our own sent email', threaded_at = now() where id = ? ${RETURNING}`,
        [own.id, id],
      );
      return toRow(done!, true);
    }
    const emailId = randomUUID();
    await tx.execute(
      `insert into mail.email (id, owner_id, direction, status, queue_id, "from", "to", cc, subject, html, message_id, in_reply_to, "references", unread)
        values (?, ?, 'inbound', 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, true)`,
      [
        emailId,
        INBOUND_OWNER_ID,
        raw.queueId,
        mail.from ? JSON.stringify(mail.from) : null,
        JSON.stringify(mail.to),
        JSON.stringify(mail.cc),
        mail.subject,
        mail.html,
        mail.messageId,
        mail.inReplyTo ?? null,
        Array.isArray(mail.references) ? mail.references.join(' ') : (mail.references ?? null),
      ],
    );
    for (const [position, url] of mail.remoteImages.entries()) {
      await tx.execute('insert into mail.remote_image (email_id, position, url) values (?, ?, ?)', [emailId, position, url]);
    }
    for (const part of mail.attachments) {
      await tx.execute(
        `insert into mail.attachment (id, email_id, blob_sha256, file_name, content_type, size, inline, content_id) values (?, ?, ?, ?, ?, ?, ?, ?)`,
        [randomUUID(), emailId, part.blobSha256, part.fileName, part.contentType, part.size, part.inline, part.contentId],
      );
    }
    const [done] = await tx.execute<Row[]>(`update mail.inbound_message set email_id = ? where id = ? ${RETURNING}`, [emailId, id]);
    return toRow(done!, true);
  });
}
