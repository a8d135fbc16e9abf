import type { EntityManager } from '@mikro-orm/postgresql';
import { sealSecret } from '../../transport/secrets';
import { imapOptionsOf } from './imap-url';

/** Which queue to set: its id, or its From address. */
export type QueueRef = { id: string } | { fromAddress: string };

/**
 * Sets the IMAP mailbox a queue polls (issue 13): the URL sealed with MAIL_SECRET_KEY as the SMTP
 * URL is, and the folder; `null` turns polling off. Checks the URL's form first (throws with the
 * reason); answers the queue's id, or null when there is no such queue. The running pollers
 * pick the change up at their next scheduler sync (within a minute).
 */
export async function setQueueMailbox(em: EntityManager, secretKey: Buffer, queue: QueueRef, imapUrl: string | null, folder = 'INBOX'): Promise<string | null> {
  if (imapUrl !== null) imapOptionsOf(imapUrl);
  if (!folder.trim()) throw new Error('the folder name is empty');
  const sealed = imapUrl === null ? null : sealSecret(imapUrl, secretKey);
  const [where, value] = 'id' in queue ? ['id = ?', queue.id] : ['lower(from_address) = lower(?)', queue.fromAddress];
  const rows = await em.execute<{ id: string }[]>(
    `update mail.queue set imap_url_encrypted = ?, imap_mailbox = ? where ${where} returning id`,
    [sealed, folder.trim(), value],
  );
  return rows[0]?.id ?? null;
}
