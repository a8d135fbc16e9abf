import type { EntityManager } from '@mikro-orm/postgresql';

// What mail tells other services (decision 0010): email.sent when the SMTP server accepted an
// email (recorded by the statement that marks it sent), email.received when an inbound email is
// stored. CRM turns both into activities.

/** The mail schema, holding `event_outbox`. */
export const MAIL_SCHEMA = 'mail';

const at = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * An insert of one email event per row of `source` (a relation with mail.email's columns, e.g.
 * a CTE returning the updated row), the payload built in SQL so a sent email is announced in the
 * very statement that records it sent.
 */
export function emailEventInsertSql(type: 'email.sent' | 'email.received', source: string): string {
  const [direction, time] = type === 'email.sent' ? ['out', at('e.sent_at')] : ['in', at('e.created_at')];
  return `insert into "mail"."event_outbox" (id, type, aggregate, aggregate_id, version, payload)
    select gen_random_uuid(), '${type}', 'email', e.id::text, null, jsonb_build_object(
      'emailId', e.id, 'ticketId', e.ticket_id, 'contactId', e.contact_id,
      'from', e."from"->>'address',
      'to', coalesce((select jsonb_agg(a->>'address') from jsonb_array_elements(e."to") a where a->>'address' is not null), '[]'::jsonb),
      'subject', e.subject, 'at', ${time}, 'direction', '${direction}')
    from ${source} e`;
}

/** Records `email.received` for a stored inbound email, in the caller's transaction (where it is stored). */
export async function recordEmailReceived(em: EntityManager, emailId: string): Promise<void> {
  await em.execute(emailEventInsertSql('email.received', `(select * from "mail"."email" where id = ? and direction = 'inbound')`), [emailId]);
}
