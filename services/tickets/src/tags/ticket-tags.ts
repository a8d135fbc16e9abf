import { normalizeTag, ticketsApi, type ChangeTagsBody, type TicketTags } from '@switchboard/contracts';
import { callerOf, serve, type Caller } from '@switchboard/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { claimChangeKey } from '../applied-changes';
import { ticketNotFound, tooManyTags } from '../errors';
import { ticketScope } from '../ticket-scope';

/** Most tags one ticket has. */
export const MAX_TAGS = 50;

/** The ticket, locked when `lock`, if the caller may see it (else TICKET_NOT_FOUND). */
export async function visibleTicket(em: EntityManager, caller: Caller, id: string, lock = false): Promise<void> {
  const scope = ticketScope(caller);
  const [row] = await em.execute<{ id: string }[]>(`select t.id from tickets.ticket t where t.id = ? and ${scope.sql} ${lock ? 'for update' : ''}`, [
    id,
    ...scope.params,
  ]);
  if (!row) throw ticketNotFound(id);
}

/** A ticket's tags, sorted. */
export async function tagsOf(em: EntityManager, id: string): Promise<TicketTags> {
  const rows = await em.execute<{ tag: string }[]>('select tag from tickets.ticket_tag where ticket_id = ? order by tag', [id]);
  return { ticketId: id, tags: rows.map((row) => row.tag) };
}

/** A ticket's tags, for whoever sees the ticket (else TICKET_NOT_FOUND). */
export async function getTags(app: FastifyInstance, caller: Caller, id: string): Promise<TicketTags> {
  await visibleTicket(app.orm.em, caller, id);
  return tagsOf(app.orm.em, id);
}

/**
 * Adds and removes tags (E13), for whoever sees the ticket, in one transaction that also bumps
 * the ticket's `updatedAt`. With a `key`, the key is recorded in that transaction: a second
 * change with the same key on the same ticket (a retried macro action) changes nothing.
 */
export async function changeTags(app: FastifyInstance, caller: Caller, id: string, body: ChangeTagsBody): Promise<TicketTags> {
  return app.orm.em.transactional(async (tx) => {
    await visibleTicket(tx, caller, id, true);
    if (body.key !== undefined && !(await claimChangeKey(tx, id, body.key))) return tagsOf(tx, id);
    return applyTagChange(tx, id, body.add, body.remove);
  });
}

/**
 * Adds and removes tags inside `tx` (the ticket visible and locked already), bumping the
 * ticket's `updatedAt` when any were given; TOO_MANY_TAGS past MAX_TAGS.
 */
export async function applyTagChange(tx: EntityManager, id: string, added: string[] = [], removed: string[] = []): Promise<TicketTags> {
  const add = [...new Set(added.map(normalizeTag))];
  const remove = [...new Set(removed.map(normalizeTag))].filter((tag) => !add.includes(tag));
  if (remove.length) {
    await tx.execute(
      'delete from tickets.ticket_tag where ticket_id = ? and tag in (select jsonb_array_elements_text(?::jsonb))',
      [id, JSON.stringify(remove)],
      'run',
    );
  }
  if (add.length) {
    await tx.execute(
      'insert into tickets.ticket_tag (ticket_id, tag) select ?, jsonb_array_elements_text(?::jsonb) on conflict do nothing',
      [id, JSON.stringify(add)],
      'run',
    );
  }
  const tags = await tagsOf(tx, id);
  if (tags.tags.length > MAX_TAGS) throw tooManyTags(MAX_TAGS);
  if (add.length || remove.length) await tx.execute('update tickets.ticket set updated_at = now() where id = ?', [id], 'run');
  return tags;
}

/** `GET` and `PATCH /tickets/:id/tags` (E13). */
export const ticketTagsRoutes: FastifyPluginAsync = async (app) => {
  serve(app, ticketsApi.getTags, async (request) => getTags(app, callerOf(request), request.params.id));
  serve(app, ticketsApi.changeTags, async (request) => changeTags(app, callerOf(request), request.params.id, request.body));
};
