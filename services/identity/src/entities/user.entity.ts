import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A person who logs in: an agent, a KB editor (an agent who edits the knowledge base) or an admin. Emails are stored lowercased. */
export const UserEntity = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    email: p.string().unique(),
    name: p.string(),
    passwordHash: p.text().hidden(),
    role: p.enum(['agent', 'kb-editor', 'admin']),
    locale: p.enum(['en', 'cs']).default('en'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
/** A row of `identity.users`. */
export type UserRow = InferEntity<typeof UserEntity>;
