import { ticketsApi, type AppliedTicketChanges, type ApplyTicketChangesBody, type Ticket, type UpdateTicketBody } from '@switchboard/contracts';
import { callerOf, forbidden, serve, type Caller } from '@switchboard/service-kit';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { claimChangeKey } from '../applied-changes';
import { queueForbidden } from '../errors';
import { applyTagChange, tagsOf, visibleTicket } from '../tags/ticket-tags';

/** The columns a change sets, with its values, in the body's order. */
function assignments(caller: Caller, body: Omit<UpdateTicketBody, 'key'>): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  const set = (column: string, value: unknown) => {
    sql.push(`${column} = ?`);
    params.push(value);
  };
  if (body.status !== undefined) set('status', body.status);
  if (body.priority !== undefined) set('priority', body.priority);
  if (body.assigneeId !== undefined) {
    // As when filing (K4): an agent takes a ticket or lets it go; handing it to someone else is a service's (a macro's).
    const assignee = body.assigneeId?.toLowerCase() ?? null;
    if (assignee !== null && assignee !== caller.userId && !caller.isService) throw forbidden('Only a service may assign a ticket to someone else');
    set('assignee_id', assignee);
  }
  if (body.queueId !== undefined) {
    const queueId = body.queueId.toLowerCase();
    if (!caller.isService && !caller.queues.includes(queueId)) throw queueForbidden(queueId);
    set('queue_id', queueId);
  }
  if (body.teamId !== undefined) {
    const teamId = body.teamId?.toLowerCase() ?? null;
    if (teamId !== null && !caller.isService && !caller.teams.includes(teamId)) throw forbidden(`You are not a member of team ${teamId}`);
    set('team_id', teamId);
  }
  return { sql, params };
}

/**
 * Changes a ticket's status, priority, assignee, queue or team, for whoever sees it, in one
 * transaction that bumps `updatedAt`; with a `key` the change is applied once (E13).
 */
export async function updateTicket(app: FastifyInstance, caller: Caller, id: string, body: UpdateTicketBody): Promise<Ticket> {
  const change = assignments(caller, body);
  await app.orm.em.transactional(async (tx) => {
    await visibleTicket(tx, caller, id, true);
    if (body.key !== undefined && !(await claimChangeKey(tx, id, body.key))) return;
    if (change.sql.length === 0) return;
    await tx.execute(`update tickets.ticket set ${change.sql.join(', ')}, updated_at = now() where id = ?`, [...change.params, id], 'run');
  });
  // Read as a service: an agent who gave the ticket to another queue may no longer see it, but did change it.
  return app.ticketsRepository.get({ ...caller, isService: true }, id);
}

/**
 * Applies a macro's consecutive ticket actions (E13) in their order in one transaction, each
 * under its own key: a key applied before is skipped, so a replayed batch changes nothing and a
 * batch cut short by a crash left nothing (it commits whole or not at all). Every change is
 * checked before any is made.
 */
export async function applyTicketChanges(app: FastifyInstance, caller: Caller, id: string, body: ApplyTicketChangesBody): Promise<AppliedTicketChanges> {
  const changes = body.changes.map((change) => ({ ...change, fields: assignments(caller, change) }));
  const tags = await app.orm.em.transactional(async (tx) => {
    await visibleTicket(tx, caller, id, true);
    for (const change of changes) {
      if (!(await claimChangeKey(tx, id, change.key))) continue;
      const { sql, params } = change.fields;
      if (sql.length) await tx.execute(`update tickets.ticket set ${sql.join(', ')}, updated_at = now() where id = ?`, [...params, id], 'run');
      if (change.addTags?.length || change.removeTags?.length) await applyTagChange(tx, id, change.addTags, change.removeTags);
    }
    return tagsOf(tx, id);
  });
  return { ticket: await app.ticketsRepository.get({ ...caller, isService: true }, id), tags: tags.tags };
}

/** `PATCH /tickets/:id` and `POST /tickets/:id/changes` (E13). */
export const ticketChangesRoutes: FastifyPluginAsync = async (app) => {
  serve(app, ticketsApi.updateTicket, async (request) => updateTicket(app, callerOf(request), request.params.id, request.body));
  serve(app, ticketsApi.applyTicketChanges, async (request) => applyTicketChanges(app, callerOf(request), request.params.id, request.body));
};
