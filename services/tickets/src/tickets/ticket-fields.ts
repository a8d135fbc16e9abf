import type { UpdateTicketBody } from '@switchboard/contracts';
import { forbidden, type Caller } from '@switchboard/service-kit';
import { queueForbidden } from '../errors';

/** The columns a change sets, with their values, in the body's order; checks the caller may set them. */
export function assignments(caller: Caller, body: Omit<UpdateTicketBody, 'key'>): Map<string, unknown> {
  const columns = new Map<string, unknown>();
  if (body.status !== undefined) columns.set('status', body.status);
  if (body.priority !== undefined) columns.set('priority', body.priority);
  if (body.assigneeId !== undefined) {
    // As when filing (K4): an agent takes a ticket or lets it go; handing it to someone else is a service's (a macro's).
    const assignee = body.assigneeId?.toLowerCase() ?? null;
    if (assignee !== null && assignee !== caller.userId && !caller.isService) throw forbidden('Only a service may assign a ticket to someone else');
    columns.set('assignee_id', assignee);
  }
  if (body.queueId !== undefined) {
    const queueId = body.queueId.toLowerCase();
    if (!caller.isService && !caller.queues.includes(queueId)) throw queueForbidden(queueId);
    columns.set('queue_id', queueId);
  }
  if (body.teamId !== undefined) {
    const teamId = body.teamId?.toLowerCase() ?? null;
    if (teamId !== null && !caller.isService && !caller.teams.includes(teamId)) throw forbidden(`You are not a member of team ${teamId}`);
    columns.set('team_id', teamId);
  }
  return columns;
}

/** `column = ?, …` of an update, with its parameters. */
export function setClause(columns: Map<string, unknown>): { sql: string; params: unknown[] } {
  return { sql: [...columns.keys()].map((column) => `${column} = ?`).join(', '), params: [...columns.values()] };
}
