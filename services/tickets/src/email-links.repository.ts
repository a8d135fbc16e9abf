import type { EntityManager } from '@mikro-orm/postgresql';
import type { EmailRead, EmailTicket, RecentEmails } from '@switchboard/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { maySeeQueued, type Caller } from '@switchboard/service-kit';
import { EmailLinkEntity, TicketEntity } from './entities';
import { emailLinkForbidden, emailNotLinked, ticketNotFound } from './errors';
import { TICKET_COLUMNS, toTicket, type TicketRow } from './ticket-row';
import { ticketScope } from './ticket-scope';

/**
 * Which ticket each email belongs to (M1, K1). A link is as visible as its ticket; moving one
 * needs both tickets in sight (docs/decisions/0009-who-may-see-what.md).
 */
export interface EmailLinksRepository {
  /**
   * Assigns the email to the ticket; the same ticket again changes nothing, another one moves it.
   * Throws TICKET_NOT_FOUND for a target the caller may not see, and EMAIL_LINK_FORBIDDEN when the
   * email is linked to a ticket the caller may not see.
   */
  link(caller: Caller, emailId: string, ticketId: string): Promise<EmailTicket>;
  /** The email's ticket; throws EMAIL_NOT_LINKED, also when the caller may not see that ticket. */
  get(caller: Caller, emailId: string): Promise<EmailTicket>;
  /** The newest links to tickets assigned to the caller (the agent's home page). */
  recent(caller: Caller, limit: number): Promise<RecentEmails>;
  /** The unread received emails of tickets assigned to the caller, newest first (issue 13). */
  unread(caller: Caller, limit: number): Promise<RecentEmails>;
  /**
   * The caller opened the email: read when they are its ticket's assignee, else unchanged.
   * Throws EMAIL_NOT_LINKED as `get` does.
   */
  markRead(caller: Caller, emailId: string): Promise<EmailRead>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Email-to-ticket links, bound to the request's EntityManager. */
    emailLinksRepository: EmailLinksRepository;
  }
}

/** A link with its ticket as LINK_SELECT reads it. */
export type LinkRow = TicketRow & { email_id: string; linked_at: Date; linked_by: string };

/** Links with their tickets, `l` the link and `t` the ticket; binds the caller's user id first (TICKET_COLUMNS). */
export const LINK_SELECT = `select ${TICKET_COLUMNS}, l.email_id, l.linked_at, l.linked_by
  from tickets.email_link l join tickets.ticket t on t.id = l.ticket_id`;

/** Maps a row of LINK_SELECT to the API shape. */
export function toEmailTicket(row: LinkRow): EmailTicket {
  return { emailId: row.email_id, ticket: toTicket(row), linkedAt: new Date(row.linked_at).toISOString(), linkedBy: row.linked_by };
}

/**
 * Points the email at the ticket, as made by `linkedBy` at `now`, in the caller's transaction; the
 * upsert settles two callers linking the same new email at once (the last one wins). The ticket's
 * activity becomes `now` unless `touch` is false (a ticket created at `now` has it already).
 */
export async function writeEmailLink(
  tx: EntityManager,
  link: { emailId: string; ticketId: string; linkedBy: string; now: Date },
  touch = true,
): Promise<void> {
  const { emailId, ticketId, linkedBy, now } = link;
  await tx.upsert(EmailLinkEntity, { emailId, ticketId, linkedBy, linkedAt: now });
  if (touch) await tx.nativeUpdate(TicketEntity, { id: ticketId }, { updatedAt: now });
}

/** Creates the repository over `app.orm`; its `em` is the per-request fork. */
export function createEmailLinksRepository(app: FastifyInstance): EmailLinksRepository {
  const sql = (query: string, params: unknown[]) => app.orm.em.execute<LinkRow[]>(query, params, 'all');

  const get = async (caller: Caller, emailId: string) => {
    const scope = ticketScope(caller);
    const [row] = await sql(`${LINK_SELECT} where l.email_id = ? and ${scope.sql}`, [caller.userId, emailId, ...scope.params]);
    if (!row) throw emailNotLinked(emailId);
    return toEmailTicket(row);
  };

  return {
    get,

    async link(caller, emailId, ticketId) {
      const em = app.orm.em;
      const target = await em.findOne(TicketEntity, { id: ticketId }, { fields: ['queueId', 'assigneeId'] });
      if (!target || !maySeeQueued(caller, target)) throw ticketNotFound(ticketId);
      // Kept out of the identity map, or the upsert below would merge into it instead of writing.
      const existing = await em.findOne(EmailLinkEntity, { emailId }, { disableIdentityMap: true });
      if (existing && existing.ticketId !== ticketId) {
        const current = await em.findOne(TicketEntity, { id: existing.ticketId }, { fields: ['queueId', 'assigneeId'] });
        // Another team's email stays where that team put it.
        if (current && !maySeeQueued(caller, current)) throw emailLinkForbidden(emailId);
      }
      if (existing?.ticketId !== ticketId) {
        const link = { emailId, ticketId, linkedBy: caller.sub, now: new Date() };
        await em.transactional((tx) => writeEmailLink(tx, link));
      }
      return get(caller, emailId);
    },

    async recent(caller, limit) {
      if (!caller.userId) return { items: [] };
      const scope = ticketScope(caller);
      const rows = await sql(
        `${LINK_SELECT} where t.assignee_id = ? and ${scope.sql} order by l.linked_at desc, l.email_id limit ?`,
        [caller.userId, caller.userId, ...scope.params, limit],
      );
      return { items: rows.map(toEmailTicket) };
    },

    async unread(caller, limit) {
      if (!caller.userId) return { items: [] };
      const scope = ticketScope(caller);
      const rows = await sql(
        `${LINK_SELECT} where l.unread and t.assignee_id = ? and ${scope.sql} order by l.linked_at desc, l.email_id limit ?`,
        [caller.userId, caller.userId, ...scope.params, limit],
      );
      return { items: rows.map(toEmailTicket) };
    },

    async markRead(caller, emailId) {
      const link = await get(caller, emailId);
      if (!caller.userId || link.ticket.assigneeId !== caller.userId) {
        const [row] = await app.orm.em.execute<{ unread: boolean }[]>('select unread from tickets.email_link where email_id = ?', [emailId]);
        return { unread: row?.unread ?? false };
      }
      await app.orm.em.execute('update tickets.email_link set unread = false where email_id = ? and unread', [emailId]);
      return { unread: false };
    },
  };
}

/** Decorates `app.emailLinksRepository`. */
export const emailLinksRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('emailLinksRepository', createEmailLinksRepository(app));
  },
  { name: 'email-links-repository', dependencies: ['switchboard-orm'] },
);
