import type { FiledInboundEmail, InboundFiling, ThreadInboundEmailBody } from '@switchboard/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Advisory lock class of inbound filing: "inbd" in ASCII; the second key is the email's. */
const INBOUND_LOCK_CLASS = 0x696e6264;

type Candidate = { id: string; status: string };

/** What filing one email did: its ticket, or null when nothing matched and filing was off. */
export type InboundFiled = { ticketId: string; created: boolean; reopened: boolean } | null;

/** The ticket a received email belongs to: the one mail named, the ticket of the email it replies to, else the subject's number in the queue. */
async function findTicket(tx: EntityManager, body: ThreadInboundEmailBody & { ticketOfEmailId?: string }): Promise<Candidate | undefined> {
  const select = 'select id, status from tickets.ticket';
  if (body.ticketId) {
    const [byId] = await tx.execute<Candidate[]>(`${select} where id = ? for update`, [body.ticketId]);
    if (byId) return byId;
  }
  if (body.ticketOfEmailId) {
    const [byEmail] = await tx.execute<Candidate[]>(`${select} where id = (select ticket_id from tickets.email_link where email_id = ?) for update`, [
      body.ticketOfEmailId,
    ]);
    if (byEmail) return byEmail;
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
 * Files one received email (M1) in the caller's transaction: an email already linked keeps its
 * ticket (a redelivery changes nothing); otherwise the matching ticket is reopened when closed
 * and asked to, or a new open, unassigned ticket is filed in the queue, paired with the sender's
 * contact when mail found exactly one (C6, C9). A customer's message is unread until the
 * assignee opens it. Null when nothing matches and `create` is off.
 */
export async function fileInboundEmail(tx: EntityManager, linkedBy: string, emailId: string, body: ThreadInboundEmailBody & { ticketOfEmailId?: string }): Promise<InboundFiled> {
  await tx.execute('select pg_advisory_xact_lock(?::int, hashtext(?))', [INBOUND_LOCK_CLASS, emailId]);
  const [linked] = await tx.execute<{ ticket_id: string }[]>('select ticket_id from tickets.email_link where email_id = ?', [emailId]);
  if (linked) return { ticketId: linked.ticket_id, created: false, reopened: false };
  const found = await findTicket(tx, body);
  if (!found && !body.create) return null;
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
    linkedBy,
    body.create,
  ]);
  return { ticketId, created: !found, reopened };
}

/**
 * Files received emails in their order in one transaction (issue 13: one commit per batch, not
 * per email), so a reply finds the ticket its parent was filed into earlier in the batch.
 * Answers each email's ticket (id, number, title, contact) with what filing did.
 */
export async function fileInboundEmails(em: EntityManager, linkedBy: string, items: InboundFiling[]): Promise<FiledInboundEmail[]> {
  return em.transactional(async (tx) => {
    const filed: InboundFiled[] = [];
    for (const { emailId, ...body } of items) filed.push(await fileInboundEmail(tx, linkedBy, emailId, body));
    const ids = [...new Set(filed.flatMap((outcome) => (outcome ? [outcome.ticketId] : [])))];
    const tickets = ids.length
      ? await tx.execute<{ id: string; number: number; title: string; contact_id: string | null }[]>(
          'select id, number, title, contact_id from tickets.ticket where id in (?)',
          [ids],
        )
      : [];
    const byId = new Map(tickets.map((ticket) => [ticket.id, { id: ticket.id, number: Number(ticket.number), title: ticket.title, contactId: ticket.contact_id }]));
    return items.map(({ emailId }, index) => {
      const outcome = filed[index];
      return outcome
        ? { emailId, ticket: byId.get(outcome.ticketId)!, created: outcome.created, reopened: outcome.reopened }
        : { emailId, ticket: null, created: false, reopened: false };
    });
  });
}
