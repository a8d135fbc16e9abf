import { mailApi, type QueueMailbox } from '@switchboard/contracts';
import { serve } from '@switchboard/service-kit';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { requireAdmin } from '../admin-access';
import { invalidImapUrl, mailSecretMissing, queueNotFound } from '../errors';
import { imapUrlProblem } from '../inbound/imap/imap-url';
import { queueMailboxes, queueMailboxOf, setQueueMailbox } from '../inbound/imap/queue-mailbox';

/** Options of the mailbox routes: the key IMAP URLs are sealed with (MAIL_SECRET_KEY), when set. */
export interface QueueMailboxRoutesOptions {
  secretKey?: Buffer;
}

async function mailboxOf(app: FastifyInstance, secretKey: Buffer, queueId: string): Promise<QueueMailbox> {
  const mailbox = await queueMailboxOf(app.orm.em, secretKey, queueId);
  if (!mailbox) throw queueNotFound(queueId);
  return mailbox;
}

/** Sets (sealed) or clears (`url` null) a queue's mailbox and tells the pollers at once. */
async function changeMailbox(app: FastifyInstance, secretKey: Buffer | null, queueId: string, url: string | null, folder?: string): Promise<void> {
  const problem = url === null ? null : imapUrlProblem(url);
  if (problem) throw invalidImapUrl(problem);
  if (!(await setQueueMailbox(app.orm.em, secretKey, { id: queueId }, url, folder))) throw queueNotFound(queueId);
  await app.imapPollers?.sync();
}

/**
 * The admins' routes for a queue's IMAP mailbox (issue 13): the URL is stored sealed and never
 * leaves the service; answers say only whether one is set, its host and folder. Reading or
 * setting one needs MAIL_SECRET_KEY (503 MAIL_SECRET_KEY_MISSING without it); clearing does not.
 */
export const queueMailboxRoutes: FastifyPluginAsync<QueueMailboxRoutesOptions> = async (app, { secretKey }) => {
  const requireKey = () => {
    if (!secretKey) throw mailSecretMissing();
    return secretKey;
  };
  serve(app, mailApi.listQueueMailboxes, async (request) => {
    requireAdmin(request);
    return queueMailboxes(app.orm.em, requireKey());
  });
  serve(app, mailApi.getQueueMailbox, async (request) => {
    requireAdmin(request);
    return mailboxOf(app, requireKey(), request.params.queueId);
  });
  serve(app, mailApi.putQueueMailbox, async (request) => {
    requireAdmin(request);
    const key = requireKey();
    await changeMailbox(app, key, request.params.queueId, request.body.url, request.body.folder);
    return mailboxOf(app, key, request.params.queueId);
  });
  serve(app, mailApi.deleteQueueMailbox, async (request) => {
    requireAdmin(request);
    await changeMailbox(app, secretKey ?? null, request.params.queueId, null);
    return { configured: false, host: null, folder: 'INBOX' };
  });
};
