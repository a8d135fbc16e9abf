import type { EntityManager } from '@mikro-orm/postgresql';
import { MailErrorCode, type Email, type PatchDraftBody } from '@switchboard/contracts';
import { conflict, type AppError } from '@switchboard/service-kit';
import type { Caller } from '../caller';
import { EmailEntity } from '../entities';
import { sanitizeEmailHtml } from '../html/sanitize';
import { requireCallerQueue } from '../queues/queue-access';
import { loadEmail } from './email-access';
import { emailView } from './email-view';

/** 409 DRAFT_VERSION_CONFLICT with the server copy in `details.current`, for the merge dialog (T2). */
export function versionConflict(current: Email): AppError {
  return conflict(MailErrorCode.versionConflict, `The email changed meanwhile; the server has version ${current.version}`, {
    current,
  });
}

/**
 * PATCH /emails/:id: applies the given fields to the caller's draft (or failed send) when
 * `version` is the stored one, under a row lock, so of two saves naming one version exactly
 * one wins and the other gets 409 with the winner's copy. The body is sanitized before it is
 * stored; a queue must be one of the caller's.
 */
export async function patchDraft(em: EntityManager, caller: Caller, id: string, body: PatchDraftBody): Promise<Email> {
  return em.transactional(async (tx) => {
    const email = await loadEmail(tx, caller, id, { editable: true, lock: true });
    if (email.version !== body.version) throw versionConflict(await emailView(tx, email));
    if (body.queueId) await requireCallerQueue(tx, caller, body.queueId);
    const { version: _version, html, ...fields } = body;
    tx.assign(email, {
      ...fields,
      ...(html === undefined ? {} : { html: sanitizeEmailHtml(html) }),
      version: email.version + 1,
      updatedAt: new Date(),
    });
    await tx.flush();
    return emailView(tx, email);
  });
}

/** DELETE /emails/:id: discards the caller's draft (E6) for good; its attachment rows go with it. */
export async function discardDraft(em: EntityManager, caller: Caller, id: string): Promise<void> {
  await em.transactional(async (tx) => {
    await loadEmail(tx, caller, id, { editable: true, lock: true });
    await tx.nativeDelete(EmailEntity, { id });
  });
}
