import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Email, EmailStatus, MailAddress } from '@switchboard/contracts';
import { AttachmentEntity, BlobEntity, EmailEntity, type AttachmentRecord, type EmailRecord } from '../entities';
import type { MailTestContext } from './mail-test-context';

/** POST /drafts that must succeed; returns the new draft. */
export async function postDraft(ctx: MailTestContext, headers: Record<string, string>, body: object = {}): Promise<Email> {
  const res = await ctx.inject({ method: 'POST', url: '/drafts', body, headers });
  if (res.statusCode !== 201) throw new Error(`POST /drafts answered ${res.statusCode} ${res.body}`);
  return res.json<Email>();
}

/** What a stored email needs; everything else has a default. */
export interface EmailSeed {
  ownerId: string;
  queueId: string | null;
  direction?: 'inbound' | 'outbound';
  status?: EmailStatus;
  ticket?: { id: string; number: number; title: string } | null;
  contactId?: string | null;
  from?: MailAddress | null;
  to?: MailAddress[];
  cc?: MailAddress[];
  subject?: string;
  html?: string;
  messageId?: string | null;
  references?: string | null;
  createdAt?: Date;
}

/** Stores an email directly (an inbound message, a colleague's send...), as the worker or a seed would. */
export async function insertEmail(ctx: MailTestContext, seed: EmailSeed): Promise<EmailRecord> {
  const em = ctx.app.orm.em.fork();
  const at = seed.createdAt ?? new Date();
  const direction = seed.direction ?? 'inbound';
  const email = em.create(EmailEntity, {
    id: randomUUID(),
    ownerId: seed.ownerId,
    version: 1,
    direction,
    status: seed.status ?? (direction === 'inbound' ? 'received' : 'sent'),
    queueId: seed.queueId,
    ticketId: seed.ticket?.id ?? null,
    ticketNumber: seed.ticket?.number ?? null,
    ticketTitle: seed.ticket?.title ?? null,
    contactId: seed.contactId ?? null,
    from: seed.from ?? null,
    to: seed.to ?? [],
    cc: seed.cc ?? [],
    bcc: [],
    subject: seed.subject ?? 'Stored email',
    html: seed.html ?? '<p>Stored body</p>',
    important: false,
    postponed: false,
    messageId: seed.messageId === undefined ? `<${randomUUID()}@test.example>` : seed.messageId,
    references: seed.references ?? null,
    sentAt: at,
    createdAt: at,
    updatedAt: at,
  });
  await em.flush();
  return email;
}

/** Stores bytes through the blob store and attaches them to an email. */
export async function attachFile(
  ctx: MailTestContext,
  emailId: string,
  file: { bytes: Buffer; fileName: string; contentType: string; size?: number },
): Promise<AttachmentRecord> {
  const stored = await ctx.blobStore.put(Readable.from([file.bytes]), { maxBytes: file.bytes.length });
  const em = ctx.app.orm.em.fork();
  await em.upsert(BlobEntity, { sha256: stored.sha256, size: stored.size, createdAt: new Date() });
  const attachment = em.create(AttachmentEntity, {
    id: randomUUID(),
    emailId,
    blobSha256: stored.sha256,
    fileName: file.fileName,
    contentType: file.contentType,
    size: file.size ?? stored.size,
    inline: false,
    contentId: null,
  });
  await em.flush();
  return attachment;
}

/** Reads an email row as stored, bypassing the API. */
export async function storedEmail(ctx: MailTestContext, id: string): Promise<EmailRecord | null> {
  return ctx.app.orm.em.fork().findOne(EmailEntity, { id });
}
