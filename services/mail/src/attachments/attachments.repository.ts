import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  MAX_EMAIL_ATTACHMENT_BYTES,
  type Attachment,
  type AttachmentList,
  type TicketAttachment,
  type TicketAttachmentList,
} from '@switchboard/contracts';
import type { UserCaller } from '@switchboard/service-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { lockStoredBlobs } from '../blobs/blob-lock';
import { canRead, loadEmail } from '../emails/email-access';
import { toAttachment } from '../emails/email-view';
import { AttachmentEntity, BlobEntity, EmailEntity, type AttachmentRecord, type EmailRecord } from '../entities';
import { attachmentNotFound, attachmentsTooLarge, draftWithoutTicket, unsupportedMediaType } from '../errors';
import { discardRequestBody, receiveFile } from './receive-file';
import { sniffContentType } from './sniff';

/** An answer that changed a draft's files, with the draft's new version (sent as `x-email-version`). */
export interface Versioned<T> {
  answer: T;
  version: number;
}

/** A draft's files (E11, inline images of E9) and the files of a ticket's emails. */
export interface AttachmentsRepository {
  /**
   * Streams the request's one multipart file into the blob store (at most what the draft has
   * left of 20 MiB; inline images must be images) and adds it to the caller's draft.
   */
  upload(caller: UserCaller, emailId: string, request: FastifyRequest, inline: boolean): Promise<Versioned<Attachment>>;
  /** One attachment of an email the caller may read (403/404 as `loadEmail`, then ATTACHMENT_NOT_FOUND). */
  find(caller: UserCaller, emailId: string, attachmentId: string): Promise<AttachmentRecord>;
  /** Removes one file from the caller's draft (the bytes stay until a sweep finds no email using them). */
  remove(caller: UserCaller, emailId: string, attachmentId: string): Promise<Versioned<void>>;
  /**
   * "Choose from ticket" (E11): the files (not inline images) of the ticket's earlier emails the
   * caller may read, drafts excluded, newest email first.
   */
  ticketFiles(caller: UserCaller, ticketId: string): Promise<TicketAttachmentList>;
  /** References files of the draft's own ticket's emails from the draft, without copying bytes. */
  addFromTicket(caller: UserCaller, emailId: string, attachmentIds: string[]): Promise<Versioned<AttachmentList>>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Attachments, bound to the request's EntityManager and the blob store. */
    attachmentsRepository: AttachmentsRepository;
  }
}

/** A file about to be added to a draft; its bytes are already in the blob store. */
interface NewAttachment {
  blobSha256: string;
  size: number;
  fileName: string;
  contentType: string;
  inline: boolean;
  contentId: string | null;
}

/** Bytes of all the email's attachments and inline images, against MAX_EMAIL_ATTACHMENT_BYTES. */
async function attachmentTotal(em: EntityManager, emailId: string): Promise<number> {
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

/** The sent and received emails of a ticket that the caller may read, newest first. */
async function readableTicketEmails(em: EntityManager, caller: UserCaller, ticketId: string, ids?: string[]) {
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
 * The ticket files to reference from the draft, in the order asked: each must be a file of
 * a readable, non-draft email of the draft's own ticket, else ATTACHMENT_NOT_FOUND.
 */
async function ticketFilesFor(tx: EntityManager, caller: UserCaller, ticketId: string, attachmentIds: string[]): Promise<NewAttachment[]> {
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

/** Creates the repository over `app.orm` (the per-request fork) and `app.blobStore`. */
export function createAttachmentsRepository(app: FastifyInstance): AttachmentsRepository {
  /**
   * Adds files to the caller's draft in one transaction with the draft row locked, so parallel
   * additions cannot together pass 20 MiB: `choose` picks the files (inside the transaction),
   * the total is checked (413, nothing added), the blobs are locked against the sweep and must
   * still be stored (else 503 ATTACHMENT_RETRY, nothing added), blob rows are upserted, the
   * version bumped.
   */
  const addToDraft = (
    caller: UserCaller,
    emailId: string,
    choose: (tx: EntityManager, draft: EmailRecord) => Promise<NewAttachment[]>,
  ): Promise<Versioned<Attachment[]>> =>
    app.orm.em.transactional(
      async (tx) => {
        const draft = await loadEmail(tx, caller, emailId, { draft: true, lock: true });
        const items = await choose(tx, draft);
        const adding = items.reduce((sum, item) => sum + item.size, 0);
        if ((await attachmentTotal(tx, emailId)) + adding > MAX_EMAIL_ATTACHMENT_BYTES) throw attachmentsTooLarge();
        await lockStoredBlobs(tx, app.blobStore, items.map((item) => item.blobSha256));
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
        return { answer: rows.map(toAttachment), version: draft.version };
      },
      { clear: true },
    );

  return {
    async upload(caller, emailId, request, inline) {
      if (!request.isMultipart()) throw unsupportedMediaType('Send the file as multipart/form-data');
      const em = app.orm.em;
      let received;
      try {
        await loadEmail(em, caller, emailId, { draft: true });
        const maxBytes = MAX_EMAIL_ATTACHMENT_BYTES - (await attachmentTotal(em, emailId));
        received = await receiveFile(request, app.blobStore, { maxBytes, imagesOnly: inline });
      } catch (error) {
        discardRequestBody(request);
        throw error;
      }
      const { blob, fileName } = received;
      const contentType = sniffContentType(blob.head, blob.size, fileName);
      const { answer, version } = await addToDraft(caller, emailId, async () => [
        {
          blobSha256: blob.sha256,
          size: blob.size,
          fileName,
          contentType,
          inline,
          contentId: inline ? `${randomUUID()}@switchboard` : null,
        },
      ]);
      return { answer: answer[0], version };
    },

    async find(caller, emailId, attachmentId) {
      await loadEmail(app.orm.em, caller, emailId);
      const attachment = await app.orm.em.findOne(AttachmentEntity, { id: attachmentId, emailId });
      if (!attachment) throw attachmentNotFound();
      return attachment;
    },

    async remove(caller, emailId, attachmentId) {
      return app.orm.em.transactional(
        async (tx) => {
          const draft = await loadEmail(tx, caller, emailId, { draft: true, lock: true });
          if ((await tx.nativeDelete(AttachmentEntity, { id: attachmentId, emailId })) === 0) throw attachmentNotFound();
          touch(draft);
          return { answer: undefined, version: draft.version };
        },
        { clear: true },
      );
    },

    async ticketFiles(caller, ticketId) {
      const emails = await readableTicketEmails(app.orm.em, caller, ticketId);
      if (emails.length === 0) return { items: [] };
      const rows = await app.orm.em.find(
        AttachmentEntity,
        { emailId: { $in: emails.map((e) => e.id) }, inline: false },
        { orderBy: { createdAt: 'asc', id: 'asc' } },
      );
      const items: TicketAttachment[] = emails.flatMap((email) =>
        rows
          .filter((row) => row.emailId === email.id)
          .map((row) => ({ ...toAttachment(row), emailId: email.id, emailSubject: email.subject })),
      );
      return { items };
    },

    async addFromTicket(caller, emailId, attachmentIds) {
      const { answer, version } = await addToDraft(caller, emailId, async (tx, draft) => {
        if (!draft.ticketId) throw draftWithoutTicket();
        return ticketFilesFor(tx, caller, draft.ticketId, attachmentIds);
      });
      return { answer: { items: answer }, version };
    },
  };
}

/** Decorates `app.attachmentsRepository`. */
export const attachmentsRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('attachmentsRepository', createAttachmentsRepository(app));
  },
  { name: 'mail-attachments-repository', dependencies: ['switchboard-orm', 'mail-resources'] },
);
