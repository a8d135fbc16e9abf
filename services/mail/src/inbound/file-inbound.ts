import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { InboundFiling, PairedContact } from '@switchboard/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { emailEventInsertSql } from '../events/email-events';
import { isTicketsRefusal } from '../errors';
import type { TicketsClient } from '../tickets-client';
import { executeBound } from './execute-bound';
import type { SenderContacts } from './sender-contact';
import { referencedIds, ticketNumberOf, ticketTitleOf } from './subject';

/** What filing needs. */
export interface FilingDeps {
  orm: MikroORM;
  ticketsClient: TicketsClient;
  /** CRM's contacts, to pair a new ticket with its sender; null without CRM. */
  senderContacts: SenderContacts | null;
  log: FastifyBaseLogger;
  /** Told the tickets that took emails, once their filing is committed (their live threads). */
  filed?: (ticketIds: string[]) => Promise<void>;
}

/** Advisory lock of filing: "file" in ASCII. One filer at a time across replicas, so a reply is filed after its parent. */
const FILING_LOCK = 0x66696c65;

/** CRM is asked about this many senders at once. */
const CRM_AT_ONCE = 8;

type StoredRow = {
  inbound_id: string;
  email_id: string;
  queue_id: string | null;
  subject: string;
  in_reply_to: string | null;
  references: string | null;
  kind: string;
  from: { address: string } | null;
  reopen_on_reply: boolean | null;
};

type Referenced = { id: string; message_id: string; ticket_id: string | null };

/** Our emails the rows reply to (In-Reply-To, References), by Message-ID, newest first. */
async function referencedEmails(tx: EntityManager, rows: StoredRow[]): Promise<Map<string, Referenced[]>> {
  const ids = [...new Set(rows.flatMap((row) => referencedIds(row.in_reply_to ?? undefined, row.references ?? undefined)))];
  const found = ids.length
    ? await tx.execute<Referenced[]>('select id, message_id, ticket_id from mail.email where message_id in (?) order by created_at desc', [ids])
    : [];
  const byMessageId = new Map<string, Referenced[]>();
  for (const email of found) byMessageId.set(email.message_id, [...(byMessageId.get(email.message_id) ?? []), email]);
  return byMessageId;
}

/**
 * Where each row goes (M1), in order: the ticket of the newest email of ours it replies to, or
 * that email itself when it is filed earlier in this batch; else the `[#number]` of its subject
 * in its queue; else a new ticket. An auto-reply neither files a ticket nor reopens one.
 */
function filingsOf(rows: StoredRow[], referenced: Map<string, Referenced[]>): InboundFiling[] {
  const earlier = new Set<string>();
  return rows.map((row) => {
    const automatic = row.kind !== 'message';
    const replied = referencedIds(row.in_reply_to ?? undefined, row.references ?? undefined)
      .flatMap((messageId) => referenced.get(messageId) ?? [])
      .filter((email) => email.id !== row.email_id);
    const ticketId = replied.find((email) => email.ticket_id)?.ticket_id;
    const parent = ticketId ? undefined : replied.find((email) => earlier.has(email.id));
    earlier.add(row.email_id);
    const ticketNumber = ticketNumberOf(row.subject);
    return {
      emailId: row.email_id,
      ...(ticketId ? { ticketId } : {}),
      ...(parent ? { ticketOfEmailId: parent.id } : {}),
      ...(ticketNumber ? { ticketNumber } : {}),
      queueId: row.queue_id,
      title: ticketTitleOf(row.subject),
      reopen: !automatic && (row.reopen_on_reply ?? true),
      create: !automatic,
    };
  });
}

/** Pairs each filing that may start a ticket with its sender's only CRM contact (C6, C9); CRM being down never holds mail up. */
async function withContacts(deps: FilingDeps, rows: StoredRow[], filings: InboundFiling[]): Promise<InboundFiling[]> {
  const { senderContacts, log } = deps;
  if (!senderContacts) return filings;
  const paired = [...filings];
  const asked = filings.flatMap((filing, index) => (filing.create && !filing.ticketId && !filing.ticketOfEmailId && rows[index]!.from?.address ? [index] : []));
  for (let start = 0; start < asked.length; start += CRM_AT_ONCE) {
    await Promise.all(
      asked.slice(start, start + CRM_AT_ONCE).map(async (index) => {
        const contact: PairedContact | null = await senderContacts.match(rows[index]!.from!.address).catch((error: unknown) => {
          log.warn({ err: error }, 'the sender of a received email could not be matched in CRM');
          return null;
        });
        if (contact) paired[index] = { ...filings[index]!, contact };
      }),
    );
  }
  return paired;
}

/** Quarantines stored messages that will not be filed, with the reason; their emails go, so no email is outside a ticket (M1). */
async function quarantine(tx: EntityManager, rows: StoredRow[], reason: string): Promise<void> {
  await tx.execute(`update mail.inbound_message set state = 'quarantined', reason = ?, email_id = null, threaded_at = now() where id in (?)`, [
    reason.slice(0, 1000),
    rows.map((row) => row.inbound_id),
  ]);
  await tx.execute('delete from mail.email where id in (?)', [rows.map((row) => row.email_id)]);
}

/**
 * Files up to `limit` stored, unfiled received emails, oldest first, in one transaction of mail
 * and one call of tickets' batch route (issue 13): each email takes its ticket copy, its
 * message is marked filed and `email.received` recorded, in one statement; an auto-reply with
 * no ticket to join is quarantined and its email dropped. Holds the filing lock, so replicas
 * file one batch at a time, in order. Safe to repeat after a crash: tickets answers the first
 * links again, and a message is marked (and announced) once. A single message tickets refuses
 * (`isTicketsRefusal`) is quarantined with the reason. Answers how many it took; throws
 * TICKETS_UNAVAILABLE when tickets could not be asked or refused a batch of several, leaving
 * them all unfiled. Once committed, `deps.filed` hears the tickets that took emails.
 */
export async function fileStoredInbound(deps: FilingDeps, limit: number): Promise<number> {
  const { taken, ticketIds } = await fileBatch(deps, limit);
  if (ticketIds.length > 0) await deps.filed?.(ticketIds);
  return taken;
}

/** One batch in one transaction: how many messages it took, and the tickets that took emails. */
async function fileBatch(deps: FilingDeps, limit: number): Promise<{ taken: number; ticketIds: string[] }> {
  return deps.orm.em.fork().transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(?::int, 0)', [FILING_LOCK]);
    const rows = await tx.execute<StoredRow[]>(
      `select i.id as inbound_id, e.id as email_id, e.queue_id, e.subject, e.in_reply_to, e."references", e."from", i.kind, q.reopen_on_reply
        from mail.inbound_message i join mail.email e on e.id = i.email_id left join mail.queue q on q.id = e.queue_id
        where i.threaded_at is null and i.state = 'stored' order by i.received_at, i.id limit ?`,
      [limit],
    );
    if (rows.length === 0) return { taken: 0, ticketIds: [] };
    const filings = await withContacts(deps, rows, filingsOf(rows, await referencedEmails(tx, rows)));
    let filed;
    try {
      filed = await deps.ticketsClient.fileInboundEmails(filings);
    } catch (error) {
      // Tickets will refuse this one message every time: it must not hold up the ones behind it.
      if (rows.length > 1 || !isTicketsRefusal(error)) throw error;
      deps.log.warn({ err: error, inboundId: rows[0]!.inbound_id }, 'tickets refused to file a received email; it is quarantined');
      await quarantine(tx, rows, `tickets refused to file it: ${error instanceof Error ? error.message : String(error)}`);
      return { taken: 1, ticketIds: [] };
    }
    const stray = rows.filter((_row, index) => !filed[index]!.ticket);
    if (stray.length > 0) await quarantine(tx, stray, 'automatic reply to no ticket of ours');
    const tickets = rows.flatMap((row, index) => {
      const { ticket } = filed[index]!;
      return ticket ? [{ inbound_id: row.inbound_id, ticket_id: ticket.id, ticket_number: ticket.number, ticket_title: ticket.title, contact_id: ticket.contactId }] : [];
    });
    if (tickets.length > 0) {
      // One statement: each message marked filed (once), its email given its ticket, email.received recorded.
      await executeBound(
        tx,
        `with filing as (
            select * from json_to_recordset(?::json) as f(inbound_id uuid, ticket_id uuid, ticket_number int, ticket_title text, contact_id uuid)
          ), marked as (
            update mail.inbound_message i set threaded_at = now() from filing f where i.id = f.inbound_id and i.threaded_at is null
            returning i.email_id, f.ticket_id, f.ticket_number, f.ticket_title, f.contact_id
          ), filed as (
            update mail.email e set ticket_id = m.ticket_id, ticket_number = m.ticket_number, ticket_title = m.ticket_title, contact_id = m.contact_id
              from marked m where e.id = m.email_id returning e.*
          )
          ${emailEventInsertSql('email.received', 'filed')}`,
        [JSON.stringify(tickets)],
      );
    }
    return { taken: rows.length, ticketIds: [...new Set(tickets.map((filing) => filing.ticket_id))] };
  });
}
