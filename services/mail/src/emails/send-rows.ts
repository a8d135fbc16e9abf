import type { EntityDictionary } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MailAddress, Ticket } from '@switchboard/contracts';
import { currentTraceparent } from '@switchboard/service-kit';
import { AttachmentEntity, EmailEntity, QueueEntity, type AttachmentRecord, type EmailRecord, type QueueRecord } from '../entities';

// The send route's two statements (issue 17: it ran twelve round trips per send). Plain SQL,
// mapped to the entities: no ORM query building or flush on the hot path.

/** An email as a send reads it, with everything its checks need. */
export interface SendRead {
  email: EmailRecord;
  /** The email's queue, or null when it has none (or mail does not know it). */
  queue: QueueRecord | null;
  /** Its attachments, oldest first. */
  attachments: AttachmentRecord[];
  /** The sender's own undo window (E14), or null when they never chose one. */
  undoSendSeconds: number | null;
}

type ReadRow = EntityDictionary<EmailRecord> & {
  send_queue: EntityDictionary<QueueRecord> | null;
  send_attachments: EntityDictionary<AttachmentRecord>[];
  send_undo_seconds: number | null;
};

/** Reads the email, its queue, its attachments and the caller's undo window in one statement; null when there is no such email. */
export async function readForSend(em: EntityManager, userId: string, id: string): Promise<SendRead | null> {
  const [row] = await em.execute<ReadRow[]>(
    `select e.*,
      (select row_to_json(q) from "mail"."queue" q where q.id = e.queue_id) as send_queue,
      coalesce((select json_agg(a order by a.created_at, a.id) from "mail"."attachment" a where a.email_id = e.id), '[]') as send_attachments,
      (select s.undo_send_seconds from "mail"."agent_setting" s where s.user_id = ?) as send_undo_seconds
    from "mail"."email" e where e.id = ?`,
    [userId, id],
  );
  if (!row) return null;
  const { send_queue: queue, send_attachments: attachments, send_undo_seconds: undoSendSeconds, ...email } = row;
  return {
    email: em.map(EmailEntity, email),
    queue: queue ? em.map(QueueEntity, queue) : null,
    attachments: attachments.map((a) => em.map(AttachmentEntity, a)),
    undoSendSeconds,
  };
}

/** What a send writes into the email. */
export interface SendChanges {
  ticket: Pick<Ticket, 'id' | 'number' | 'title'>;
  from: MailAddress;
  subject: string;
  html: string;
  messageId: string;
  /** A send at a chosen time waits `scheduled`, under Postponed (E15); else `queued`. */
  scheduled: boolean;
  now: Date;
  /** When the relay may publish the outbox row: after the undo window (E14) or at the scheduled time. */
  releaseAt: Date;
}

/**
 * The outbox row of an email, released at a time: a new row, or a failed email's row waiting
 * again. The row keeps the trace context of the request that wrote it, so the delivery joins
 * that trace. `source` selects the email ids, then the created-at and release-at times.
 */
export const upsertOutboxSql = (source: string) =>
  `insert into "mail"."outbox" (email_id, created_at, relayed_at, release_at, traceparent) ${source}
    on conflict (email_id) do update set created_at = excluded.created_at, relayed_at = null, release_at = excluded.release_at,
      traceparent = excluded.traceparent`;

/**
 * Queues the email at the version the caller named, in one statement: the email changes only
 * while it is still the caller's draft or failed send at that version (any save, attachment
 * change or send since made a new version), its outbox row is written and a previous macro
 * run is dropped with it, all or none. Returns the email as sent, or null when it changed.
 */
export async function commitSend(em: EntityManager, caller: { userId: string }, email: EmailRecord, version: number, changes: SendChanges): Promise<EmailRecord | null> {
  const { ticket, now } = changes;
  const [row] = await em.execute<EntityDictionary<EmailRecord>[]>(
    `with sent as (
      update "mail"."email" set ticket_id = ?, ticket_number = ?, ticket_title = ?, "from" = ?::jsonb, subject = ?, html = ?,
        message_id = ?, status = ?, postponed = ?, queued_at = ?, release_at = ?, held_at = null, sent_at = null,
        send_attempts = 0, send_version = ?, smtp_response = null, failure_reason = null, failure_code = null,
        retry_at = null, retry_reason = null, retry_code = null, version = version + 1, updated_at = ?
      where id = ? and version = ? and owner_id = ? and status in ('draft', 'failed')
      returning *),
    outboxed as (${upsertOutboxSql('select id, ?::timestamptz, null::timestamptz, ?::timestamptz, ?::text from sent')}),
    runs as (delete from "mail"."macro_run" where email_id in (select id from sent))
    select * from sent`,
    [
      ticket.id,
      ticket.number,
      ticket.title,
      JSON.stringify(changes.from),
      changes.subject,
      changes.html,
      changes.messageId,
      changes.scheduled ? 'scheduled' : 'queued',
      changes.scheduled,
      now,
      changes.releaseAt,
      version,
      now,
      email.id,
      version,
      caller.userId,
      now,
      changes.releaseAt,
      currentTraceparent(),
    ],
  );
  return row ? em.map(EmailEntity, row) : null;
}
