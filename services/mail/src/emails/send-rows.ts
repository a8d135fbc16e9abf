import type { EntityDictionary, EntitySchema } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { MailAddress, Ticket } from '@switchboard/contracts';
import { currentTraceparent } from '@switchboard/service-kit';
import { AttachmentEntity, EmailEntity, QueueEntity, type AttachmentRecord, type EmailRecord, type QueueRecord } from '../entities';

// The send route's two statements (issue 17: it ran twelve round trips per send). Plain SQL
// and plain objects: no ORM query building, flush or entity mapping on the hot path.

/**
 * Maps rows of an entity's table to plain objects of its properties, as `em.map` does but
 * without entity instances, the identity map or change tracking: the send route only checks
 * and answers what it reads, and `em.map` took 18% of its process's CPU (bench/mail-throughput,
 * --cpu-prof). Numbers PostgreSQL sends as text (bigint) become numbers, and dates read through
 * JSON (as ISO text) become dates.
 */
function plainMapper<T>(orm: MikroORM, entity: EntitySchema<T>): (row: EntityDictionary<T>) => T {
  const props = orm.getMetadata().get(entity.meta.className).props.flatMap((prop) =>
    prop.fieldNames?.length === 1 ? [{ name: prop.name, column: prop.fieldNames[0]!, type: prop.runtimeType }] : [],
  );
  return (row) => {
    const plain: Record<string, unknown> = {};
    for (const { name, column, type } of props) {
      const value = (row as Record<string, unknown>)[column];
      if (value === null || value === undefined) plain[name] = value ?? null;
      else if (type === 'number' && typeof value === 'string') plain[name] = Number(value);
      else if (type === 'Date' && typeof value === 'string') plain[name] = new Date(value);
      else plain[name] = value;
    }
    return plain as T;
  };
}

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

/** The send route's statements. */
export interface SendRows {
  /** Reads the email, its queue, its attachments and the caller's undo window in one statement; null when there is no such email. */
  read(em: EntityManager, userId: string, id: string): Promise<SendRead | null>;
  /**
   * Queues the email at the version the caller named, in one statement: the email changes only
   * while it is still the caller's draft or failed send at that version (any save, attachment
   * change or send since made a new version), its outbox row is written and a previous macro
   * run is dropped with it, all or none. Returns the email as sent, or null when it changed.
   */
  commit(em: EntityManager, caller: { userId: string }, email: EmailRecord, version: number, changes: SendChanges): Promise<EmailRecord | null>;
}

/** Creates the statements over the ORM's metadata (the mappers are built once). */
export function createSendRows(orm: MikroORM): SendRows {
  const toEmailRecord = plainMapper(orm, EmailEntity);
  const toQueueRecord = plainMapper(orm, QueueEntity);
  const toAttachmentRecord = plainMapper(orm, AttachmentEntity);
  return {
    async read(em, userId, id) {
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
        email: toEmailRecord(email),
        queue: queue ? toQueueRecord(queue) : null,
        attachments: attachments.map(toAttachmentRecord),
        undoSendSeconds,
      };
    },
    commit: (em, caller, email, version, changes) => commitSend(em, caller, email, version, changes).then((row) => (row ? toEmailRecord(row) : null)),
  };
}

/** `SendRows.commit`'s statement; answers the row as sent. */
async function commitSend(
  em: EntityManager,
  caller: { userId: string },
  email: EmailRecord,
  version: number,
  changes: SendChanges,
): Promise<EntityDictionary<EmailRecord> | null> {
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
  return row ?? null;
}
