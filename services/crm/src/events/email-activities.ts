import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EmailActivityEvent } from '@switchboard/contracts';
import type { EventsLog, ServiceEventHandlers } from '@switchboard/service-kit';
import { emailKey } from '../validation/email';

/** The key an email's activity is recorded under: one activity per email and direction. */
export const emailActivityKey = (event: Pick<EmailActivityEvent, 'emailId' | 'direction'>) => `email:${event.emailId}:${event.direction}`;

/**
 * The contact an email is about: its `contactId` when CRM knows it, else the first contact (by
 * name) with the counterpart's address: the recipients of a sent email, the sender of a received one.
 */
async function contactOf(em: EntityManager, event: EmailActivityEvent): Promise<{ id: string; team_id: string | null } | undefined> {
  if (event.contactId) {
    const [known] = await em.execute<{ id: string; team_id: string | null }[]>('select id, team_id from crm.contact where id = ?', [event.contactId]);
    if (known) return known;
  }
  const counterparts = (event.direction === 'out' ? event.to : event.from ? [event.from] : []).map(emailKey);
  if (counterparts.length === 0) return undefined;
  const [matched] = await em.execute<{ id: string; team_id: string | null }[]>(
    `select c.id, c.team_id from crm.contact c
     where c.id in (select k.contact_id from crm.contact_email k where k.address_key in (select jsonb_array_elements_text(?::jsonb)))
     order by c.sort_name, c.id limit 1`,
    [JSON.stringify(counterparts)],
  );
  return matched;
}

/** Records an email as its contact's activity, once per `email:<id>:<out|in>`; no contact, no activity. */
async function recordEmailActivity(em: EntityManager, event: EmailActivityEvent, log: EventsLog): Promise<void> {
  const contact = await contactOf(em, event);
  if (!contact) {
    log.debug({ emailId: event.emailId, direction: event.direction }, 'email activity: no contact for this email');
    return;
  }
  await em.execute(
    `insert into crm.activity (id, contact_id, kind, direction, occurred_at, ticket_id, title, link, private, author_id, team_id, external_key)
     values (?, ?, 'email', ?, ?, ?, ?, ?, false, 'mail', ?, ?)
     on conflict (external_key) do nothing`,
    [
      randomUUID(),
      contact.id,
      event.direction,
      new Date(event.at),
      event.ticketId,
      event.subject.trim() || '(no subject)',
      `/emails/${event.emailId}`,
      contact.team_id,
      emailActivityKey(event),
    ],
  );
}

/** CRM's consumer: mail's sent and received emails become activities (M4, C8). */
export const emailActivityHandlers = (log: EventsLog): ServiceEventHandlers => ({
  'email.sent': (payload, em) => recordEmailActivity(em, payload, log),
  'email.received': (payload, em) => recordEmailActivity(em, payload, log),
});
