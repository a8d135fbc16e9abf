import type { EntityManager } from '@mikro-orm/postgresql';
import type { QueueMailbox, QueueMailboxList } from '@switchboard/contracts';
import { openSecret, sealSecret } from '../../transport/secrets';
import { imapOptionsOf } from './imap-url';

/** Which queue to set: its id, or its From address. */
export type QueueRef = { id: string } | { fromAddress: string };

/**
 * Sets the IMAP mailbox a queue polls (issue 13): the URL sealed with MAIL_SECRET_KEY as the SMTP
 * URL is, and the folder; `null` turns polling off. Checks the URL's form first (throws with the
 * reason); answers the queue's id, or null when there is no such queue. The running pollers
 * pick the change up at their next scheduler sync (within a minute; at once through the admin route).
 */
export async function setQueueMailbox(em: EntityManager, secretKey: Buffer | null, queue: QueueRef, imapUrl: string | null, folder = 'INBOX'): Promise<string | null> {
  if (imapUrl !== null) imapOptionsOf(imapUrl);
  if (!folder.trim()) throw new Error('the folder name is empty');
  if (imapUrl !== null && !secretKey) throw new Error('an IMAP URL is sealed with MAIL_SECRET_KEY, which is not set');
  const sealed = imapUrl === null ? null : sealSecret(imapUrl, secretKey!);
  const [where, value] = 'id' in queue ? ['id = ?', queue.id] : ['lower(from_address) = lower(?)', queue.fromAddress];
  const rows = await em.execute<{ id: string }[]>(
    `update mail.queue set imap_url_encrypted = ?, imap_mailbox = ? where ${where} returning id`,
    [sealed, folder.trim(), value],
  );
  return rows[0]?.id ?? null;
}

interface MailboxRow {
  imap_url_encrypted: string | null;
  imap_mailbox: string;
}

/** What admins see of a stored mailbox: whether one is set, its host and folder, never the URL. */
function mailboxOfRow(row: MailboxRow, secretKey: Buffer): QueueMailbox {
  const host = row.imap_url_encrypted === null ? null : (imapOptionsOf(openSecret(row.imap_url_encrypted, secretKey)).host ?? null);
  return { configured: row.imap_url_encrypted !== null, host, folder: row.imap_mailbox };
}

/** A queue's mailbox as admins see it (never the URL), or null when there is no such queue. */
export async function queueMailboxOf(em: EntityManager, secretKey: Buffer, queueId: string): Promise<QueueMailbox | null> {
  const [row] = await em.execute<MailboxRow[]>('select imap_url_encrypted, imap_mailbox from mail.queue where id = ?', [queueId]);
  return row ? mailboxOfRow(row, secretKey) : null;
}

/** Every queue with its mailbox, by name: the admins' Inbound mail page. */
export async function queueMailboxes(em: EntityManager, secretKey: Buffer): Promise<QueueMailboxList> {
  const rows = await em.execute<(MailboxRow & { id: string; name: string; from_address: string })[]>(
    'select id, name, from_address, imap_url_encrypted, imap_mailbox from mail.queue order by name, id',
  );
  return { items: rows.map((row) => ({ queue: { id: row.id, name: row.name, fromAddress: row.from_address }, mailbox: mailboxOfRow(row, secretKey) })) };
}
