import type { EntityDictionary } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Attachment, Email, EmailSummary } from '@switchboard/contracts';
import { AttachmentEntity, type AttachmentRecord, type EmailRecord } from '../entities';
import { htmlToText } from '@switchboard/service-kit';

/** Characters of plain text a list row shows of the body. */
const PREVIEW_LENGTH = 160;

const iso = (value: Date | null | undefined) => (value ? new Date(value).toISOString() : null);

function ticketOf(email: EmailRecord): Email['ticket'] {
  return email.ticketId && email.ticketNumber != null
    ? { id: email.ticketId, number: Number(email.ticketNumber), title: email.ticketTitle ?? '' }
    : null;
}

/** An attachment row as the API shows it. */
export function toAttachment(row: AttachmentRecord): Attachment {
  return {
    id: row.id,
    fileName: row.fileName,
    contentType: row.contentType,
    size: Number(row.size),
    inline: row.inline,
    contentId: row.contentId ?? null,
    sha256: row.blobSha256,
  };
}

/** The email's attachments, oldest first (one plain statement, mapped: see `loadEmail`). */
export async function attachmentsOf(em: EntityManager, emailId: string): Promise<AttachmentRecord[]> {
  const rows = await em.execute<EntityDictionary<AttachmentRecord>[]>(
    'select * from "mail"."attachment" where email_id = ? order by created_at, id',
    [emailId],
  );
  return rows.map((row) => em.map(AttachmentEntity, row));
}

/** The full email as the API returns it. */
export function toEmail(email: EmailRecord, attachments: AttachmentRecord[]): Email {
  return {
    id: email.id,
    version: email.version,
    direction: email.direction,
    status: email.status,
    queueId: email.queueId ?? null,
    ticket: ticketOf(email),
    contactId: email.contactId ?? null,
    from: email.from ?? null,
    to: email.to,
    cc: email.cc,
    bcc: email.bcc,
    subject: email.subject,
    html: email.html,
    important: email.important,
    postponed: email.postponed,
    replyTo: email.replyToEmailId && email.replyMode ? { emailId: email.replyToEmailId, mode: email.replyMode } : null,
    attachments: attachments.map(toAttachment),
    attachmentBytes: attachments.reduce((sum, a) => sum + Number(a.size), 0),
    messageId: email.messageId ?? null,
    sentAt: iso(email.sentAt),
    smtpResponse: email.smtpResponse ?? null,
    failure: email.failureReason ? { reason: email.failureReason, smtpCode: email.failureCode ?? null } : null,
    retry: email.retryAt && email.retryReason ? { reason: email.retryReason, smtpCode: email.retryCode ?? null, nextAttemptAt: email.retryAt.toISOString() } : null,
    releaseAt: iso(email.releaseAt),
    heldAt: iso(email.heldAt),
    createdAt: iso(email.createdAt) ?? '',
    updatedAt: iso(email.updatedAt) ?? '',
  };
}

/** Loads the attachments and maps the email. */
export async function emailView(em: EntityManager, email: EmailRecord): Promise<Email> {
  return toEmail(email, await attachmentsOf(em, email.id));
}

/** List rows of the emails, with their attachment counts. */
export async function toSummaries(em: EntityManager, emails: EmailRecord[]): Promise<EmailSummary[]> {
  const counts = new Map<string, number>();
  if (emails.length > 0) {
    const rows = await em.execute<{ email_id: string; n: number }[]>(
      'select email_id, count(*)::int as n from mail.attachment where email_id in (?) group by email_id',
      [emails.map((e) => e.id)],
    );
    for (const row of rows) counts.set(row.email_id, row.n);
  }
  return emails.map((email) => ({
    id: email.id,
    direction: email.direction,
    status: email.status,
    from: email.from ?? null,
    to: email.to,
    subject: email.subject,
    preview: htmlToText(email.html).replace(/\s+/g, ' ').slice(0, PREVIEW_LENGTH),
    important: email.important,
    postponed: email.postponed,
    ticket: ticketOf(email),
    attachmentCount: counts.get(email.id) ?? 0,
    updatedAt: iso(email.updatedAt) ?? '',
    sentAt: iso(email.sentAt),
  }));
}
