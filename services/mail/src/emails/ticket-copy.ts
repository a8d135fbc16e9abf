import type { EntityManager } from '@mikro-orm/postgresql';
import { sameLinkMaker, type EmailTicket, type Ticket } from '@switchboard/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { EmailEntity, type EmailRecord } from '../entities';
import type { TicketsClient } from '../tickets-client';

/** The ticket columns of an email: mail's copy of the ticket it belongs to (decision 0002). */
export function ticketCopy(ticket: Pick<Ticket, 'id' | 'number' | 'title'>) {
  return { ticketId: ticket.id, ticketNumber: ticket.number, ticketTitle: ticket.title };
}

/** The token subject mail calls tickets with. */
const MAIL_SERVICE_SUBJECT = 'service:mail';

/**
 * Who may have linked a draft (or a failed send) for mail to follow the link: its author and mail
 * itself. Tickets cannot tell whose an email is, so anyone who sees a ticket may link an unlinked
 * email id to it (decision 0009). A send passes them to tickets, which applies the same rule.
 */
export function draftLinkMakers(email: Pick<EmailRecord, 'ownerId'>): string[] {
  return [MAIL_SERVICE_SUBJECT, email.ownerId];
}

/** Whether mail takes tickets' link of an email as the email's ticket: any link of a sent or received email, `draftLinkMakers`' of a draft. */
export function isTrustedLink(email: Pick<EmailRecord, 'status' | 'ownerId'>, link: Pick<EmailTicket, 'linkedBy'>): boolean {
  if (email.status !== 'draft' && email.status !== 'failed') return true;
  return draftLinkMakers(email).some((maker) => sameLinkMaker(maker, link.linkedBy));
}

/**
 * Fills the ticket copy of an email that has none from the ticket tickets has it linked to,
 * and returns whether it has one now. The copy is cached in the row without bumping the
 * version, since the agent changed nothing; an inbound email also takes the ticket's contact
 * when it has none. Throws TICKETS_UNAVAILABLE when tickets cannot be asked. Takes the
 * EntityManager to write with, as the demo seed fills copies outside any request.
 */
export async function fillTicketCopy(em: EntityManager, tickets: TicketsClient, email: EmailRecord): Promise<boolean> {
  if (email.ticketId) return true;
  const link = await tickets.getEmailTicket(email.id);
  if (!link || !isTrustedLink(email, link)) return false;
  const { ticket } = link;
  const contactId = email.direction === 'inbound' && !email.contactId ? ticket.contactId : null;
  const changes = { ...ticketCopy(ticket), ...(contactId ? { contactId } : {}) };
  await em.nativeUpdate(EmailEntity, { id: email.id, ticketId: null }, changes);
  Object.assign(email, changes);
  return true;
}

/** Mail's copies of the tickets its emails belong to. */
export interface TicketCopies {
  /**
   * `fillTicketCopy` for reads: the agent may have assigned a ticket in the Tickets widget, and
   * demo emails are linked by the tickets seed. When tickets cannot be reached the email stays
   * as it is (logged): reading an email must not depend on tickets.
   */
  ensure(email: EmailRecord): Promise<EmailRecord>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Ticket copies of emails, filled from the tickets service. */
    ticketCopies: TicketCopies;
  }
}

/** Creates the ticket copies over `app.orm` (the per-request fork) and `app.ticketsClient`. */
export function createTicketCopies(app: FastifyInstance): TicketCopies {
  return {
    async ensure(email) {
      try {
        await fillTicketCopy(app.orm.em, app.ticketsClient, email);
      } catch (error) {
        app.log.warn({ err: error, emailId: email.id }, 'could not read the ticket of an email');
      }
      return email;
    },
  };
}

/** Decorates `app.ticketCopies`. */
export const ticketCopiesPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('ticketCopies', createTicketCopies(app));
  },
  { name: 'mail-ticket-copies', dependencies: ['switchboard-orm', 'mail-resources'] },
);
