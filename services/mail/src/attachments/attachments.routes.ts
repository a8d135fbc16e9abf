import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  AddTicketAttachmentsBodySchema,
  AttachmentListSchema,
  AttachmentParamsSchema,
  AttachmentSchema,
  CommonErrorCode,
  EmailIdParamSchema,
  ErrorBodySchema,
  errorResponses,
  MailTicketParamsSchema,
  MAX_EMAIL_ATTACHMENT_BYTES,
  TicketAttachmentListSchema,
  UploadQuerySchema,
} from '@switchboard/contracts';
import { badRequest } from '@switchboard/service-kit';
import type { FastifyReply } from 'fastify';
import { loadEmail, requireAgent } from '../emails/email-access';
import {
  addToDraft,
  attachmentTotal,
  findReadableAttachment,
  removeFromDraft,
  ticketAttachments,
  ticketFilesFor,
} from './attachments.repository';
import { unsupportedMediaType } from './errors';
import { contentDisposition } from './file-name';
import { discardRequestBody, receiveFile } from './receive-file';
import { isInlineImage, sniffContentType } from './sniff';

/** Answers that change a draft's files carry its new version, so the next PATCH can name it. */
export const EMAIL_VERSION_HEADER = 'x-email-version';

/** The raw bytes of a file, streamed (never serialized as JSON). */
const FileBytesSchema = Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'The file bytes' });

const uploadErrors = { ...errorResponses, 413: ErrorBodySchema, 415: ErrorBodySchema, 503: ErrorBodySchema };

const withVersion = (reply: FastifyReply, version: number) => reply.header(EMAIL_VERSION_HEADER, String(version));

/** `/emails/:id/attachments` and `/tickets/:ticketId/attachments` (E11). */
export const attachmentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['attachments'];

  // Registered here, so only these routes parse multipart. One file per request; the size
  // limit itself is enforced while streaming into the blob store (this one only stops busboy).
  await app.register(multipart, {
    limits: {
      fileSize: MAX_EMAIL_ATTACHMENT_BYTES + 1,
      files: 1,
      fields: 0,
      parts: 2,
      headerPairs: 20,
      fieldNameSize: 100,
    },
  });

  app.post(
    '/emails/:id/attachments',
    {
      schema: {
        tags,
        consumes: ['multipart/form-data'],
        params: EmailIdParamSchema,
        querystring: UploadQuerySchema,
        response: { 201: AttachmentSchema, ...uploadErrors },
      },
    },
    async (request, reply) => {
      const caller = requireAgent(request);
      if (!request.isMultipart()) throw unsupportedMediaType('Send the file as multipart/form-data');
      const { id } = request.params;
      const inline = request.query.inline === true;
      const em = app.orm.em;
      let received;
      try {
        await loadEmail(em, caller, id, { draft: true });
        const maxBytes = MAX_EMAIL_ATTACHMENT_BYTES - (await attachmentTotal(em, id));
        received = await receiveFile(request, app.blobStore, { maxBytes, imagesOnly: inline });
      } catch (error) {
        discardRequestBody(request);
        throw error;
      }
      const { blob, fileName } = received;
      const contentType = sniffContentType(blob.head, blob.size, fileName);
      const { added, version } = await addToDraft(em, app.blobStore, caller, id, async () => [
        {
          blobSha256: blob.sha256,
          size: blob.size,
          fileName,
          contentType,
          inline,
          contentId: inline ? `${randomUUID()}@switchboard` : null,
        },
      ]);
      return withVersion(reply, version).status(201).send(added[0]);
    },
  );

  app.get(
    '/emails/:id/attachments/:attachmentId/content',
    {
      schema: {
        tags,
        params: AttachmentParamsSchema,
        querystring: UploadQuerySchema,
        response: { 200: FileBytesSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const caller = requireAgent(request);
      const attachment = await findReadableAttachment(app.orm.em, caller, request.params.id, request.params.attachmentId);
      const showInline = request.query.inline === true && isInlineImage(attachment.contentType);
      return reply
        .header('content-type', attachment.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : attachment.contentType)
        .header('content-length', String(attachment.size))
        .header('content-disposition', contentDisposition(attachment.fileName, showInline ? 'inline' : 'attachment'))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=3600')
        .send(app.blobStore.open(attachment.blobSha256));
    },
  );

  app.delete(
    '/emails/:id/attachments/:attachmentId',
    { schema: { tags, params: AttachmentParamsSchema, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const caller = requireAgent(request);
      const version = await removeFromDraft(app.orm.em, caller, request.params.id, request.params.attachmentId);
      return withVersion(reply, version).status(204).send(null);
    },
  );

  app.get(
    '/tickets/:ticketId/attachments',
    { schema: { tags, params: MailTicketParamsSchema, response: { 200: TicketAttachmentListSchema, ...errorResponses } } },
    async (request) => ({ items: await ticketAttachments(app.orm.em, requireAgent(request), request.params.ticketId) }),
  );

  app.post(
    '/emails/:id/attachments/from-ticket',
    {
      schema: {
        tags,
        params: EmailIdParamSchema,
        body: AddTicketAttachmentsBodySchema,
        response: { 201: AttachmentListSchema, ...uploadErrors },
      },
    },
    async (request, reply) => {
      const caller = requireAgent(request);
      const { added, version } = await addToDraft(app.orm.em, app.blobStore, caller, request.params.id, async (tx, draft) => {
        if (!draft.ticketId) throw badRequest(CommonErrorCode.validation, 'The draft does not belong to a ticket');
        return ticketFilesFor(tx, caller, draft.ticketId, request.body.attachmentIds);
      });
      return withVersion(reply, version).status(201).send({ items: added });
    },
  );
};
