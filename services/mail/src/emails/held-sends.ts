import type { EntityManager } from '@mikro-orm/postgresql';
import type { Email } from '@switchboard/contracts';
import type { UserCaller } from '@switchboard/service-kit';
import type { EmailRecord } from '../entities';
import { notTheAuthor, sendNotHeld, versionConflict } from '../errors';
import { loadEmail } from './email-access';
import { emailView } from './email-view';
import { assertSendAt } from './send-settings';

/**
 * Locks a send of the caller's that still waits for its release (E14, E15): queued or
 * scheduled, its outbox row not handed to the worker. The row lock orders this against the
 * relay, which claims rows with SKIP LOCKED: whichever takes the row first wins, so a send is
 * either taken back or delivered, never both. 409 SEND_NOT_HELD otherwise.
 */
async function lockHeldSend(tx: EntityManager, caller: UserCaller, id: string): Promise<EmailRecord> {
  const email = await loadEmail(tx, caller, id, { lock: true });
  if (email.ownerId !== caller.userId) throw notTheAuthor();
  const [row] = await tx.execute<{ relayed_at: Date | null }[]>(
    'select relayed_at from "mail"."outbox" where email_id = ? for update',
    [id],
  );
  const waiting = (email.status === 'queued' || email.status === 'scheduled') && row && row.relayed_at === null;
  if (!waiting) throw sendNotHeld(email.status);
  return email;
}

/**
 * Undo send (E14) and cancel of a scheduled send (E15): the email is a draft again with every
 * field as it was sent, its outbox row and its macro's recorded actions dropped (a later send
 * records the macro again, so it runs once).
 */
export function unsend(em: EntityManager, caller: UserCaller, id: string): Promise<Email> {
  return em.transactional(async (tx) => {
    const email = await lockHeldSend(tx, caller, id);
    await tx.execute('delete from "mail"."outbox" where email_id = ?', [id]);
    await tx.execute('delete from "mail"."macro_run" where email_id = ?', [id]);
    tx.assign(email, {
      status: 'draft',
      postponed: false,
      queuedAt: null,
      releaseAt: null,
      version: email.version + 1,
      updatedAt: new Date(),
    });
    await tx.flush();
    return emailView(tx, email);
  });
}

/** Moves a scheduled send to another time before it goes (E15). */
export function reschedule(em: EntityManager, caller: UserCaller, id: string, version: number, sendAt: string): Promise<Email> {
  const releaseAt = assertSendAt(sendAt, new Date());
  return em.transactional(async (tx) => {
    const email = await lockHeldSend(tx, caller, id);
    if (email.status !== 'scheduled') throw sendNotHeld(email.status);
    if (email.version !== version) throw versionConflict(await emailView(tx, email));
    await tx.execute('update "mail"."outbox" set release_at = ? where email_id = ?', [releaseAt, id]);
    tx.assign(email, { releaseAt, version: email.version + 1, updatedAt: new Date() });
    await tx.flush();
    return emailView(tx, email);
  });
}
