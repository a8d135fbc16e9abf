import multipart from '@fastify/multipart';
import { mailApi, MAX_EMAIL_ATTACHMENT_BYTES } from '@switchboard/contracts';
import { requireUser, serve, type BlobStore } from '@switchboard/service-kit';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AttachmentRecord } from '../entities';
import { AGENTS_ONLY } from '../errors';
import type { Versioned } from './attachments.repository';
import { contentDisposition } from './file-name';
import { isInlineImage } from './sniff';

/** Answers that change a draft's files carry its new version, so the next PATCH can name it. */
export const EMAIL_VERSION_HEADER = 'x-email-version';

/** Puts the draft's new version in its header; returns the answer. */
function versioned<T>(reply: FastifyReply, { answer, version }: Versioned<T>): T {
  reply.header(EMAIL_VERSION_HEADER, String(version));
  return answer;
}

/**
 * Streams a file's bytes (never as JSON) with headers that keep a browser from running them:
 * its sniffed type, `nosniff`, a sandboxing CSP; shown inline only when asked and an image.
 */
function sendFile(reply: FastifyReply, store: BlobStore, attachment: AttachmentRecord, inline: boolean): FastifyReply {
  const showInline = inline && isInlineImage(attachment.contentType);
  return reply
    .header('content-type', attachment.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : attachment.contentType)
    .header('content-length', String(attachment.size))
    .header('content-disposition', contentDisposition(attachment.fileName, showInline ? 'inline' : 'attachment'))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=3600')
    .send(store.open(attachment.blobSha256));
}

/** `/emails/:id/attachments` and `/tickets/:ticketId/attachments` (E11). */
export const attachmentsRoutes: FastifyPluginAsync = async (app) => {
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
  serve(app, mailApi.uploadAttachment, async (request, reply) =>
    versioned(reply, await app.attachmentsRepository.upload(requireUser(request, AGENTS_ONLY), request.params.id, request, request.query.inline === true)),
  );
  serve(app, mailApi.attachmentContent, async (request, reply) =>
    sendFile(
      reply,
      app.blobStore,
      await app.attachmentsRepository.find(requireUser(request, AGENTS_ONLY), request.params.id, request.params.attachmentId),
      request.query.inline === true,
    ),
  );
  serve(app, mailApi.removeAttachment, async (request, reply) =>
    versioned(reply, await app.attachmentsRepository.remove(requireUser(request, AGENTS_ONLY), request.params.id, request.params.attachmentId)),
  );
  serve(app, mailApi.listTicketAttachments, async (request) =>
    app.attachmentsRepository.ticketFiles(requireUser(request, AGENTS_ONLY), request.params.ticketId),
  );
  serve(app, mailApi.addTicketAttachments, async (request, reply) =>
    versioned(reply, await app.attachmentsRepository.addFromTicket(requireUser(request, AGENTS_ONLY), request.params.id, request.body.attachmentIds)),
  );
};
