import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ticket } from '@switchboard/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { EmailEntity, type EmailRecord } from '../entities';
import type { TicketsClient } from '../tickets-client';

/** The ticket columns of an email: mail's copy of the ticket it belongs to (decision 0002). */
export function ticketCopy(ticket: Pick<Ticket, 'id' | 'number' | 'title'>) {
  return { ticketId: ticket.id, ticketNumber: ticket.number, ticketTitle: ticket.title };
}

/**
 * Fills the ticket copy of an email that has none from the ticket tickets has it linked to,
 * and returns whether it has one now. The copy is cached in the row without bumping the
 * version, since the agent changed nothing; an inbound email also takes the ticket's contact
 * when it has none. Throws TICKETS_UNAVAILABLE when tickets cannot be asked.
 */
export async function fillTicketCopy(em: EntityManager, tickets: TicketsClient, email: EmailRecord): Promise<boolean> {
  if (email.ticketId) return true;
  const ticket = (await tickets.getEmailTicket(email.id))?.ticket;
  if (!ticket) return false;
  const contactId = email.direction === 'inbound' && !email.contactId ? ticket.contactId : null;
  const changes = { ...ticketCopy(ticket), ...(contactId ? { contactId } : {}) };
  await em.nativeUpdate(EmailEntity, { id: email.id, ticketId: null }, changes);
  Object.assign(email, changes);
  return true;
}

/**
 * `fillTicketCopy` for reads: the agent may have assigned a ticket in the Tickets widget, and
 * demo emails are linked by the tickets seed. When tickets cannot be reached the email stays
 * as it is (logged): reading an email must not depend on tickets.
 */
export async function ensureTicketCopy(
  em: EntityManager,
  tickets: TicketsClient,
  email: EmailRecord,
  log: FastifyBaseLogger,
): Promise<EmailRecord> {
  try {
    await fillTicketCopy(em, tickets, email);
  } catch (error) {
    log.warn({ err: error, emailId: email.id }, 'could not read the ticket of an email');
  }
  return email;
}
