import type { MikroORM } from '@mikro-orm/postgresql';
import type { MailAddress } from '@switchboard/contracts';
import { queryPrepared } from '@switchboard/service-kit';
import { emailEventInsertSql } from '../events/email-events';

// The worker's reads and writes of mail.email, in SQL: they run for every attempt of every
// send, so each is one statement on its own (no BEGIN/COMMIT round trips), prepared once per
// pooled connection (PostgreSQL plans the claim's CTE once, and no ORM builds the query);
// only the rare refusal of a claim takes a short explicit transaction (the embedded PostgreSQL
// serializes those).

/** The email fields a message is built from. */
export interface OutgoingEmail {
  id: string;
  sendAttempts: number;
  /** When the email was released to the worker (or queued): the retry schedule's give-up time counts from here. */
  releasedAt: Date;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  subject: string;
  html: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
}

/** The queue an email goes out through. */
export interface OutgoingQueue {
  id: string;
  fromAddress: string;
  fromName: string | null;
  smtpUrlEncrypted: string | null;
}

/** An attachment of the email, with the blob its bytes live in. */
export interface OutgoingAttachment {
  blobSha256: string;
  fileName: string;
  contentType: string;
  inline: boolean;
  contentId: string | null;
}

/** An email claimed for one send attempt. */
export interface SendClaim {
  email: OutgoingEmail;
  queue: OutgoingQueue;
  attachments: OutgoingAttachment[];
}

/** The claimed email with its queue and attachments, read in the claiming statement. */
interface ClaimRow {
  id: string;
  send_attempts: number;
  released_at: Date | string;
  queue: OutgoingQueue;
  attachments: OutgoingAttachment[];
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  subject: string;
  html: string;
  message_id: string | null;
  in_reply_to: string | null;
  references: string | null;
}

const UNSETTLED = `status in ('scheduled', 'queued', 'sending')`;
const BUMP = 'version = version + 1, updated_at = now()';
/** A settled email waits for no retry. */
const NO_RETRY = 'retry_at = null, retry_reason = null, retry_code = null';
/** The email's outbox row is not released yet (E14, E15): the worker never sends before the relay may. */
const NOT_RELEASED = `exists (select 1 from "mail"."outbox" o where o.email_id = e.id and o.release_at > now())`;
/** The customer wrote to the email's ticket after it was scheduled (E15). */
const CUSTOMER_WROTE = `exists (select 1 from "mail"."email" i
  where i.ticket_id = e.ticket_id and i.direction = 'inbound' and i.created_at > e.queued_at)`;
/** An email the worker may claim: queued or sending, or scheduled with no word from the customer since; released. */
const CLAIMABLE = `(e.status in ('queued', 'sending') or (e.status = 'scheduled' and not ${CUSTOMER_WROTE})) and not ${NOT_RELEASED}`;

/** Delivery's view of the mail schema. */
export interface SendStore {
  /**
   * Locks the email and, if it is still to be sent and released, marks it `sending` and counts
   * the attempt (committed before any SMTP traffic). Returns the claim, or a string saying why
   * nothing is sent: already settled (its outbox row is dropped), not released yet, held back
   * (a scheduled send the customer answered first: a postponed draft again, E15), or given up
   * and failed here.
   */
  claim(emailId: string, maxSendAttempts: number): Promise<SendClaim | string>;
  /**
   * Records the delivery, drops the outbox row, lets runners take the email's macro run and records email.sent. Answers the ticket the
   * email belongs to, or null (for the ticket's live thread, issue 13).
   */
  markSent(emailId: string, smtpResponse: string): Promise<string | null>;
  /** Records a final failure, unless a duplicate job already settled the email; answers its ticket as `markSent` does (null when it settled nothing). */
  markFailed(emailId: string, reason: string, code: number | null): Promise<string | null>;
  /** Puts a `sending` email back to `queued` while its job waits for the next attempt, with when and why. */
  markWaitingForRetry(emailId: string, failure: { reason: string; code: number | null }, nextAttemptAt: Date): Promise<void>;
}

/** Creates the store over the ORM's connection; every call is one statement or one transaction. */
export function createSendStore(orm: MikroORM): SendStore {
  /** One named prepared statement (`$1`-style parameters), outside any transaction. */
  const statement = <R>(name: string, query: string, params: unknown[]) => queryPrepared<R>(orm.em, `mail.send.${name}`, query, params);
  const inTransaction = <T>(work: (sql: <R>(query: string, params: unknown[]) => Promise<R[]>) => Promise<T>) =>
    orm.em.fork().transactional((em) => work(<R>(query: string, params: unknown[]) => em.execute<R[]>(query, params, 'all')));

  /** Fails the email; the placeholders of its reason, code and id (`$n` prepared, `?` through the ORM). */
  const fail = (reason: string, code: string, id: string) => `update "mail"."email" set status = 'failed', failure_reason = ${reason}, failure_code = ${code}, ${NO_RETRY}, ${BUMP}
    where id = ${id} and ${UNSETTLED} returning id, ticket_id`;
  const dropOutbox = (settle: string) =>
    `with settled as (${settle}) delete from "mail"."outbox" where email_id in (select id from settled)`;
  /** The settled email's ticket, read in the settling statement. */
  const ticketOfSettled = async (name: string, query: string, params: unknown[]) =>
    (await statement<{ ticket_id: string | null }>(name, query, params))[0]?.ticket_id ?? null;

  return {
    claim: async (emailId, maxSendAttempts) => {
      // The update commits the claim; its row, the queue and the attachments come back with it.
      const [row] = await statement<ClaimRow>(
        'claim',
        `with claimed as (
          update "mail"."email" e set status = 'sending', postponed = false, send_attempts = send_attempts + 1, ${BUMP}
            where id = $1 and ${CLAIMABLE} and send_attempts < $2 and queue_id is not null
            returning id, send_attempts, coalesce(release_at, queued_at, now()) as released_at, queue_id, "from", "to", cc, bcc, subject, html, message_id, in_reply_to, "references"
        )
        select claimed.*,
          json_build_object('id', q.id, 'fromAddress', q.from_address, 'fromName', q.from_name,
            'smtpUrlEncrypted', q.smtp_url_encrypted) as queue,
          coalesce((select json_agg(json_build_object('blobSha256', a.blob_sha256, 'fileName', a.file_name,
              'contentType', a.content_type, 'inline', a.inline, 'contentId', a.content_id) order by a.created_at, a.id)
            from "mail"."attachment" a where a.email_id = claimed.id), '[]') as attachments
        from claimed join "mail"."queue" q on q.id = claimed.queue_id`,
        [emailId, maxSendAttempts],
      );
      if (!row) return inTransaction((sql) => refuse(sql, emailId));
      return { email: toOutgoingEmail(row), queue: row.queue, attachments: row.attachments };
    },
    // The email is sent, its outbox row gone, its macro's run free to take (decision 0013) and
    // email.sent recorded (decision 0010), all or none.
    markSent: (emailId, smtpResponse) =>
      ticketOfSettled(
        'sent',
        `with settled as (update "mail"."email" set status = 'sent', sent_at = now(), smtp_response = $1,
            failure_reason = null, failure_code = null, ${NO_RETRY}, ${BUMP} where id = $2 returning *),
          dropped as (delete from "mail"."outbox" where email_id in (select id from settled)),
          macro as (update "mail"."macro_run" set email_sent = true where email_id in (select id from settled)),
          recorded as (${emailEventInsertSql('email.sent', 'settled')})
        select ticket_id from settled`,
        [smtpResponse, emailId],
      ),
    markFailed: (emailId, reason, code) =>
      ticketOfSettled(
        'failed',
        `with settled as (${fail('$1', '$2', '$3')}), dropped as (delete from "mail"."outbox" where email_id in (select id from settled))
        select ticket_id from settled`,
        [reason, code, emailId],
      ),
    markWaitingForRetry: async (emailId, failure, nextAttemptAt) => {
      await statement(
        'retry',
        `update "mail"."email" set status = 'queued', retry_at = $1, retry_reason = $2, retry_code = $3, ${BUMP} where id = $4 and status = 'sending'`,
        [nextAttemptAt, failure.reason, failure.code, emailId],
      );
    },
  };

  /** Why an email could not be claimed; fails it here when it never can be. */
  async function refuse(sql: <R>(query: string, params: unknown[]) => Promise<R[]>, emailId: string): Promise<string> {
    const [row] = await sql<{ status: string; send_attempts: number; queue_id: string | null; waiting: boolean; answered: boolean }>(
      `select status, send_attempts, queue_id, ${NOT_RELEASED} as waiting, ${CUSTOMER_WROTE} as answered
        from "mail"."email" e where id = ? for update`,
      [emailId],
    );
    if (!row) return 'skipped: no such email';
    if (!['scheduled', 'queued', 'sending'].includes(row.status)) {
      await sql(`delete from "mail"."outbox" where email_id = ?`, [emailId]);
      return `skipped: ${row.status}`;
    }
    if (row.waiting) return 'skipped: not released yet';
    if (row.status === 'scheduled' && row.answered) {
      await sql(
        `with held as (update "mail"."email" set status = 'draft', postponed = true, held_at = now(), release_at = null, ${BUMP}
            where id = ? returning id),
          runs as (delete from "mail"."macro_run" where email_id in (select id from held))
        delete from "mail"."outbox" where email_id in (select id from held)`,
        [emailId],
      );
      return 'held: the customer wrote first';
    }
    const reason = row.queue_id === null ? 'The email has no queue to send through' : `Gave up after ${row.send_attempts} attempts`;
    await sql(dropOutbox(fail('?', '?', '?')), [reason, null, emailId]);
    return `failed: ${reason}`;
  }
}

function toOutgoingEmail(row: ClaimRow): OutgoingEmail {
  return {
    id: row.id,
    sendAttempts: row.send_attempts,
    releasedAt: new Date(row.released_at),
    from: row.from,
    to: row.to,
    cc: row.cc,
    bcc: row.bcc,
    subject: row.subject,
    html: row.html,
    messageId: row.message_id,
    inReplyTo: row.in_reply_to,
    references: row.references,
  };
}
