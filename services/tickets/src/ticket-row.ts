import type { Ticket, TicketPriority, TicketStatus } from '@switchboard/contracts';

/** A ticket row as raw SQL returns it (snake case; bigint as a string). */
export interface TicketRow {
  id: string;
  number: string | number;
  title: string;
  status: TicketStatus;
  priority: TicketPriority;
  queue_id: string | null;
  contact_id: string | null;
  company_id: string | null;
  contact_name: string | null;
  company_name: string | null;
  assignee_id: string | null;
  /** Absent from rows of queries that do not select it. */
  team_id?: string | null;
  created_at: Date;
  updated_at: Date;
  favourite: boolean;
}

/** The stored columns of a ticket, `t` being the ticket table. */
export const TICKET_FIELDS = `t.id, t.number, t.title, t.status, t.priority, t.queue_id, t.contact_id,
  t.company_id, t.contact_name, t.company_name, t.assignee_id, t.team_id, t.created_at, t.updated_at`;

/**
 * The columns of a ticket for one caller, `t` being the ticket table. Binds one parameter: the
 * caller's user id, or null when the caller is no user (then nothing is a favourite).
 */
export const TICKET_COLUMNS = `${TICKET_FIELDS},
  exists (select 1 from tickets.favourite f where f.ticket_id = t.id and f.user_id = ?) as favourite`;

/**
 * Wraps a query selecting TICKET_FIELDS (newest first) with the caller's favourite flag. The
 * flag is looked up after the page is cut, one primary-key probe per row, rather than for
 * every candidate row. Binds the caller's user id before the inner query's parameters.
 */
export function withFavouriteFlag(inner: string): string {
  return `select p.*, exists (select 1 from tickets.favourite f where f.user_id = ? and f.ticket_id = p.id) as favourite
    from (${inner}) p order by p.updated_at desc, p.id desc`;
}

/** Maps a row selected with TICKET_COLUMNS to the API shape. */
export function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    number: Number(row.number),
    title: row.title,
    status: row.status,
    priority: row.priority,
    queueId: row.queue_id,
    contactId: row.contact_id,
    companyId: row.company_id,
    contactName: row.contact_name,
    companyName: row.company_name,
    assigneeId: row.assignee_id,
    teamId: row.team_id ?? null,
    favourite: row.favourite,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
