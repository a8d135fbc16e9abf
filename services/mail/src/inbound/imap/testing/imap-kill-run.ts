import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually } from '../../../delivery/testing/seed';
import { createMailTestContext, type MailTestContext } from '../../../testing/mail-test-context';
import { startMacroServices, type MacroServices } from '../../../testing/macro-services';
import { startMailProcess } from '../../../testing/mail-process';
import { rawMessage } from '../../inbound-test-kit';
import { setQueueMailbox } from '../queue-mailbox';
import { startTestDovecot, type TestDovecot } from './dovecot';

/** A run of the IMAP kill check: `total` messages, the poller SIGKILLed once each of `killsAt` is stored. */
export interface ImapKillOptions {
  total: number;
  killsAt: number[];
}

/** What the run found; the acceptance (issue 13) wants every count equal to its expectation. */
export interface ImapKillResult {
  /** Messages stored when each kill came (each below `total`: mid-stream). */
  storedAtKills: number[];
  /** Inbound rows recorded (expected: `total`). */
  recorded: number;
  /** Distinct Message-IDs among the stored emails (expected: `total`). */
  emails: number;
  /** Message-IDs stored more than once (expected: none). */
  storedTwice: string[];
  /** Replies not in their conversation's ticket (expected: none). */
  misthreaded: string[];
  /** Tickets the emails are in, and tickets the queue has (both expected: `total / 2`). */
  ticketsOfEmails: number;
  ticketsOfQueue: number;
  /** From the first append until every message was filed. */
  seconds: number;
}

/**
 * Issue 13's acceptance against a real Dovecot: `total` messages appended (even ones start a
 * conversation, odd ones reply to the one before) while the mail service polls the mailbox
 * (`npm start`'s server.ts in a child process, MAIL_SECRET_KEY set), the process SIGKILLed as
 * each of `killsAt` messages is stored and started again; answers once all are filed.
 */
export async function runImapKill({ total, killsAt }: ImapKillOptions): Promise<ImapKillResult> {
  const secretKey = randomBytes(32);
  const queueId = randomUUID();
  const support = 'kill-support@inbound.test';
  const run = randomUUID().slice(0, 8);
  let dovecot: TestDovecot | undefined;
  let services: MacroServices | undefined;
  let ctx: MailTestContext | undefined;
  const blobDir = await mkdtemp(path.join(tmpdir(), 'sb-imap-kill-blobs-'));
  try {
    dovecot = await startTestDovecot();
    services = await startMacroServices();
    ctx = await createMailTestContext({ keys: services.keys });
    await ctx.addQueue({ id: queueId, name: 'IMAP support', fromAddress: support });
    await setQueueMailbox(ctx.app.orm.em.fork(), secretKey, { fromAddress: support }, dovecot.url);
    const mailbox = dovecot;
    const macro = services;
    const mail = ctx;

    const id = (n: number) => `<kill-${run}-${n}@customer.test>`;
    const message = (index: number) =>
      index % 2 === 0
        ? rawMessage({ to: support, subject: `Question ${index / 2}`, messageId: id(index) })
        : rawMessage({ to: support, subject: `Re: Question ${(index - 1) / 2}`, messageId: id(index), headers: [`In-Reply-To: ${id(index - 1)}`, `References: ${id(index - 1)}`] });

    const startMail = () =>
      startMailProcess(mail, macro, {
        MAIL_QUEUE_PREFIX: `imap-kill-${run}`,
        EVENTS_PREFIX: `{imap-kill-${run}}`,
        BLOB_DIR: blobDir,
        MAIL_SECRET_KEY: secretKey.toString('base64'),
        IMAP_POLL_INTERVAL_MS: '1000',
        IMAP_IDLE_MS: '3000',
        IMAP_LOCK_MS: '2000',
        INBOUND_FILE_RETRY_MS: '1000',
      });
    const count = async (query: string, params: unknown[] = []) => Number((await mail.app.orm.em.fork().execute<{ n: string }[]>(query, params))[0]!.n);
    const stored = () => count(`select count(*) as n from mail.email where message_id like ?`, [`<kill-${run}-%`]);
    const filed = () => count(`select count(*) as n from mail.inbound_message where threaded_at is not null and dedup_key like ?`, [`mid:<kill-${run}-%`]);

    const started = performance.now();
    let server = await startMail();
    const storedAtKills: number[] = [];
    const appending = (async () => {
      for (let index = 0; index < total; index += 1) await mailbox.append(message(index));
    })();
    try {
      for (const threshold of killsAt) {
        await eventually(async () => (await stored()) >= threshold, `${threshold} messages stored (${server.output()})`, 240_000);
        await server.kill();
        storedAtKills.push(await stored());
        server = await startMail();
      }
      await appending;
      await eventually(async () => (await filed()) === total, `all ${total} filed (${server.output()})`, 300_000);
    } finally {
      await server.kill();
    }
    const seconds = (performance.now() - started) / 1000;

    const emails = await mail.app.orm.em
      .fork()
      .execute<{ message_id: string; ticket_id: string; n: string }[]>(
        'select message_id, min(ticket_id::text) as ticket_id, count(*) as n from mail.email where message_id like ? group by message_id',
        [`<kill-${run}-%`],
      );
    const ticketOf = new Map(emails.map((email) => [email.message_id, email.ticket_id]));
    const misthreaded: string[] = [];
    for (let index = 1; index < total; index += 2) {
      const reply = ticketOf.get(id(index));
      if (!reply || reply !== ticketOf.get(id(index - 1))) misthreaded.push(String(index));
    }
    const [tickets] = await mail.tickets.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from tickets.ticket where queue_id = ?', [queueId]);
    return {
      storedAtKills,
      recorded: await count('select count(*) as n from mail.inbound_message where dedup_key like ?', [`mid:<kill-${run}-%`]),
      emails: emails.length,
      storedTwice: emails.filter((email) => Number(email.n) !== 1).map((email) => email.message_id),
      misthreaded,
      ticketsOfEmails: new Set(ticketOf.values()).size,
      ticketsOfQueue: Number(tickets!.n),
      seconds,
    };
  } finally {
    await ctx?.close();
    await services?.close();
    await dovecot?.stop();
    await rm(blobDir, { recursive: true, force: true });
  }
}
