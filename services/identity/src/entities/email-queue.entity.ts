import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';

/**
 * A mailbox outbound email is sent through (M2). Its SMTP transport settings arrive with the
 * mail service in a later migration.
 */
export const EmailQueueEntity = defineEntity({
  name: 'EmailQueue',
  tableName: 'email_queues',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    name: p.string().unique(),
    fromAddress: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
