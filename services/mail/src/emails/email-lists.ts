import type { EntityManager } from '@mikro-orm/postgresql';
import type { EmailList, EmailListQuery, EmailStatus } from '@switchboard/contracts';
import type { Caller } from '../caller';
import { EmailEntity, type EmailRecord } from '../entities';
import { toSummaries } from './email-view';

type Folder = EmailListQuery['folder'];

/** Which of the owner's emails each folder holds. */
const FOLDERS: Record<Folder, { status: EmailStatus | { $in: EmailStatus[] }; postponed?: boolean }> = {
  drafts: { status: 'draft', postponed: false },
  postponed: { status: 'draft', postponed: true },
  outbox: { status: { $in: ['queued', 'sending', 'failed'] } },
  sent: { status: 'sent' },
};

/** GET /emails?folder=: the caller's own emails of one folder, newest change first. */
export async function listFolder(em: EntityManager, caller: Caller, query: EmailListQuery): Promise<EmailList> {
  const emails = await em.find(
    EmailEntity,
    { ownerId: caller.userId, ...FOLDERS[query.folder] },
    { orderBy: { updatedAt: 'desc', id: 'desc' }, limit: query.limit ?? 25 },
  );
  return { items: await toSummaries(em, emails) };
}

/**
 * The emails of a ticket the caller may read (its thread), oldest first: everything sent or
 * received through the caller's queues, and the caller's own emails including drafts.
 */
export async function ticketEmails(em: EntityManager, caller: Caller, ticketId: string): Promise<EmailRecord[]> {
  return em.find(
    EmailEntity,
    {
      ticketId,
      $or: [
        { ownerId: caller.userId },
        ...(caller.queues.length > 0 ? [{ status: { $ne: 'draft' as const }, queueId: { $in: caller.queues } }] : []),
      ],
    },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
}
