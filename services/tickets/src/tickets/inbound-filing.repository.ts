import { randomUUID } from 'node:crypto';
import type { FiledInboundEmail, InboundFiling, ThreadInboundEmailBody } from '@switchboard/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Advisory lock class of filing an email (received or sent): "inbd" in ASCII; the second key is the email's. */
const INBOUND_LOCK_CLASS = 0x696e6264;

/** What mail asks for one email. */
type InboundBody = ThreadInboundEmailBody & { ticketOfEmailId?: string };

/** What filing one email did: its ticket, or null when nothing matched and filing was off. */
export type InboundFiled = { ticketId: string; created: boolean; reopened: boolean } | null;

/** Locks the emails' filing until the transaction ends, in one statement (keys ascending, so two batches never deadlock). */
export async function lockEmails(tx: EntityManager, emailIds: string[]): Promise<void> {
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

/** A ticket the batch may file into, locked, with the emails of the batch's `ticketOfEmailId` already linked to it. */
type Candidate = { id: string; status: string; number: string; queue_id: string | null; of_email: string | null };

/**
 * Locks (ids ascending, so two batches never deadlock) the tickets the emails may go to, in one
 * statement: those mail named, those of the emails they reply to (linked before this batch), and
 * those of their subjects' numbers in their queues.
 */
async function lockCandidates(tx: EntityManager, items: InboundBody[]): Promise<Candidate[]> {
  const asked = items.map((item) => ({
    ticket_id: item.ticketId ?? null,
    ticket_of_email_id: item.ticketOfEmailId ?? null,
    ticket_number: item.ticketNumber ?? null,
    queue_id: item.queueId,
  }));
  return tx.execute<Candidate[]>(
    `with f as (select * from json_to_recordset(?::json) as f(ticket_id uuid, ticket_of_email_id uuid, ticket_number bigint, queue_id uuid)),
      replied as (select email_id, ticket_id from tickets.email_link where email_id in (select ticket_of_email_id from f)),
      ids as (
        select ticket_id as id from f where ticket_id is not null
        union select ticket_id from replied
        union select t.id from tickets.ticket t join f on t.number = f.ticket_number and t.queue_id is not distinct from f.queue_id
      )
      select t.id, t.status, t.number, t.queue_id, r.email_id as of_email
        from tickets.ticket t left join replied r on r.ticket_id = t.id
        where t.id in (select id from ids)
        order by t.id for update of t`,
    [JSON.stringify(asked)],
  );
}

/**
 * Files received emails in their order in the caller's transaction (M1) with a few statements
 * for the whole batch, not per email: an email already linked (before, or earlier in the batch)
 * keeps its ticket, changing nothing; otherwise it goes to the ticket mail named, else the
 * ticket of the email it replies to (filed before or earlier in the batch), else its subject's
 * `[#number]` in the queue it came to; that ticket's activity is now, and it is reopened when
 * closed and asked to. Else, with `create`, a new open, unassigned ticket in the queue, paired
 * with the sender's contact when mail found exactly one (C6, C9). A customer's message is unread
 * until the assignee opens it; an automatic reply is not. Null when nothing matches and `create` is off.
 */
async function fileInTransaction(tx: EntityManager, linkedBy: string, items: Array<InboundBody & { emailId: string }>): Promise<InboundFiled[]> {
  const emailIds = items.map((item) => item.emailId);
  await lockEmails(tx, emailIds);
  const linked = await linksOf(tx, emailIds);
  const unlinked = items.filter((item) => !linked.has(item.emailId));
  const candidates = unlinked.length > 0 ? await lockCandidates(tx, unlinked) : [];
  const status = new Map(candidates.map((ticket) => [ticket.id, ticket.status]));
  for (const ticket of candidates) if (ticket.of_email) linked.set(ticket.of_email, ticket.id);
  const byNumber = (number: number, queueId: string | null) => candidates.find((ticket) => Number(ticket.number) === number && ticket.queue_id === queueId)?.id;
  const created: Array<{ id: string; body: InboundBody }> = [];
  const links: Array<{ email_id: string; ticket_id: string; unread: boolean }> = [];
  const filed = items.map(({ emailId, ...body }): InboundFiled => {
    const ticketId = linked.get(emailId);
    if (ticketId) return { ticketId, created: false, reopened: false };
    // A subject tag alone is easy to forge: it finds only a ticket of the queue the email came to.
    const found =
      (body.ticketId && status.has(body.ticketId) ? body.ticketId : undefined) ??
      (body.ticketOfEmailId ? linked.get(body.ticketOfEmailId) : undefined) ??
      (body.ticketNumber === undefined ? undefined : byNumber(body.ticketNumber, body.queueId));
    if (!found && !body.create) return null;
    let outcome: NonNullable<InboundFiled>;
    if (found) {
      const reopened = status.get(found) === 'closed' && body.reopen;
      if (reopened) status.set(found, 'open');
      outcome = { ticketId: found, created: false, reopened };
    } else {
      const id = randomUUID();
      created.push({ id, body });
      status.set(id, 'open');
      outcome = { ticketId: id, created: true, reopened: false };
    }
    linked.set(emailId, outcome.ticketId);
    // A customer's message is unread for the assignee; an automatic reply (not filed on its own) is not.
    links.push({ email_id: emailId, ticket_id: outcome.ticketId, unread: body.create });
    return outcome;
  });
  if (created.length > 0) {
    await tx.execute(
      `insert into tickets.ticket (id, title, status, priority, queue_id, contact_id, contact_name, company_id, company_name, created_at, updated_at)
        select id, title, 'open', 'normal', queue_id, contact_id, contact_name, company_id, company_name, now(), now()
          from json_to_recordset(?::json) as t(n int, id uuid, title text, queue_id uuid, contact_id uuid, contact_name text, company_id uuid, company_name text)
          order by n`,
      [
        JSON.stringify(
          created.map(({ id, body: { title, queueId, contact } }, n) => ({
            n,
            id,
            title: title.trim() || '(no subject)',
            queue_id: queueId,
            contact_id: contact?.contactId ?? null,
            contact_name: contact?.contactName.trim() ?? null,
            company_id: contact?.companyId ?? null,
            company_name: contact?.companyId ? (contact.companyName ?? null) : null,
          })),
        ),
      ],
    );
  }
  const newIds = new Set(created.map((ticket) => ticket.id));
  const touched = [...new Set(links.map((link) => link.ticket_id))].filter((id) => !newIds.has(id)).map((id) => ({ id, status: status.get(id) }));
  if (touched.length > 0) {
    await tx.execute('update tickets.ticket t set updated_at = now(), status = coalesce(u.status, t.status) from json_to_recordset(?::json) as u(id uuid, status text) where t.id = u.id', [
      JSON.stringify(touched),
    ]);
  }
  if (links.length > 0) {
    await tx.execute(
      'insert into tickets.email_link (email_id, ticket_id, linked_by, linked_at, unread) select email_id, ticket_id, ?, now(), unread from json_to_recordset(?::json) as l(email_id uuid, ticket_id uuid, unread boolean)',
      [linkedBy, JSON.stringify(links)],
    );
  }
  return filed;
}

/**
 * Files one received email (M1) in the caller's transaction, as `fileInboundEmails` files each
 * of a batch. Null when nothing matches and `create` is off.
 */
export async function fileInboundEmail(tx: EntityManager, linkedBy: string, emailId: string, body: InboundBody): Promise<InboundFiled> {
  const [filed] = await fileInTransaction(tx, linkedBy, [{ ...body, emailId }]);
  return filed!;
}

/**
 * Files received emails in their order in one transaction with a few statements for the whole
 * batch (issue 13: one commit per batch, not per email; no statement per email), so a reply
 * finds the ticket its parent was filed into earlier in the batch. Answers each email's ticket
 * (id, number, title, contact) with what filing did.
 */
export async function fileInboundEmails(em: EntityManager, linkedBy: string, items: InboundFiling[]): Promise<FiledInboundEmail[]> {
  return em.transactional(async (tx) => {
    const filed = await fileInTransaction(tx, linkedBy, items);
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
