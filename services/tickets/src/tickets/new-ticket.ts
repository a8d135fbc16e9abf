import type { EntityManager } from '@mikro-orm/postgresql';
import type { TicketPriority } from '@switchboard/contracts';

/** What a new ticket is given: it is open, its priority normal unless told, anything else left out null. */
export interface NewTicket {
  id: string;
  /** Trimmed, not blank. */
  title: string;
  priority?: TicketPriority;
  queueId?: string | null;
  contactId?: string | null;
  companyId?: string | null;
  contactName?: string | null;
  companyName?: string | null;
  assigneeId: string | null;
  /** Its `created_at` and `updated_at`. */
  now: Date;
}

/**
 * Inserts one new ticket (K4, M1), numbered from the sequence, unless a ticket of its id exists;
 * answers its number, or undefined when the id was taken (a repeat, or a create of the same id at
 * the same moment: the caller answers the existing ticket). The conflict does not abort the
 * caller's transaction. POST /tickets and PUT /emails/:emailId/outbound create through it;
 * received emails' tickets are inserted a batch at a time (inbound-filing.repository).
 */
export async function insertTicket(em: EntityManager, ticket: NewTicket): Promise<number | undefined> {
  const [row] = await em.execute<{ number: string }[]>(
    `insert into tickets.ticket (id, title, status, priority, queue_id, contact_id, company_id, contact_name, company_name, assignee_id, created_at, updated_at)
      values (?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing returning number`,
    [
      ticket.id,
      ticket.title,
      ticket.priority ?? 'normal',
      ticket.queueId ?? null,
      ticket.contactId ?? null,
      ticket.companyId ?? null,
      ticket.contactName ?? null,
      ticket.companyName ?? null,
      ticket.assigneeId,
      ticket.now,
      ticket.now,
    ],
  );
  return row && Number(row.number);
}
