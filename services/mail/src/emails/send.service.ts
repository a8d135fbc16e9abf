import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MAX_EMAIL_ATTACHMENT_BYTES, type Email, type SendBody, type Ticket } from '@switchboard/contracts';
import type { UserCaller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AttachmentRecord, EmailRecord, QueueRecord } from '../entities';
import {
  alreadySent,
  emailForbidden,
  emailNotFound,
  queueForbidden,
  queueRequired,
  recipientRequired,
  sendTooLarge,
  versionConflict,
} from '../errors';
import { currentTraceparent, isQueueMember, sanitizeEmailHtml } from '@switchboard/service-kit';
import { macroForSend } from '../macros/macro-source';
import { recordMacroRun } from '../macros/macro-store';
import { assertChangeable, canRead, isRepeatedSend } from './email-access';
import { toEmail } from './email-view';
import { assertSendableRecipients } from './recipients';
import { createSendRows, upsertOutboxSql, type SendChanges, type SendRead } from './send-rows';
import { assertSendAt } from './send-settings';
import { sendTicketId } from './send-ticket-id';
import { draftLinkMakers } from './ticket-copy';

/** Sending a draft (E7) through the transactional outbox. */
export interface SendService {
  /**
   * POST /emails/:id/send: checks the draft over one read, makes sure it has a ticket in
   * tickets (503 TICKETS_UNAVAILABLE and nothing changed when tickets cannot be reached), then in
   * one statement fixes From, the tagged subject and the Message-ID, marks the email queued and
   * writes its outbox row (reset when a failed email is sent again), provided the email is still
   * at the version checked: a save, an attachment change or a send since answers the checks' 409
   * and changes nothing, so the attachments answered are the ones sent. A row released at once
   * kicks the relay. With `macroId` the macro is read from templates first (404 MACRO_NOT_FOUND
   * when the agent may not use it) and its actions are recorded in the same transaction (E13).
   * The outbox row is released after the agent's undo window (E14), or at `sendAt` with the
   * email `scheduled` (E15).
   */
  send(caller: UserCaller, id: string, body: SendBody): Promise<Email>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends, bound to the request's EntityManager. */
    sendService: SendService;
  }
}

/** Longest ticket title tickets accepts. */
const MAX_TICKET_TITLE = 300;

/** What a checked send goes out with. */
interface Sendable {
  email: EmailRecord;
  queue: QueueRecord;
  attachments: AttachmentRecord[];
}

/**
 * Everything a send needs that can be checked without changing anything, over one read: the
 * caller may see the email (404, 403), this very send was not accepted before (409
 * EMAIL_ALREADY_SENT with the email as it is now, so a repeat answers one code at any time), it
 * is the caller's draft or failed send, at the version named, with a queue of the caller's, at
 * least one To, every stored recipient well-formed, attachments within the limit.
 */
function assertSendable(caller: UserCaller, read: SendRead | null, version: number): Sendable {
  if (!read) throw emailNotFound();
  const { email, queue, attachments } = read;
  if (!canRead(caller, email)) throw emailForbidden();
  if (isRepeatedSend(caller, email, version)) throw alreadySent(toEmail(email, attachments));
  assertChangeable(caller, email, { editable: true });
  if (email.version !== version) throw versionConflict(toEmail(email, attachments));
  if (!email.queueId) throw queueRequired();
  if (!isQueueMember(caller, email.queueId) || !queue) throw queueForbidden(email.queueId);
  if (email.to.length === 0) throw recipientRequired();
  assertSendableRecipients(email);
  const bytes = attachments.reduce((sum, a) => sum + Number(a.size), 0);
  if (bytes > MAX_EMAIL_ATTACHMENT_BYTES) throw sendTooLarge(bytes);
  return { email, queue, attachments };
}

/** Why a send's write found the email changed since its checks: the checks' answer over a fresh read. */
function changedMeanwhile(caller: UserCaller, read: SendRead | null, version: number): unknown {
  try {
    assertSendable(caller, read, version);
  } catch (error) {
    return error;
  }
  // Not reached while versions only grow; answered as the version conflict it would be.
  return versionConflict(toEmail(read!.email, read!.attachments));
}

/** The subject with the ticket tag `[#1234] ` in front, unless the tag is in it already (E4). */
export function taggedSubject(subject: string, ticketNumber: number): string {
  const tag = `[#${ticketNumber}]`;
  if (subject.includes(tag)) return subject;
  return subject ? `${tag} ${subject}` : tag;
}

/** `<uuid@domain>` with the domain of the From address. */
export function newMessageId(fromAddress: string): string {
  return `<${randomUUID()}@${fromAddress.slice(fromAddress.lastIndexOf('@') + 1)}>`;
}

/**
 * Writes the outbox row of a send, released at `releaseAt` (default: at once), or sets a failed
 * email's row waiting again (also: a macro's Try again, E13). The row keeps the trace context of
 * the request that wrote it, so the delivery joins that trace (issue 17).
 */
export async function writeOutboxRow(tx: EntityManager, emailId: string, now: Date, releaseAt: Date = now): Promise<void> {
  await tx.execute(upsertOutboxSql('values (?, ?, null, ?, ?)'), [emailId, now, releaseAt, currentTraceparent()]);
}

/** Creates the service over `app.orm` (the per-request fork) and `app.ticketsClient`. */
export function createSendService(app: FastifyInstance): SendService {
  const rows = createSendRows(app.orm);
  /**
   * The ticket the email goes out in (M1), in one call to tickets (issue 17), which decides and
   * writes it in one transaction: the one tickets has it linked to when its author or mail made
   * the link (the agent may have picked one in the Tickets widget), else the one mail noted at
   * creation when it exists, else a new ticket titled after the subject, in the email's queue,
   * for its contact, assigned to the agent, with an id derived from the email's, so a send tried
   * again (or the client's retry after a broken connection) never makes a second ticket.
   */
  const sendTicket = async (caller: UserCaller, email: EmailRecord): Promise<Ticket> => {
    const { link } = await app.ticketsClient.fileOutboundEmail(email.id, {
      // A send is always of a draft or a failed send (assertSendable), so only these links hold.
      keepLinksBy: draftLinkMakers(email),
      ...(email.ticketId ? { ticketId: email.ticketId } : {}),
      create: {
        id: sendTicketId(email.id),
        title: email.subject.trim().slice(0, MAX_TICKET_TITLE) || '(no subject)',
        ...(email.queueId ? { queueId: email.queueId } : {}),
        ...(email.contactId ? { contactId: email.contactId } : {}),
        assigneeId: caller.userId,
      },
    });
    return link.ticket;
  };

  return {
    async send(caller, id, { version, macroId, sendAt }) {
      const em = app.orm.em;
      const scheduledAt = sendAt === undefined ? null : assertSendAt(sendAt, new Date());
      const read = await rows.read(em, caller.userId, id);
      const { email, queue, attachments } = assertSendable(caller, read, version);
      const holdMs = scheduledAt ? 0 : (read!.undoSendSeconds ?? app.sendSettings.defaults.undoSendSeconds) * 1000;
      const macro = macroId ? await macroForSend(app.macroSource, caller, macroId) : null;
      const ticket = await sendTicket(caller, email);
      const now = new Date();
      const changes: SendChanges = {
        ticket,
        from: { address: queue.fromAddress, name: queue.fromName ?? queue.name },
        subject: taggedSubject(email.subject, ticket.number),
        html: sanitizeEmailHtml(email.html),
        messageId: email.messageId ?? newMessageId(queue.fromAddress),
        scheduled: scheduledAt !== null,
        now,
        releaseAt: scheduledAt ?? new Date(now.getTime() + holdMs),
      };
      // The write holds only if the email is still at the version checked: another tab may have
      // saved, attached or sent meanwhile (every such change makes a new version).
      const sent = macro
        ? await em.transactional(async (tx) => {
            const written = await rows.commit(tx, caller, email, version, changes);
            if (written) await recordMacroRun(tx, email.id, macro);
            return written;
          })
        : await rows.commit(em, caller, email, version, changes);
      if (!sent) throw changedMeanwhile(caller, await rows.read(em, caller.userId, id), version);
      // A held or scheduled row is not due yet: the relay's poll finds it when it is.
      if (changes.releaseAt <= now) app.outboxRelay?.kick();
      return toEmail(sent, attachments);
    },
  };
}

/** Decorates `app.sendService`. */
export const sendServicePlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('sendService', createSendService(app));
  },
  { name: 'mail-send-service', dependencies: ['switchboard-orm', 'mail-resources', 'mail-send-settings'] },
);
