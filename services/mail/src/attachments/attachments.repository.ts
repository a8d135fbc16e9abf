import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MAX_EMAIL_ATTACHMENT_BYTES, type Attachment, type TicketAttachment } from '@switchboard/contracts';
import type { BlobStore } from '@switchboard/service-kit';
import { lockStoredBlobs } from '../blobs/blob-lock';
import type { Caller } from '../caller';
import { canRead, loadEmail } from '../emails/email-access';
import { attachmentsOf, toAttachment } from '../emails/email-view';
import { AttachmentEntity, BlobEntity, EmailEntity, type AttachmentRecord, type EmailRecord } from '../entities';
import { attachmentNotFound, attachmentsTooLarge } from './errors';

/** A file about to be added to a draft; its bytes are already in the blob store. */
export interface NewAttachment {
  blobSha256: string;
  size: number;
  fileName: string;
  contentType: string;
  inline: boolean;
  contentId: string | null;
}

/** The email's attachments and inline images as the API shows them, oldest first. */
export async function listAttachments(em: EntityManager, emailId: string): Promise<Attachment[]> {
  return (await attachmentsOf(em, emailId)).map(toAttachment);
}

/** Bytes of all the email's attachments and inline images, against MAX_EMAIL_ATTACHMENT_BYTES. */
export async function attachmentTotal(em: EntityManager, emailId: string): Promise<number> {
  const [row] = await em.execute<{ total: string }[]>(
    'select coalesce(sum(size), 0)::bigint as total from mail.attachment where email_id = ?',
    [emailId],
  );
  return Number(row?.total ?? 0);
}

/** A change to a draft's files always makes a new version of the draft. */
function touch(draft: EmailRecord): void {
  draft.version += 1;
  draft.updatedAt = new Date();
}

/**
 * Adds files to the caller's draft in one transaction with the draft row locked, so parallel
 * additions cannot together pass 20 MiB: `choose` picks the files (inside the transaction),
 * the total is checked (413, nothing added), the blobs are locked against the sweep and must
 * still be stored (else 503 ATTACHMENT_RETRY, nothing added), blob rows are upserted, the
 * version bumped.
 */
export async function addToDraft(
  em: EntityManager,
  store: BlobStore,
  caller: Caller,
  emailId: string,
  choose: (tx: EntityManager, draft: EmailRecord) => Promise<NewAttachment[]>,
): Promise<{ added: Attachment[]; version: number }> {
  return em.transactional(
    async (tx) => {
      const draft = await loadEmail(tx, caller, emailId, { draft: true, lock: true });
      const items = await choose(tx, draft);
      const adding = items.reduce((sum, item) => sum + item.size, 0);
      if ((await attachmentTotal(tx, emailId)) + adding > MAX_EMAIL_ATTACHMENT_BYTES) throw attachmentsTooLarge();
      await lockStoredBlobs(tx, store, items.map((item) => item.blobSha256));
      for (const item of items) {
        await tx
          .createQueryBuilder(BlobEntity)
          .insert({ sha256: item.blobSha256, size: item.size, createdAt: new Date() })
          .onConflict('sha256')
          .ignore()
          .execute();
      }
      // One millisecond apart, so the files list in the order they were added.
      const now = Date.now();
      const rows = items.map((item, index) =>
        tx.create(AttachmentEntity, { id: randomUUID(), emailId, ...item, createdAt: new Date(now + index) }),
      );
      touch(draft);
      return { added: rows.map(toAttachment), version: draft.version };
    },
    { clear: true },
  );
}

/** Removes one file from the caller's draft (the bytes stay until a sweep finds no email using them). */
export async function removeFromDraft(em: EntityManager, caller: Caller, emailId: string, attachmentId: string): Promise<number> {
  return em.transactional(
    async (tx) => {
      const draft = await loadEmail(tx, caller, emailId, { draft: true, lock: true });
      if ((await tx.nativeDelete(AttachmentEntity, { id: attachmentId, emailId })) === 0) throw attachmentNotFound();
      touch(draft);
      return draft.version;
    },
    { clear: true },
  );
}

/** One attachment of an email the caller may read (403/404 as `loadEmail`, then ATTACHMENT_NOT_FOUND). */
export async function findReadableAttachment(
  em: EntityManager,
  caller: Caller,
  emailId: string,
  attachmentId: string,
): Promise<AttachmentRecord> {
  await loadEmail(em, caller, emailId);
  const attachment = await em.findOne(AttachmentEntity, { id: attachmentId, emailId });
  if (!attachment) throw attachmentNotFound();
  return attachment;
}

/** The sent and received emails of a ticket that the caller may read, newest first. */
async function readableTicketEmails(em: EntityManager, caller: Caller, ticketId: string, ids?: string[]) {
  const emails = await em.find(
    EmailEntity,
    { ticketId, status: { $ne: 'draft' }, ...(ids ? { id: { $in: ids } } : {}) },
    {
      fields: ['id', 'ownerId', 'status', 'queueId', 'subject', 'createdAt'],
      orderBy: { createdAt: 'desc', id: 'asc' },
    },
  );
  // A partial load: canRead only looks at ownerId, status and queueId, which are loaded.
  return emails.filter((email) => canRead(caller, email as EmailRecord));
}

/**
 * "Choose from ticket" (E11): the files (not inline images) of the ticket's earlier emails the
 * caller may read, drafts excluded, newest email first.
 */
export async function ticketAttachments(em: EntityManager, caller: Caller, ticketId: string): Promise<TicketAttachment[]> {
  const emails = await readableTicketEmails(em, caller, ticketId);
  if (emails.length === 0) return [];
  const rows = await em.find(
    AttachmentEntity,
    { emailId: { $in: emails.map((e) => e.id) }, inline: false },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  return emails.flatMap((email) =>
    rows
      .filter((row) => row.emailId === email.id)
      .map((row) => ({ ...toAttachment(row), emailId: email.id, emailSubject: email.subject })),
  );
}

/**
 * The ticket files to reference from the draft, in the order asked: each must be a file of
 * a readable, non-draft email of the draft's own ticket, else ATTACHMENT_NOT_FOUND.
 */
export async function ticketFilesFor(
  tx: EntityManager,
  caller: Caller,
  ticketId: string,
  attachmentIds: string[],
): Promise<NewAttachment[]> {
  const wanted = [...new Set(attachmentIds)];
  const rows = await tx.find(AttachmentEntity, { id: { $in: wanted }, inline: false });
  const readable = new Set(
    (await readableTicketEmails(tx, caller, ticketId, [...new Set(rows.map((r) => r.emailId))])).map((e) => e.id),
  );
  const byId = new Map(rows.filter((row) => readable.has(row.emailId)).map((row) => [row.id, row]));
  return wanted.map((id) => {
    const row = byId.get(id);
    if (!row) throw attachmentNotFound();
    return {
      blobSha256: row.blobSha256,
      size: Number(row.size),
      fileName: row.fileName,
      contentType: row.contentType,
      inline: false,
      contentId: null,
    };
  });
}
