import type { EntityManager } from '@mikro-orm/postgresql';
import { CommonErrorCode, sameLinkMaker, ticketsApi, type FileOutboundEmailBody, type OutboundEmailTicket } from '@switchboard/contracts';
import { badRequest, callerOf, serve, type Caller } from '@switchboard/service-kit';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { LINK_SELECT, toEmailTicket, writeEmailLink, type LinkRow } from '../email-links.repository';
import { serviceRequired } from '../errors';
import { lockEmails } from './inbound-filing.repository';
import { insertTicket } from './new-ticket';

/** Whether a ticket of this id exists. */
async function ticketExists(tx: EntityManager, id: string): Promise<boolean> {
  const rows = await tx.execute<{ id: string }[]>('select id from tickets.ticket where id = ?', [id]);
  return rows.length > 0;
}

/** The email's link with its ticket as the caller sees it, or undefined. */
async function readLink(tx: EntityManager, caller: Caller, emailId: string): Promise<LinkRow | undefined> {
  const [row] = await tx.execute<LinkRow[]>(`${LINK_SELECT} where l.email_id = ?`, [caller.userId, emailId]);
  return row;
}

/**
 * Files an email being sent into its ticket (M1, issue 17) in one transaction, with the email's
 * filing locked so two calls for one email make one ticket and one link: a link made by one of
 * `keepLinksBy` stays as it is; else the email goes to the noted `ticketId` when that ticket
 * exists, else to the ticket `create.id`, created unless it exists; a repeat finds the link made
 * and writes nothing. What mail's three calls did (read the link, create, link), in one. Only a
 * service may call it (it files anywhere and assigns anyone).
 */
export async function fileOutboundEmail(app: FastifyInstance, caller: Caller, emailId: string, body: FileOutboundEmailBody): Promise<OutboundEmailTicket> {
  if (!caller.isService) throw serviceRequired('file the emails it sends');
  const title = body.create.title.trim();
  if (!title) throw badRequest(CommonErrorCode.validation, 'Invalid body: create.title must not be blank');
  const kept = (linkedBy: string) => body.keepLinksBy.some((maker) => sameLinkMaker(maker, linkedBy));
  return app.orm.em.transactional(async (tx) => {
    await lockEmails(tx, [emailId]);
    const existing = await readLink(tx, caller, emailId);
    if (existing && kept(existing.linked_by)) return { link: toEmailTicket(existing), created: false };
    const now = new Date();
    const noted = body.ticketId !== undefined && (await ticketExists(tx, body.ticketId)) ? body.ticketId : undefined;
    // Not created when a ticket of the id exists: a repeat, or a POST /tickets of the same id that got there first.
    const created = noted ? false : (await insertTicket(tx, { ...body.create, title, now })) !== undefined;
    const ticketId = noted ?? body.create.id;
    if (existing?.id !== ticketId) await writeEmailLink(tx, { emailId, ticketId, linkedBy: caller.sub, now }, !created);
    return { link: toEmailTicket((await readLink(tx, caller, emailId))!), created };
  });
}

/** `PUT /emails/:emailId/outbound` (M1, issue 17): a service's alone. */
export const outboundEmailRoutes: FastifyPluginAsync = async (app) => {
  serve(app, ticketsApi.fileOutboundEmail, async (request) => fileOutboundEmail(app, callerOf(request), request.params.emailId, request.body));
};
