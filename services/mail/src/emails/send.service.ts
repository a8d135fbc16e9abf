import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MAX_EMAIL_ATTACHMENT_BYTES, type Email, type SendBody, type Ticket } from '@switchboard/contracts';
import type { UserCaller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AttachmentRecord, EmailRecord, QueueRecord } from '../entities';
import { alreadySent, queueRequired, recipientRequired, sendTooLarge, ticketsUnavailable, versionConflict } from '../errors';
import { currentTraceparent, sanitizeEmailHtml } from '@switchboard/service-kit';
import { macroForSend } from '../macros/macro-source';
import { recordMacroRun } from '../macros/macro-store';
import { requireCallerQueue } from '../queues/queue-access';
import { assertChangeable, isRepeatedSend, loadEmail } from './email-access';
import { attachmentsOf, emailView, toEmail } from './email-view';
import { assertSendableRecipients } from './recipients';
import { assertSendAt } from './send-settings';
import { isTrustedLink, ticketCopy } from './ticket-copy';

/** Sending a draft (E7) through the transactional outbox. */
export interface SendService {
  /**
   * POST /emails/:id/send: checks the draft, makes sure it has a ticket in tickets (503
   * TICKETS_UNAVAILABLE and nothing changed when tickets cannot be reached), then in one
   * transaction fixes From, the tagged subject and the Message-ID, marks the email queued and
   * writes its outbox row (reset when a failed email is sent again). After the commit the
   * relay is kicked to pick the row up. The checks run again under the row lock; the
   * attachments read there are the ones answered (adding or removing one locks the same row).
   * With `macroId` the macro is read from templates first (404 MACRO_NOT_FOUND when the agent may
   * not use it) and its actions are recorded in the same transaction (E13). The outbox row is
   * released after the agent's undo window (E14), or at `sendAt` with the email `scheduled` (E15).
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
  queue: QueueRecord;
  attachments: AttachmentRecord[];
}

/**
 * Everything a send needs that can be checked without changing anything: the version, a queue
 * of the caller's, at least one To, every stored recipient well-formed, attachments within the
 * limit. Returns the queue and the attachments. Runs before and inside the send's transaction.
 */
async function assertSendable(em: EntityManager, caller: UserCaller, email: EmailRecord, version: number): Promise<Sendable> {
  if (email.version !== version) throw versionConflict(await emailView(em, email));
  if (!email.queueId) throw queueRequired();
  const queue = await requireCallerQueue(em, caller, email.queueId);
  if (email.to.length === 0) throw recipientRequired();
  assertSendableRecipients(email);
  const attachments = await attachmentsOf(em, email.id);
  const bytes = attachments.reduce((sum, a) => sum + Number(a.size), 0);
  if (bytes > MAX_EMAIL_ATTACHMENT_BYTES) throw sendTooLarge(bytes);
  return { queue, attachments };
}

/**
 * The caller's draft or failed send that a send names; 409 EMAIL_ALREADY_SENT (with the email as
 * it is now) when this very send was accepted before, so a repeat answers one code at any time.
 */
async function loadForSend(em: EntityManager, caller: UserCaller, id: string, version: number, lock = false): Promise<EmailRecord> {
  const email = await loadEmail(em, caller, id, { lock });
  if (isRepeatedSend(caller, email, version)) throw alreadySent(await emailView(em, email));
  assertChangeable(caller, email, { editable: true });
  return email;
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
  await tx.execute(
    `insert into "mail"."outbox" (email_id, created_at, relayed_at, release_at, traceparent) values (?, ?, null, ?, ?)
      on conflict (email_id) do update set created_at = excluded.created_at, relayed_at = null, release_at = excluded.release_at,
        traceparent = excluded.traceparent`,
    [emailId, now, releaseAt, currentTraceparent()],
  );
}

/** Creates the service over `app.orm` (the per-request fork) and `app.ticketsClient`. */
export function createSendService(app: FastifyInstance): SendService {
  /**
   * The ticket the email goes out in (M1): the one tickets has it linked to (the agent may have
   * picked one in the Tickets widget), else the one mail noted at creation, else a new ticket
   * titled after the subject, in the email's queue, for its contact, assigned to the agent.
   */
  const sendTicket = async (caller: UserCaller, email: EmailRecord): Promise<Ticket> => {
    const tickets = app.ticketsClient;
    const linked = await tickets.getEmailTicket(email.id);
    if (linked && isTrustedLink(email, linked)) return linked.ticket;
    if (email.ticketId) {
      const relinked = await tickets.linkEmail(email.id, email.ticketId);
      if (relinked) return relinked.ticket;
    }
    const created = await tickets.createTicket({
      title: email.subject.trim().slice(0, MAX_TICKET_TITLE) || '(no subject)',
      ...(email.queueId ? { queueId: email.queueId } : {}),
      ...(email.contactId ? { contactId: email.contactId } : {}),
      assigneeId: caller.userId,
    });
    if (!(await tickets.linkEmail(email.id, created.id))) throw ticketsUnavailable('the new ticket could not be linked');
    return created;
  };

  return {
    async send(caller, id, { version, macroId, sendAt }) {
      const em = app.orm.em;
      const scheduledAt = sendAt === undefined ? null : assertSendAt(sendAt, new Date());
      const draft = await loadForSend(em, caller, id, version);
      await assertSendable(em, caller, draft, version);
      const holdMs = scheduledAt ? 0 : (await app.sendSettings.get(caller)).undoSendSeconds * 1000;
      const macro = macroId ? await macroForSend(app.macroSource, caller, macroId) : null;
      const ticket = await sendTicket(caller, draft);
      const sent = await em.transactional(async (tx) => {
        // Checked again under the lock: another tab may have saved or sent meanwhile.
        const email = await loadForSend(tx, caller, id, version, true);
        const { queue, attachments } = await assertSendable(tx, caller, email, version);
        const now = new Date();
        const releaseAt = scheduledAt ?? new Date(now.getTime() + holdMs);
        tx.assign(email, {
          ...ticketCopy(ticket),
          from: { address: queue.fromAddress, name: queue.fromName ?? queue.name },
          subject: taggedSubject(email.subject, ticket.number),
          html: sanitizeEmailHtml(email.html),
          messageId: email.messageId ?? newMessageId(queue.fromAddress),
          status: scheduledAt ? 'scheduled' : 'queued',
          // A scheduled send waits under Postponed (E15).
          postponed: scheduledAt !== null,
          queuedAt: now,
          releaseAt,
          heldAt: null,
          sentAt: null,
          sendAttempts: 0,
          sendVersion: version,
          smtpResponse: null,
          failureReason: null,
          failureCode: null,
          retryAt: null,
          retryReason: null,
          retryCode: null,
          version: email.version + 1,
          updatedAt: now,
        });
        await writeOutboxRow(tx, email.id, now, releaseAt);
        await recordMacroRun(tx, email.id, macro);
        await tx.flush();
        return toEmail(email, attachments);
      });
      app.outboxRelay?.kick();
      return sent;
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
