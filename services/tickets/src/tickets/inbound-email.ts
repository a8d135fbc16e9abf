import { ticketsApi, type InboundEmailTicket, type ThreadInboundEmailBody } from '@switchboard/contracts';
import { callerOf, serve, type Caller } from '@switchboard/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { serviceRequired, ticketNotFound } from '../errors';

/** Advisory lock class of inbound filing: "inbd" in ASCII; the second key is the email's. */
const INBOUND_LOCK_CLASS = 0x696e6264;

type Candidate = { id: string; status: string };

/** The ticket a received email belongs to: the one mail named, else the subject's number in the queue. */
async function findTicket(tx: EntityManager, body: ThreadInboundEmailBody): Promise<Candidate | undefined> {
  const select = 'select id, status from tickets.ticket';
  if (body.ticketId) {
    const [byId] = await tx.execute<Candidate[]>(`${select} where id = ? for update`, [body.ticketId]);
    if (byId) return byId;
  }
  if (body.ticketNumber === undefined) return undefined;
  // A subject tag alone is easy to forge: it finds only a ticket of the queue the email came to.
  const [byNumber] = await tx.execute<Candidate[]>(`${select} where number = ? and queue_id is not distinct from ? for update`, [
    body.ticketNumber,
    body.queueId,
  ]);
  return byNumber;
}

/**
 * Files a received email (M1) in one transaction: an email already linked keeps its ticket (a
 * redelivery changes nothing); otherwise the matching ticket is reopened when closed and asked
 * to, or a new open, unassigned ticket is filed in the queue, paired with the sender's contact
 * when mail found exactly one (C6, C9). A customer's message is unread until the assignee opens
 * it. Only a service may call it.
 */
export async function threadInboundEmail(
  app: FastifyInstance,
  caller: Caller,
  emailId: string,
  body: ThreadInboundEmailBody,
): Promise<InboundEmailTicket> {
  if (!caller.isService) throw serviceRequired();
  const outcome = await app.orm.em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(?::int, hashtext(?))', [INBOUND_LOCK_CLASS, emailId]);
    const [linked] = await tx.execute<{ ticket_id: string }[]>('select ticket_id from tickets.email_link where email_id = ?', [emailId]);
    if (linked) return { created: false, reopened: false };
    const found = await findTicket(tx, body);
    if (!found && !body.create) throw ticketNotFound(body.ticketId ?? `#${body.ticketNumber ?? '?'}`);
    const reopened = found?.status === 'closed' && body.reopen;
    let ticketId: string;
    if (found) {
      ticketId = found.id;
      await tx.execute(`update tickets.ticket set updated_at = now()${reopened ? ", status = 'open'" : ''} where id = ?`, [ticketId]);
    } else {
      const { contact } = body;
      const [filed] = await tx.execute<{ id: string }[]>(
        `insert into tickets.ticket (id, title, status, priority, queue_id, contact_id, contact_name, company_id, company_name, created_at, updated_at)
          values (gen_random_uuid(), ?, 'open', 'normal', ?, ?, ?, ?, ?, now(), now()) returning id`,
        [
          body.title.trim() || '(no subject)',
          body.queueId,
          contact?.contactId ?? null,
          contact?.contactName.trim() ?? null,
          contact?.companyId ?? null,
          contact?.companyId ? (contact.companyName ?? null) : null,
        ],
      );
      ticketId = filed!.id;
    }
    // A customer's message is unread for the assignee; an automatic reply (not filed on its own) is not.
    await tx.execute('insert into tickets.email_link (email_id, ticket_id, linked_by, linked_at, unread) values (?, ?, ?, now(), ?)', [
      emailId,
      ticketId,
      caller.sub,
      body.create,
    ]);
    return { created: !found, reopened };
  });
  return { link: await app.emailLinksRepository.get(caller, emailId), ...outcome };
}

/** `POST /emails/:emailId/inbound` (M1, issue 13). */
export const inboundEmailRoutes: FastifyPluginAsync = async (app) => {
  serve(app, ticketsApi.threadInboundEmail, async (request) =>
    threadInboundEmail(app, callerOf(request), request.params.emailId, request.body),
  );
};
