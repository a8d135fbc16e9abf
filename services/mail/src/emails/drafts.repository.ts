import { randomUUID } from 'node:crypto';
import type { CreateDraftBody, Email, PatchDraftBody } from '@switchboard/contracts';
import { isQueueMember, maySeeQueued, type UserCaller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { lockStoredBlobs } from '../blobs/blob-lock';
import { AttachmentEntity, EmailEntity, type EmailRecord } from '../entities';
import { ticketNotFound, versionConflict } from '../errors';
import { sanitizeEmailHtml } from '@switchboard/service-kit';
import { defaultQueue, queueAddresses, requireCallerQueue } from '../queues/queue-access';
import { loadEmail } from './email-access';
import { attachmentsOf, emailView } from './email-view';
import { prefillFrom, type OriginalEmail, type Prefill } from './prefill';
import { ticketCopy } from './ticket-copy';

/** Writing drafts: create (N1-N3, reply, forward), autosave (E5), discard (E6). */
export interface DraftsRepository {
  /**
   * POST /drafts: a blank draft (N1), one to a CRM address (N2), one from a ticket (N3), or a
   * reply, reply-all or forward of an earlier email with recipients, subject, quote and
   * threading prefilled. A draft with a ticket is linked to it in tickets before it is stored,
   * so a tickets failure (503) leaves nothing behind. A forward shares the original's files:
   * new attachment rows over the same blobs.
   */
  create(caller: UserCaller, body: CreateDraftBody): Promise<Email>;
  /**
   * PATCH /emails/:id: applies the given fields to the caller's draft (or failed send) when
   * `version` is the stored one, under a row lock, so of two saves naming one version exactly
   * one wins and the other gets 409 with the winner's copy. The body is sanitized before it is
   * stored; a queue must be one of the caller's.
   */
  patch(caller: UserCaller, id: string, body: PatchDraftBody): Promise<Email>;
  /** DELETE /emails/:id: discards the caller's draft (E6) for good; its attachment rows go with it. */
  discard(caller: UserCaller, id: string): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Draft writes, bound to the request's EntityManager. */
    draftsRepository: DraftsRepository;
  }
}

/** Longest subject the API accepts; a prefix never pushes a prefilled one past it. */
const MAX_SUBJECT = 998;

function asOriginal(email: EmailRecord): OriginalEmail {
  return {
    direction: email.direction,
    from: email.from ?? null,
    to: email.to,
    cc: email.cc,
    subject: email.subject,
    html: email.html,
    date: email.sentAt ?? email.createdAt,
    messageId: email.messageId ?? null,
    references: email.references ?? null,
  };
}

/** Creates the repository over `app.orm` (the per-request fork), `app.ticketsClient` and `app.blobStore`. */
export function createDraftsRepository(app: FastifyInstance): DraftsRepository {
  /** The queue of a new draft: the body's (must be the caller's), else the original's if the caller may use it, else their first. */
  const chooseQueue = async (caller: UserCaller, body: CreateDraftBody, original: EmailRecord | null) => {
    if (body.queueId) return (await requireCallerQueue(app.orm.em, caller, body.queueId)).id;
    if (original?.queueId && isQueueMember(caller, original.queueId)) return original.queueId;
    return (await defaultQueue(app.orm.em, caller))?.id ?? null;
  };

  /**
   * The ticket a new draft belongs to: the one named (if the agent may see it: mail reads tickets
   * with its service token, which sees every ticket), or the original's. Null when neither.
   */
  const chooseTicket = async (caller: UserCaller, body: CreateDraftBody, original: EmailRecord | null) => {
    if (body.ticketId) {
      const ticket = await app.ticketsClient.getTicket(body.ticketId);
      if (!ticket || !maySeeQueued(caller, ticket)) throw ticketNotFound(body.ticketId);
      return { copy: ticketCopy(ticket), contactId: ticket.contactId };
    }
    if (!original) return null;
    await app.ticketCopies.ensure(original);
    if (!original.ticketId || original.ticketNumber == null) return null;
    return {
      copy: { ticketId: original.ticketId, ticketNumber: Number(original.ticketNumber), ticketTitle: original.ticketTitle ?? '' },
      contactId: original.contactId ?? null,
    };
  };

  return {
    async create(caller, body) {
      const em = app.orm.em;
      const original = body.replyTo ? await loadEmail(em, caller, body.replyTo.emailId) : null;
      const queueId = await chooseQueue(caller, body, original);
      const ticket = await chooseTicket(caller, body, original);
      const prefill: Prefill | null =
        original && body.replyTo ? prefillFrom(asOriginal(original), body.replyTo.mode, await queueAddresses(em)) : null;

      const id = randomUUID();
      if (ticket) await app.ticketsClient.linkEmail(id, ticket.copy.ticketId);
      const files = original && body.replyTo?.mode === 'forward' ? await attachmentsOf(em, original.id) : [];
      const now = new Date();
      const draft = await em.transactional(async (tx) => {
        const email = tx.create(EmailEntity, {
          id,
          ownerId: caller.userId,
          version: 1,
          direction: 'outbound',
          status: 'draft',
          queueId,
          ...(ticket?.copy ?? {}),
          contactId: body.contactId ?? ticket?.contactId ?? null,
          from: null,
          to: body.to ?? prefill?.to ?? [],
          cc: prefill?.cc ?? [],
          bcc: [],
          subject: (prefill?.subject ?? '').slice(0, MAX_SUBJECT),
          html: prefill?.html ?? '',
          important: false,
          postponed: false,
          replyToEmailId: original?.id ?? null,
          replyMode: body.replyTo ? (body.replyTo.mode === 'forward' ? 'forward' : 'reply') : null,
          inReplyTo: prefill?.inReplyTo ?? null,
          references: prefill?.references ?? null,
          createdAt: now,
          updatedAt: now,
        });
        // Flushed first: attachment rows reference the email.
        await tx.flush();
        // The shared bytes must outlive a concurrent discard of the original and a sweep (decision 0006).
        if (files.length > 0) await lockStoredBlobs(tx, app.blobStore, files.map((file) => file.blobSha256));
        files.forEach((file, index) =>
          tx.create(AttachmentEntity, {
            id: randomUUID(),
            emailId: id,
            blobSha256: file.blobSha256,
            fileName: file.fileName,
            contentType: file.contentType,
            size: file.size,
            inline: file.inline,
            contentId: file.contentId ?? null,
            // Kept in the original's order.
            createdAt: new Date(now.getTime() + index),
          }),
        );
        return email;
      });
      return emailView(em, draft);
    },

    async patch(caller, id, body) {
      return app.orm.em.transactional(async (tx) => {
        const email = await loadEmail(tx, caller, id, { editable: true, lock: true });
        if (email.version !== body.version) throw versionConflict(await emailView(tx, email));
        if (body.queueId) await requireCallerQueue(tx, caller, body.queueId);
        const { version: _version, html, ...fields } = body;
        tx.assign(email, {
          ...fields,
          ...(html === undefined ? {} : { html: sanitizeEmailHtml(html) }),
          version: email.version + 1,
          updatedAt: new Date(),
        });
        await tx.flush();
        return emailView(tx, email);
      });
    },

    async discard(caller, id) {
      await app.orm.em.transactional(async (tx) => {
        await loadEmail(tx, caller, id, { editable: true, lock: true });
        await tx.nativeDelete(EmailEntity, { id });
      });
    },
  };
}

/** Decorates `app.draftsRepository`. */
export const draftsRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('draftsRepository', createDraftsRepository(app));
  },
  { name: 'mail-drafts-repository', dependencies: ['switchboard-orm', 'mail-resources', 'mail-ticket-copies'] },
);
