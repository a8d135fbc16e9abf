import { randomUUID } from 'node:crypto';
import {
  CommonErrorCode,
  type CreateTicketBody,
  type Ticket,
  type TicketList,
  type TicketSearchQuery,
} from '@switchboard/contracts';
import { badRequest, forbidden, queryPrepared } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Caller } from '@switchboard/service-kit';
import { FavouriteEntity } from './entities';
import { queueForbidden, ticketNotFound, userRequired } from './errors';
import { runSearch } from './search/run-search';
import { TICKET_COLUMNS, toTicket, type TicketRow } from './ticket-row';
import { ticketScope } from './ticket-scope';
import { insertTicket, type NewTicket } from './tickets/new-ticket';

/** Tickets: search, read, create, favourites; a ticket the caller may not see answers TICKET_NOT_FOUND. */
export interface TicketsRepository {
  /** K2 + K3: one page of matches, newest activity first, with a capped total. */
  search(caller: Caller, query: TicketSearchQuery): Promise<TicketList>;
  /** One ticket; throws TICKET_NOT_FOUND. */
  get(caller: Caller, id: string): Promise<Ticket>;
  /** K4: a new open ticket, assigned to the caller unless told otherwise; with a service's `id`, the ticket of that id if it exists. */
  create(caller: Caller, body: CreateTicketBody): Promise<Ticket>;
  /** Marks or unmarks a favourite of the caller; idempotent; throws TICKET_NOT_FOUND. */
  setFavourite(caller: Caller, id: string, favourite: boolean): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Ticket queries, bound to the request's EntityManager. */
    ticketsRepository: TicketsRepository;
  }
}

/** Creates the repository over `app.orm`; its `em` is the per-request fork. */
export function createTicketsRepository(app: FastifyInstance): TicketsRepository {
  const sql = <T>(query: string, params: unknown[]) => app.orm.em.execute<T[]>(query, params, 'all');

  const assertVisible = async (caller: Caller, id: string) => {
    const scope = ticketScope(caller);
    const [row] = await sql<{ id: string }>(`select t.id from tickets.ticket t where t.id = ? and ${scope.sql}`, [id, ...scope.params]);
    if (!row) throw ticketNotFound(id);
  };

  /** The ticket, or undefined when there is none the caller may see. */
  const findTicket = async (caller: Caller, id: string): Promise<Ticket | undefined> => {
    const scope = ticketScope(caller);
    const [row] = await sql<TicketRow>(`select ${TICKET_COLUMNS} from tickets.ticket t where t.id = ? and ${scope.sql}`, [
      caller.userId,
      id,
      ...scope.params,
    ]);
    return row && toTicket(row);
  };

  /** The ticket a repeated create names (a service's `id`), or undefined when there is none yet. */
  const repeatedCreate = async (caller: Caller, body: CreateTicketBody): Promise<Ticket | undefined> =>
    body.id === undefined ? undefined : findTicket(caller, body.id);

  return {
    search: (caller, query) => runSearch((name, text, values) => queryPrepared(app.orm.em, name, text, values), caller, query),

    async get(caller, id) {
      const ticket = await findTicket(caller, id);
      if (!ticket) throw ticketNotFound(id);
      return ticket;
    },

    async create(caller, body) {
      const title = body.title.trim();
      if (!title) throw badRequest(CommonErrorCode.validation, 'Invalid body: title must not be blank');
      if (body.queueId && !caller.isService && !caller.queues.includes(body.queueId)) throw queueForbidden(body.queueId);
      if (body.assigneeId && !caller.isService) throw forbidden('Only a service may assign a new ticket to someone else');
      if (body.id && !caller.isService) throw forbidden("Only a service may choose a new ticket's id");
      const repeated = await repeatedCreate(caller, body);
      if (repeated) return repeated;
      const now = new Date();
      const ticket: Required<NewTicket> = {
        id: body.id ?? randomUUID(),
        title,
        priority: body.priority ?? 'normal',
        queueId: body.queueId ?? null,
        contactId: body.contactId ?? null,
        companyId: body.companyId ?? null,
        contactName: body.contactName ?? null,
        companyName: body.companyName ?? null,
        assigneeId: body.assigneeId ?? (body.assignToMe === false ? null : caller.userId),
        now,
      };
      const number = await insertTicket(app.orm.em, ticket);
      if (number === undefined) {
        // The same id created at the same moment by a retry: answer the one that won.
        const winner = await repeatedCreate(caller, body);
        if (!winner) throw new Error(`Ticket ${ticket.id} exists but the caller may not see it`);
        return winner;
      }
      return {
        id: ticket.id,
        number,
        title,
        status: 'open',
        priority: ticket.priority,
        queueId: ticket.queueId,
        contactId: ticket.contactId,
        companyId: ticket.companyId,
        contactName: ticket.contactName,
        companyName: ticket.companyName,
        assigneeId: ticket.assigneeId,
        teamId: null,
        favourite: false,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
    },

    async setFavourite(caller, id, favourite) {
      if (!caller.userId) throw userRequired();
      await assertVisible(caller, id);
      const em = app.orm.em;
      if (favourite) {
        await em
          .createQueryBuilder(FavouriteEntity)
          .insert({ userId: caller.userId, ticketId: id, createdAt: new Date() })
          .onConflict(['userId', 'ticketId'])
          .ignore()
          .execute();
      } else {
        await em.nativeDelete(FavouriteEntity, { userId: caller.userId, ticketId: id });
      }
    },
  };
}

/** Decorates `app.ticketsRepository`. */
export const ticketsRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('ticketsRepository', createTicketsRepository(app));
  },
  { name: 'tickets-repository', dependencies: ['switchboard-orm'] },
);
