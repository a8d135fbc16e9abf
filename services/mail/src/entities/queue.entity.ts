import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * An email queue (M2): the From address and the SMTP transport mail goes out through.
 * Membership lives in identity and arrives in the token's `queues` claim.
 */
export const QueueEntity = defineEntity({
  name: 'Queue',
  tableName: 'queue',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
    fromAddress: p.text(),
    fromName: p.text().nullable(),
    /** AES-256-GCM sealed SMTP URL (see transport secrets); null uses the default transport. */
    smtpUrlEncrypted: p.text().nullable(),
    /** Whether a customer's reply reopens a closed ticket (issue 13). */
    reopenOnReply: p.boolean().default(true),
    /** AES-256-GCM sealed IMAP URL (`imap://` or `imaps://user:password@host:port`); null: no mailbox is polled. */
    imapUrlEncrypted: p.text().nullable(),
    /** The folder polled (default INBOX). */
    imapMailbox: p.text().default('INBOX'),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});

export type QueueRecord = InferEntity<typeof QueueEntity>;
