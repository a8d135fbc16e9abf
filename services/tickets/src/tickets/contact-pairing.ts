import { ticketsApi, type PairContactBody, type Ticket } from '@switchboard/contracts';
import { callerOf, serve, type Caller } from '@switchboard/service-kit';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { ticketNotFound } from '../errors';
import { ticketScope } from '../ticket-scope';

/**
 * Pairs a ticket with a CRM contact, copying its and its company's names (decision 0002), or
 * unpairs it (contact and company both cleared). Whoever may see the ticket may change it, as
 * for its favourites and email links; another team's ticket answers TICKET_NOT_FOUND.
 */
export async function pairContact(app: FastifyInstance, caller: Caller, id: string, body: PairContactBody): Promise<Ticket> {
  const scope = ticketScope(caller);
  const paired = body.contactId === null ? null : body;
  const updated = await app.orm.em.execute<{ id: string }[]>(
    `update tickets.ticket t
        set contact_id = ?, contact_name = ?, company_id = ?, company_name = ?, updated_at = now()
      where t.id = ? and ${scope.sql}
      returning t.id`,
    [
      paired?.contactId ?? null,
      paired?.contactName.trim() ?? null,
      paired?.companyId ?? null,
      paired?.companyId ? (paired.companyName ?? null) : null,
      id,
      ...scope.params,
    ],
    'all',
  );
  if (updated.length === 0) throw ticketNotFound(id);
  return app.ticketsRepository.get(caller, id);
}

/** `PUT /tickets/:id/contact` (C4, C9). */
export const contactPairingRoutes: FastifyPluginAsync = async (app) => {
  serve(app, ticketsApi.pairContact, async (request) => pairContact(app, callerOf(request), request.params.id, request.body));
};
