import type { FiledInboundEmail, InboundFiling, ThreadInboundEmailBody } from '@switchboard/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Advisory lock class of inbound filing: "inbd" in ASCII; the second key is the email's. */
const INBOUND_LOCK_CLASS = 0x696e6264;

type Candidate = { id: string; status: string };

/** What mail asks for one email. */
type InboundBody = ThreadInboundEmailBody & { ticketOfEmailId?: string };

/** What filing one email did: its ticket, or null when nothing matched and filing was off. */
export type InboundFiled = { ticketId: string; created: boolean; reopened: boolean } | null;

/**
 * The ticket a received email belongs to, touched (its activity now, reopened when closed and
 * `reopen`) in the same statement: the one mail named, the ticket of the email it replies to,
 * else the subject's number in the queue. Answers it with the status it had.
 */
async function touchTicket(tx: EntityManager, body: InboundBody): Promise<Candidate | undefined> {
  const touch = async (where: string, params: unknown[]) =>
    (
      await tx.execute<Candidate[]>(
        `with found as (select id, status from tickets.ticket where ${where} limit 1 for update)
          update tickets.ticket t set updated_at = now(), status = case when found.status = 'closed' and ? then 'open' else found.status end
            from found where t.id = found.id returning t.id, found.status`,
        [...params, body.reopen],
      )
    )[0];
  const byId = body.ticketId ? await touch('id = ?', [body.ticketId]) : undefined;
  if (byId) return byId;
  const byEmail = body.ticketOfEmailId ? await touch('id = (select ticket_id from tickets.email_link where email_id = ?)', [body.ticketOfEmailId]) : undefined;
  if (byEmail) return byEmail;
  if (body.ticketNumber === undefined) return undefined;
  // A subject tag alone is easy to forge: it finds only a ticket of the queue the email came to.
  return touch('number = ? and queue_id is not distinct from ?', [body.ticketNumber, body.queueId]);
}

/** Locks the emails' filing until the transaction ends, in one statement (keys ascending, so two batches never deadlock). */
async function lockEmails(tx: EntityManager, emailIds: string[]): Promise<void> {
  await tx.execute('select pg_advisory_xact_lock(?::int, k) from (select distinct hashtext(e) as k from json_array_elements_text(?::json) as e) keys order by k', [
    INBOUND_LOCK_CLASS,
    JSON.stringify(emailIds),
  ]);
}

/** The tickets the emails are linked to already. */
async function linksOf(tx: EntityManager, emailIds: string[]): Promise<Map<string, string>> {
  const rows = await tx.execute<{ email_id: string; ticket_id: string }[]>('select email_id, ticket_id from tickets.email_link where email_id in (?)', [emailIds]);
  return new Map(rows.map((row) => [row.email_id, row.ticket_id]));
}

/** Files an email not linked yet: into the ticket it belongs to, else (with `create`) a new one. */
async function fileUnlinked(tx: EntityManager, linkedBy: string, emailId: string, body: InboundBody): Promise<InboundFiled> {
  const found = await touchTicket(tx, body);
  if (!found && !body.create) return null;
  let ticketId: string;
  if (found) {
    ticketId = found.id;
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
  return { ticketId, created: !found, reopened: found?.status === 'closed' && body.reopen };
}

/**
 * Files one received email (M1) in the caller's transaction: an email already linked keeps its
 * ticket (a redelivery changes nothing); otherwise the matching ticket is reopened when closed
 * and asked to, or a new open, unassigned ticket is filed in the queue, paired with the sender's
 * contact when mail found exactly one (C6, C9). A customer's message is unread until the
 * assignee opens it. Null when nothing matches and `create` is off.
 */
export async function fileInboundEmail(tx: EntityManager, linkedBy: string, emailId: string, body: InboundBody): Promise<InboundFiled> {
  await lockEmails(tx, [emailId]);
  const linked = (await linksOf(tx, [emailId])).get(emailId);
  if (linked) return { ticketId: linked, created: false, reopened: false };
  return fileUnlinked(tx, linkedBy, emailId, body);
}

/**
 * Files received emails in their order in one transaction (issue 13: one commit per batch, not
 * per email), so a reply finds the ticket its parent was filed into earlier in the batch.
 * Answers each email's ticket (id, number, title, contact) with what filing did.
 */
export async function fileInboundEmails(em: EntityManager, linkedBy: string, items: InboundFiling[]): Promise<FiledInboundEmail[]> {
  return em.transactional(async (tx) => {
    const emailIds = items.map((item) => item.emailId);
    await lockEmails(tx, emailIds);
    const linked = await linksOf(tx, emailIds);
    const filed: InboundFiled[] = [];
    for (const { emailId, ...body } of items) {
      const ticketId = linked.get(emailId);
      const outcome = ticketId ? { ticketId, created: false, reopened: false } : await fileUnlinked(tx, linkedBy, emailId, body);
      if (outcome) linked.set(emailId, outcome.ticketId);
      filed.push(outcome);
    }
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
