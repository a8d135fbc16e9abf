import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A live login: the session token names it by `sid`. Deleting the row ends the session at once,
 * whoever holds a copy of the cookie.
 */
export const SessionEntity = defineEntity({
  name: 'Session',
  tableName: 'sessions',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    userId: p.uuid(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
  },
});
/** A row of `identity.sessions`. */
export type SessionRow = InferEntity<typeof SessionEntity>;
