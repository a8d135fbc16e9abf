import type { EntityDictionary } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EmailStatus } from '@switchboard/contracts';
import { isQueueMember, type UserCaller } from '@switchboard/service-kit';
import { EmailEntity, type EmailRecord } from '../entities';
import { emailForbidden, emailNotFound, notDraft, notTheAuthor } from '../errors';

/** The caller owns this email: the author of a draft or a send. */
const isAuthor = (caller: UserCaller, email: Pick<EmailRecord, 'ownerId'>): boolean => email.ownerId === caller.userId;

/**
 * Whether the caller may read an email (docs/decisions/0009-who-may-see-what.md): their own
 * drafts and sends, and any sent or inbound email of a queue they belong to (the ticket's thread).
 * Other agents' drafts stay private. Being an admin opens no one else's mail.
 */
export function canRead(caller: UserCaller, email: EmailRecord): boolean {
  if (isAuthor(caller, email)) return true;
  if (email.status === 'draft') return false;
  return isQueueMember(caller, email.queueId);
}

/** Statuses the author may still change, send or discard: drafts, and sends that failed. */
const EDITABLE: EmailStatus[] = ['draft', 'failed'];

/**
 * Loads an email the caller may see (404 when it does not exist, 403 when it is not theirs).
 * With `draft: true` it must be the caller's own draft (409 EMAIL_NOT_DRAFT once queued);
 * `editable: true` also accepts the caller's failed sends, which may be edited and sent again.
 * Pass `lock: true` inside a transaction to hold the row until commit (the row is read afresh).
 * One plain statement, mapped to the entity: `findOne`'s query building cost the send route
 * more CPU than the database did (bench/mail-throughput). It takes the EntityManager to run in,
 * as the repositories call it inside their transactions.
 */
export async function loadEmail(
  em: EntityManager,
  caller: UserCaller,
  id: string,
  options: { draft?: boolean; editable?: boolean; lock?: boolean } = {},
): Promise<EmailRecord> {
  const [row] = await em.execute<EntityDictionary<EmailRecord>[]>(
    `select * from "mail"."email" where id = ?${options.lock ? ' for update' : ''}`,
    [id],
  );
  if (!row) throw emailNotFound();
  const email = em.map(EmailEntity, row);
  if (!canRead(caller, email)) throw emailForbidden();
  assertChangeable(caller, email, options);
  return email;
}

/**
 * With `draft: true` the email must be the caller's own draft (409 EMAIL_NOT_DRAFT otherwise);
 * with `editable: true` also one of the caller's failed sends. For an email read with `loadEmail`.
 */
export function assertChangeable(caller: UserCaller, email: EmailRecord, options: { draft?: boolean; editable?: boolean }): void {
  if (!options.draft && !options.editable) return;
  if (!isAuthor(caller, email)) throw notTheAuthor();
  const allowed = options.draft ? email.status === 'draft' : EDITABLE.includes(email.status);
  if (!allowed) throw notDraft(email.status);
}

/**
 * A send naming the version the caller's last accepted send named (a double click, a retry after
 * a lost answer or a dead replica): the email is queued, sent or failed since, whatever the timing.
 */
export function isRepeatedSend(caller: UserCaller, email: EmailRecord, version: number): boolean {
  return isAuthor(caller, email) && email.status !== 'draft' && email.sendVersion === version;
}
