import { ticketsApi, type InboundEmailTicket, type ThreadInboundEmailBody } from '@switchboard/contracts';
import { callerOf, serve, type Caller } from '@switchboard/service-kit';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { serviceRequired, ticketNotFound } from '../errors';
import { fileInboundEmail, fileInboundEmails } from './inbound-filing.repository';

/**
 * Files one received email (M1) in its own transaction, as `fileInboundEmail` does; nothing
 * matching with `create` off answers TICKET_NOT_FOUND. Only a service may call it.
 */
export async function threadInboundEmail(
  app: FastifyInstance,
  caller: Caller,
  emailId: string,
  body: ThreadInboundEmailBody,
): Promise<InboundEmailTicket> {
  if (!caller.isService) throw serviceRequired();
  const outcome = await app.orm.em.transactional(async (tx) => {
    const filed = await fileInboundEmail(tx, caller.sub, emailId, body);
    if (!filed) throw ticketNotFound(body.ticketId ?? `#${body.ticketNumber ?? '?'}`);
    return { created: filed.created, reopened: filed.reopened };
  });
  return { link: await app.emailLinksRepository.get(caller, emailId), ...outcome };
}

/** `POST /emails/:emailId/inbound` and `POST /emails/inbound/batch` (M1, issue 13): a service's alone. */
export const inboundEmailRoutes: FastifyPluginAsync = async (app) => {
  serve(app, ticketsApi.threadInboundEmail, async (request) =>
    threadInboundEmail(app, callerOf(request), request.params.emailId, request.body),
  );
  serve(app, ticketsApi.fileInboundEmails, async (request) => {
    const caller = callerOf(request);
    if (!caller.isService) throw serviceRequired();
    return { items: await fileInboundEmails(app.orm.em.fork(), caller.sub, request.body.items) };
  });
};
