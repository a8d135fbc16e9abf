import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TicketsErrorCode, type CreateDraftBody, type Email } from '@switchboard/contracts';
import { notFound, type BlobStore } from '@switchboard/service-kit';
import type { FastifyBaseLogger } from 'fastify';
import { lockStoredBlobs } from '../blobs/blob-lock';
import type { Caller } from '../caller';
import { AttachmentEntity, EmailEntity, type EmailRecord } from '../entities';
import { defaultQueue, queueAddresses, requireCallerQueue } from '../queues/queue-access';
import type { TicketsClient } from '../tickets-client';
import { loadEmail } from './email-access';
import { attachmentsOf, emailView } from './email-view';
import { prefillFrom, type OriginalEmail, type Prefill } from './prefill';
import { ensureTicketCopy, ticketCopy } from './ticket-copy';

/** What creating a draft needs besides the request. */
export interface DraftContext {
  em: EntityManager;
  /** Where attachment bytes live: a forward checks the files it shares are still there. */
  store: BlobStore;
  tickets: TicketsClient;
  log: FastifyBaseLogger;
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

/** The queue of a new draft: the body's (must be the caller's), else the original's if the caller may use it, else their first. */
async function chooseQueue(ctx: DraftContext, caller: Caller, body: CreateDraftBody, original: EmailRecord | null) {
  if (body.queueId) return (await requireCallerQueue(ctx.em, caller, body.queueId)).id;
  if (original?.queueId && caller.queues.includes(original.queueId)) return original.queueId;
  return (await defaultQueue(ctx.em, caller))?.id ?? null;
}

/** The ticket a new draft belongs to: the one named, or the original's. Null when neither. */
async function chooseTicket(ctx: DraftContext, body: CreateDraftBody, original: EmailRecord | null) {
  if (body.ticketId) {
    const ticket = await ctx.tickets.getTicket(body.ticketId);
    if (!ticket) throw notFound(TicketsErrorCode.ticketNotFound, `No ticket ${body.ticketId}`);
    return { copy: ticketCopy(ticket), contactId: ticket.contactId };
  }
  if (!original) return null;
  await ensureTicketCopy(ctx.em, ctx.tickets, original, ctx.log);
  if (!original.ticketId || original.ticketNumber == null) return null;
  return {
    copy: { ticketId: original.ticketId, ticketNumber: Number(original.ticketNumber), ticketTitle: original.ticketTitle ?? '' },
    contactId: original.contactId ?? null,
  };
}

/**
 * POST /drafts: a blank draft (N1), one to a CRM address (N2), one from a ticket (N3), or a
 * reply, reply-all or forward of an earlier email with recipients, subject, quote and
 * threading prefilled. A draft with a ticket is linked to it in tickets before it is stored,
 * so a tickets failure (503) leaves nothing behind. A forward shares the original's files:
 * new attachment rows over the same blobs.
 */
export async function createDraft(ctx: DraftContext, caller: Caller, body: CreateDraftBody): Promise<Email> {
  const { em } = ctx;
  const original = body.replyTo ? await loadEmail(em, caller, body.replyTo.emailId) : null;
  const queueId = await chooseQueue(ctx, caller, body, original);
  const ticket = await chooseTicket(ctx, body, original);
  const prefill: Prefill | null =
    original && body.replyTo ? prefillFrom(asOriginal(original), body.replyTo.mode, await queueAddresses(em)) : null;

  const id = randomUUID();
  if (ticket) await ctx.tickets.linkEmail(id, ticket.copy.ticketId);
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
    if (files.length > 0) await lockStoredBlobs(tx, ctx.store, files.map((file) => file.blobSha256));
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
}
