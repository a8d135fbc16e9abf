import type { EntityManager } from '@mikro-orm/postgresql';
import { emailEventInsertSql } from '../events/email-events';
import type { InboundDeps } from './receive';
import { referencedIds, ticketNumberOf, ticketTitleOf } from './subject';

/** What threading did with a stored email. */
export type ThreadOutcome =
  | { state: 'stored'; ticketId: string; ticketNumber: number; created: boolean; reopened: boolean }
  | { state: 'quarantined'; reason: string };

type EmailRow = {
  id: string;
  queue_id: string | null;
  subject: string;
  in_reply_to: string | null;
  references: string | null;
  kind: string;
  from: { address: string } | null;
  reopen_on_reply: boolean | null;
};

/** The ticket of the newest of our emails the message replies to (In-Reply-To, References). */
async function ticketOfReferences(em: EntityManager, email: EmailRow): Promise<string | undefined> {
  const ids = referencedIds(email.in_reply_to ?? undefined, email.references ?? undefined);
  if (ids.length === 0) return undefined;
  const [row] = await em.execute<{ ticket_id: string }[]>(
    `select ticket_id from mail.email where message_id in (?) and ticket_id is not null and id <> ? order by created_at desc limit 1`,
    [ids, email.id],
  );
  return row?.ticket_id;
}

/**
 * Files a stored inbound email into its ticket (M1) through the tickets service: the ticket of
 * the emails it references, else the `[#number]` of its subject in its queue, else a new ticket
 * in the queue, paired with the sender's only CRM contact (C6, C9; asked only when the email
 * replies to none of ours). An auto-reply neither files a ticket nor reopens one: with no ticket to join it
 * is quarantined. Then, in one statement, the email takes its ticket copy, the message is
 * marked threaded and `email.received` is recorded. Safe to repeat after a crash: tickets
 * answers the first link again. Throws TICKETS_UNAVAILABLE when tickets cannot be asked.
 */
export async function threadInbound(
  em: EntityManager,
  { ticketsClient: tickets, senderContacts, log }: Pick<InboundDeps, 'ticketsClient' | 'senderContacts' | 'log'>,
  inboundId: string,
): Promise<ThreadOutcome> {
  const [email] = await em.execute<EmailRow[]>(
    `select e.id, e.queue_id, e.subject, e.in_reply_to, e."references", e."from", i.kind, q.reopen_on_reply
      from mail.inbound_message i join mail.email e on e.id = i.email_id left join mail.queue q on q.id = e.queue_id where i.id = ?`,
    [inboundId],
  );
  if (!email) throw new Error(`inbound message ${inboundId} has no email to thread`);
  const automatic = email.kind !== 'message';
  const ticketId = await ticketOfReferences(em, email);
  const ticketNumber = ticketNumberOf(email.subject);
  const sender = email.from?.address;
  // CRM being down never holds mail up: the new ticket keeps only the address, as without CRM.
  const contact =
    !ticketId && !automatic && sender && senderContacts
      ? await senderContacts.match(sender).catch((error: unknown) => {
          log.warn({ err: error }, 'the sender of a received email could not be matched in CRM');
          return null;
        })
      : null;
  const filed = await tickets.threadInboundEmail(email.id, {
    ...(ticketId ? { ticketId } : {}),
    ...(ticketNumber ? { ticketNumber } : {}),
    queueId: email.queue_id,
    title: ticketTitleOf(email.subject),
    reopen: !automatic && (email.reopen_on_reply ?? true),
    create: !automatic,
    ...(contact ? { contact } : {}),
  });
  if (!filed) {
    const reason = 'automatic reply to no ticket of ours';
    await em.transactional(async (tx) => {
      await tx.execute(`update mail.inbound_message set state = 'quarantined', reason = ?, email_id = null, threaded_at = now() where id = ?`, [reason, inboundId]);
      await tx.execute('delete from mail.email where id = ?', [email.id]);
    });
    return { state: 'quarantined', reason };
  }
  const { ticket } = filed.link;
  // One statement: the message marked threaded (once), the email given its ticket, email.received recorded.
  await em.execute(
    `with marked as (
        update mail.inbound_message set threaded_at = now() where id = ? and threaded_at is null returning email_id
      ), filed as (
        update mail.email e set ticket_id = ?, ticket_number = ?, ticket_title = ?, contact_id = ? from marked where e.id = marked.email_id returning e.*
      )
      ${emailEventInsertSql('email.received', 'filed')}`,
    [inboundId, ticket.id, ticket.number, ticket.title, ticket.contactId],
  );
  return { state: 'stored', ticketId: ticket.id, ticketNumber: ticket.number, created: filed.created, reopened: filed.reopened };
}
