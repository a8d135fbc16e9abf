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
    createdAt: p.datetime().defaultRaw('now()'),
  },
});

export type QueueRecord = InferEntity<typeof QueueEntity>;
