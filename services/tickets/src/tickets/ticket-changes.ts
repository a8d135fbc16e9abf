import { MAX_BATCH_BODY_BYTES, ticketsApi, type Ticket, type UpdateTicketBody } from '@switchboard/contracts';
import { callerOf, serve, type Caller } from '@switchboard/service-kit';
import type { FastifyInstance, FastifyPluginAsync, onRequestHookHandler } from 'fastify';
import { claimChangeKey } from '../applied-changes';
import { serviceRequired } from '../errors';
import { visibleTicket } from '../tags/ticket-tags';
import { applyTicketChanges, applyTicketChangesBatch } from './ticket-batch';
import { assignments, setClause } from './ticket-fields';

/**
 * Changes a ticket's status, priority, assignee, queue or team, for whoever sees it, in one
 * transaction that bumps `updatedAt`; with a `key` the change is applied once (E13).
 */
export async function updateTicket(app: FastifyInstance, caller: Caller, id: string, body: UpdateTicketBody): Promise<Ticket> {
  const columns = assignments(caller, body);
  await app.orm.em.transactional(async (tx) => {
    await visibleTicket(tx, caller, id, true);
    if (body.key !== undefined && !(await claimChangeKey(tx, id, body.key))) return;
    if (columns.size === 0) return;
    const change = setClause(columns);
    await tx.execute(`update tickets.ticket set ${change.sql}, updated_at = now() where id = ?`, [...change.params, id], 'run');
  });
  // Read as a service: an agent who gave the ticket to another queue may no longer see it, but did change it.
  return app.ticketsRepository.get({ ...caller, isService: true }, id);
}

/** Refuses anyone but a service before a batch's body (up to MAX_BATCH_BODY_BYTES) is read. */
const servicesOnly: onRequestHookHandler = (request, _reply, done) =>
  done(callerOf(request).isService ? undefined : serviceRequired("apply many tickets' changes at once"));

/** `PATCH /tickets/:id`, `POST /tickets/:id/changes` and `POST /tickets/changes` (E13). */
export const ticketChangesRoutes: FastifyPluginAsync = async (app) => {
  serve(app, ticketsApi.updateTicket, async (request) => updateTicket(app, callerOf(request), request.params.id, request.body));
  serve(app, ticketsApi.applyTicketChanges, async (request) => applyTicketChanges(app, callerOf(request), request.params.id, request.body));
  serve(app, ticketsApi.applyTicketChangesBatch, async (request) => applyTicketChangesBatch(app, callerOf(request), request.body), {
    bodyLimit: MAX_BATCH_BODY_BYTES,
    onRequest: servicesOnly,
  });
};
