import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The ticket an email belongs to (M1, K1). Emails live in the mail service, so only the id is
 * kept here; `linkedBy` is the caller's token subject (a user id or `service:<name>`).
 */
export const EmailLinkEntity = defineEntity({
  name: 'EmailLink',
  tableName: 'email_link',
  properties: {
    emailId: p.uuid().primary(),
    ticketId: p.uuid(),
    linkedBy: p.text(),
    linkedAt: p.datetime().defaultRaw('now()'),
    /** A received email the assignee of its ticket has not opened yet (issue 13). */
    unread: p.boolean().default(false),
  },
});

/** An email link row. */
export type EmailLinkRecord = InferEntity<typeof EmailLinkEntity>;
