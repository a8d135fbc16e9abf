import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A raw message delivered to a queue (issue 13), recorded once per key: its Message-ID, else
 * the sha256 of its bytes. `state` says what became of it: stored (an email, or a bounce applied),
 * quarantined (kept, not filed: `reason` says why) or refused.
 */
export const InboundMessageEntity = defineEntity({
  name: 'InboundMessage',
  tableName: 'inbound_message',
  properties: {
    id: p.uuid().primary(),
    dedupKey: p.text().unique(),
    /** The digest of the raw bytes: they are in `raw` (a small message the spool's recorder recorded) or in the blob store. */
    rawSha256: p.text().nullable(),
    raw: p.blob().nullable().lazy(),
    rawSize: p.bigint('number'),
    queueId: p.uuid().nullable(),
    source: p.enum(['smtp', 'imap'] as const),
    kind: p.enum(['message', 'auto-reply', 'bounce'] as const),
    state: p.enum(['stored', 'quarantined', 'refused'] as const),
    reason: p.text().nullable(),
    emailId: p.uuid().nullable(),
    threadedAt: p.datetime().nullable(),
    receivedAt: p.datetime().defaultRaw('now()'),
  },
});

export type InboundMessageRecord = InferEntity<typeof InboundMessageEntity>;
