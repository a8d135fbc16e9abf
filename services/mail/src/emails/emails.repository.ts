import type { Email, EmailList, EmailListQuery, EmailStatus, RecipientSuggestions } from '@switchboard/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserCaller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { EmailEntity, type EmailRecord } from '../entities';
import { queueAddresses } from '../queues/queue-access';
import { loadEmail } from './email-access';
import { emailView, toSummaries } from './email-view';
import { recipientSuggestions } from './suggestions';

/** Reading emails: one email, the caller's folders, a ticket's thread and the suggestions drawn from it. */
export interface EmailsRepository {
  /** One email the caller may read, with its ticket copy filled when tickets has one. */
  get(caller: UserCaller, id: string): Promise<Email>;
  /** E8: the caller's own emails of one folder, newest change first. */
  list(caller: UserCaller, query: EmailListQuery): Promise<EmailList>;
  /** M1: the ticket's emails the caller may read, oldest first. */
  thread(caller: UserCaller, ticketId: string): Promise<EmailList>;
  /** E3: addresses of the email's ticket for the recipient buttons; none without a ticket. */
  suggestions(caller: UserCaller, id: string): Promise<RecipientSuggestions>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Email reads, bound to the request's EntityManager. */
    emailsRepository: EmailsRepository;
  }
}

type Folder = EmailListQuery['folder'];

/** Which of the owner's emails each folder holds. */
const FOLDERS: Record<Folder, { status: EmailStatus | { $in: EmailStatus[] }; postponed?: boolean }> = {
  drafts: { status: 'draft', postponed: false },
  postponed: { status: { $in: ['draft', 'scheduled'] }, postponed: true },
  outbox: { status: { $in: ['queued', 'sending', 'failed'] } },
  sent: { status: 'sent' },
};

/**
 * The emails of a ticket the caller may read (its thread), oldest first: everything sent or
 * received through the caller's queues, and the caller's own emails including drafts.
 */
const ticketEmails = (em: EntityManager, caller: UserCaller, ticketId: string): Promise<EmailRecord[]> =>
  em.find(
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

/** M1: the ticket's emails the caller may read, oldest first, read with `em` (a live stream's own fork). */
export async function ticketThread(em: EntityManager, caller: UserCaller, ticketId: string): Promise<EmailList> {
  return { items: await toSummaries(em, await ticketEmails(em, caller, ticketId)) };
}

/** Creates the repository over `app.orm`; its `em` is the per-request fork. */
export function createEmailsRepository(app: FastifyInstance): EmailsRepository {
  return {
    async get(caller, id) {
      const email = await app.ticketCopies.ensure(await loadEmail(app.orm.em, caller, id));
      return emailView(app.orm.em, email);
    },

    async list(caller, query) {
      const emails = await app.orm.em.find(
        EmailEntity,
        { ownerId: caller.userId, ...FOLDERS[query.folder] },
        { orderBy: { updatedAt: 'desc', id: 'desc' }, limit: query.limit ?? 25 },
      );
      return { items: await toSummaries(app.orm.em, emails) };
    },

    thread: (caller, ticketId) => ticketThread(app.orm.em, caller, ticketId),

    async suggestions(caller, id) {
      const email = await app.ticketCopies.ensure(await loadEmail(app.orm.em, caller, id));
      if (!email.ticketId) return { items: [] };
      const thread = (await ticketEmails(app.orm.em, caller, email.ticketId)).filter((e) => e.id !== email.id);
      const sources = thread.map((e) => ({ direction: e.direction, contactId: e.contactId ?? null, from: e.from ?? null, to: e.to, cc: e.cc }));
      return recipientSuggestions(sources, email.contactId ?? null, await queueAddresses(app.orm.em));
    },
  };
}

/** Decorates `app.emailsRepository`. */
export const emailsRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('emailsRepository', createEmailsRepository(app));
  },
  { name: 'mail-emails-repository', dependencies: ['switchboard-orm', 'mail-ticket-copies'] },
);
