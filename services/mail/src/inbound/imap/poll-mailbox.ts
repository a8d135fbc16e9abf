import { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ImapFlow } from 'imapflow';
import { INBOUND_MAX_BYTES, TOO_LARGE_REASON } from '../limits';
import { receiveInbound, type InboundDeps } from '../receive';
import { recordWithoutBytes } from '../store-inbound';
import { imapOptionsOf } from './imap-url';

/** One poll of a queue's mailbox. */
export interface PollOptions {
  queueId: string;
  /** The opened (unsealed) IMAP URL. */
  imapUrl: string;
  /** Folder, e.g. INBOX. */
  mailbox: string;
  /** After reading what is new, keep listening this long with IDLE (when the server has it); 0 returns at once. */
  idleMs: number;
  /** Ends the poll between two messages (and ends IDLE). */
  signal?: AbortSignal;
  /** Called each time the poll starts waiting in IDLE. */
  onIdle?: () => void;
}

/** What a poll did, per outcome. */
export interface PollResult {
  stored: number;
  duplicates: number;
  quarantined: number;
  refused: number;
}

async function readCursor(em: EntityManager, queueId: string, uidValidity: string): Promise<number> {
  const [row] = await em.execute<{ uid_validity: string; last_uid: string }[]>('select uid_validity, last_uid from mail.imap_cursor where queue_id = ?', [queueId]);
  // A new UIDVALIDITY renumbers the mailbox: read it all again (the dedup key keeps each message once).
  return row && row.uid_validity === uidValidity ? Number(row.last_uid) : 0;
}

async function writeCursor(em: EntityManager, queueId: string, uidValidity: string, lastUid: number): Promise<void> {
  await em.execute(
    `insert into mail.imap_cursor (queue_id, uid_validity, last_uid) values (?, ?, ?)
      on conflict (queue_id) do update set uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, updated_at = now()`,
    [queueId, uidValidity, lastUid],
  );
}

/** Resolves true when the mailbox reports new messages (during IDLE), false after `ms` or on abort. */
function newMail(client: ImapFlow, ms: number, signal?: AbortSignal, onIdle?: () => void): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (arrived: boolean) => {
      clearTimeout(timer);
      client.off('exists', onExists);
      signal?.removeEventListener('abort', onAbort);
      resolve(arrived);
    };
    const onExists = () => done(true);
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(false), ms);
    client.on('exists', onExists);
    signal?.addEventListener('abort', onAbort);
    // Ends by itself when the next command runs.
    void client.idle().catch(() => undefined);
    onIdle?.();
  });
}

/**
 * Reads a queue's mailbox from where the last poll stopped (UID cursor per UIDVALIDITY), each
 * message through `receiveInbound` (so a message read twice is stored once), moving the cursor
 * after each (the filer files them into their tickets in batches); a message over 25 MB is
 * recorded refused without downloading it. Then, with `idleMs`, waits in IDLE for more.
 * Messages stay on the server. A failure to store throws with the cursor before that message,
 * so the next poll tries it again.
 */
export async function pollMailbox(deps: InboundDeps, options: PollOptions): Promise<PollResult> {
  const { queueId, signal } = options;
  const em = deps.orm.em.fork();
  const result: PollResult = { stored: 0, duplicates: 0, quarantined: 0, refused: 0 };
  const client = new ImapFlow(imapOptionsOf(options.imapUrl));
  client.on('error', (error: Error) => deps.log.warn({ err: error, queueId }, 'IMAP connection error'));
  await client.connect();
  try {
    const lock = await client.getMailboxLock(options.mailbox);
    try {
      const mailbox = client.mailbox;
      const uidValidity = String(mailbox === false ? '' : mailbox.uidValidity);
      let last = await readCursor(em, queueId, uidValidity);
      const readNew = async () => {
        const found = (await client.search({ uid: `${last + 1}:*` }, { uid: true })) || [];
        for (const uid of found.filter((uid) => uid > last).sort((a, b) => a - b)) {
          if (signal?.aborted) return;
          const head = await client.fetchOne(String(uid), { size: true }, { uid: true });
          const size = head ? (head.size ?? 0) : 0;
          if (size > INBOUND_MAX_BYTES) {
            await recordWithoutBytes(em, { queueId, source: 'imap', size }, `imap:${queueId}:${uidValidity}:${uid}`, 'refused', TOO_LARGE_REASON);
            result.refused += 1;
          } else {
            const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
            if (message && message.source) {
              const outcome = await receiveInbound(deps, Readable.from([message.source]), { queueId, source: 'imap' });
              if (outcome.state === 'refused') result.refused += 1;
              else if (outcome.duplicate) result.duplicates += 1;
              else if (outcome.state === 'quarantined') result.quarantined += 1;
              else result.stored += 1;
            }
          }
          await writeCursor(em, queueId, uidValidity, uid);
          last = uid;
        }
      };
      await readNew();
      if (options.idleMs > 0 && client.capabilities.has('IDLE')) {
        const deadline = Date.now() + options.idleMs;
        while (!signal?.aborted && Date.now() < deadline) {
          if (await newMail(client, deadline - Date.now(), signal, options.onIdle)) await readNew();
        }
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return result;
}
