import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { EmailStatus, MailAddress } from '@switchboard/contracts';

/** An email: a draft, an outbound send (queued, sending, sent, failed) or an inbound message. */
export const EmailEntity = defineEntity({
  name: 'Email',
  tableName: 'email',
  properties: {
    id: p.uuid().primary(),
    /** The agent who writes the draft; only they can read, change or send it. */
    ownerId: p.uuid(),
    version: p.integer().default(1),
    direction: p.enum(['outbound', 'inbound'] as const),
    status: p.enum(['draft', 'scheduled', 'queued', 'sending', 'sent', 'failed', 'received'] as const).$type<EmailStatus>(),
    queueId: p.uuid().nullable(),
    /** Copies of the ticket (owned by the tickets service) the email belongs to. */
    ticketId: p.uuid().nullable(),
    ticketNumber: p.bigint('number').nullable(),
    ticketTitle: p.text().nullable(),
    contactId: p.uuid().nullable(),
    from: p.json<MailAddress>().nullable(),
    to: p.json<MailAddress[]>(),
    cc: p.json<MailAddress[]>(),
    bcc: p.json<MailAddress[]>(),
    subject: p.text().default(''),
    html: p.text().default(''),
    important: p.boolean().default(false),
    postponed: p.boolean().default(false),
    replyToEmailId: p.uuid().nullable(),
    replyMode: p.enum(['reply', 'forward'] as const).nullable(),
    /** Fixed in the transaction that queues the email, before the first attempt. */
    messageId: p.text().nullable(),
    inReplyTo: p.text().nullable(),
    references: p.text().nullable(),
    sendAttempts: p.integer().default(0),
    queuedAt: p.datetime().nullable(),
    sentAt: p.datetime().nullable(),
    smtpResponse: p.text().nullable(),
    failureReason: p.text().nullable(),
    failureCode: p.integer().nullable(),
    /** When a queued or scheduled send is released to the worker (E14, E15); the outbox row has the same time. */
    releaseAt: p.datetime().nullable(),
    /** When a scheduled send was held back because the customer wrote first (E15). */
    heldAt: p.datetime().nullable(),
    /** The draft version the last accepted send named: the same send again is a repeat (EMAIL_ALREADY_SENT). */
    sendVersion: p.integer().nullable(),
    /** A queued send's next attempt after a transient SMTP failure, and that failure's reply; null otherwise. */
    retryAt: p.datetime().nullable(),
    retryReason: p.text().nullable(),
    retryCode: p.integer().nullable(),
    /** A received email the agent has not opened yet. */
    unread: p.boolean().default(false),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
});

export type EmailRecord = InferEntity<typeof EmailEntity>;
