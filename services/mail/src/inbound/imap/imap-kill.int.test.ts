import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../delivery/testing/processes';
import { eventually } from '../../delivery/testing/seed';
import { createMailTestContext, type MailTestContext } from '../../testing/mail-test-context';
import { startMacroServices, type MacroServices } from '../../testing/macro-services';
import { rawMessage } from '../inbound-test-kit';
import { setQueueMailbox } from './queue-mailbox';
import { startTestDovecot, type TestDovecot } from './testing/dovecot';

// Issue 13, acceptance: 500 messages appended to a real Dovecot while the mail service polls it
// (`npm start`'s server.ts in a child process, MAIL_SECRET_KEY set), the process SIGKILLed twice
// mid-stream: every message is stored exactly once and threaded as expected.
const TOTAL = 500;
const secretKey = randomBytes(32);
const queueId = randomUUID();
const support = 'kill-support@inbound.test';
const run = randomUUID().slice(0, 8);

let dovecot: TestDovecot;
let services: MacroServices;
let ctx: MailTestContext;
let blobDir: string;

beforeAll(async () => {
  dovecot = await startTestDovecot();
  services = await startMacroServices();
  ctx = await createMailTestContext({ keys: services.keys });
  await ctx.addQueue({ id: queueId, name: 'IMAP support', fromAddress: support });
  await setQueueMailbox(ctx.app.orm.em.fork(), secretKey, { fromAddress: support }, dovecot.url);
  blobDir = await mkdtemp(path.join(tmpdir(), 'sb-imap-kill-blobs-'));
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  await services?.close();
  await dovecot?.stop();
  if (blobDir) await rm(blobDir, { recursive: true, force: true });
});

/** Message `index`: even ones start a conversation, odd ones reply to the one before. */
function message(index: number): string {
  const id = (n: number) => `<kill-${run}-${n}@customer.test>`;
  if (index % 2 === 0) return rawMessage({ to: support, subject: `Question ${index / 2}`, messageId: id(index) });
  return rawMessage({
    to: support,
    subject: `Re: Question ${(index - 1) / 2}`,
    messageId: id(index),
    headers: [`In-Reply-To: ${id(index - 1)}`, `References: ${id(index - 1)}`],
  });
}

/** The mail service as `npm start` runs it, polling the queue's mailbox. */
async function startMail(): Promise<{ child: ChildProcess; output: () => string }> {
  const root = path.resolve(__dirname, '../../../../..');
  const env = services.workerEnv(ctx.ticketsUrl);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'services/mail/src/server.ts')], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      NODE_OPTIONS: '',
      LOG_LEVEL: 'warn',
      PORT: String(await freePort()),
      DATABASE_URL: ctx.databaseUrl,
      DB_POOL_SIZE: '4',
      IDENTITY_JWKS_URL: `${env.IDENTITY_URL}/.well-known/jwks.json`,
      REDIS_URL: 'redis://127.0.0.1:6379',
      MAIL_QUEUE_PREFIX: `imap-kill-${run}`,
      EVENTS_PREFIX: `{imap-kill-${run}}`,
      BLOB_DIR: blobDir,
      MAIL_SECRET_KEY: secretKey.toString('base64'),
      IMAP_POLL_INTERVAL_MS: '1000',
      IMAP_IDLE_MS: '3000',
      IMAP_LOCK_MS: '2000',
      BLOB_SWEEP_INTERVAL_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return { child, output: () => output };
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

const count = async (query: string) => Number((await ctx.app.orm.em.fork().execute<{ n: string }[]>(query))[0]!.n);
const stored = () => count(`select count(*) as n from mail.email where message_id like '<kill-${run}-%'`);
const threaded = () => count(`select count(*) as n from mail.inbound_message where threaded_at is not null and dedup_key like 'mid:<kill-${run}-%'`);

it(
  `stores ${TOTAL} messages appended while polling exactly once and threads them, though the poller is SIGKILLed twice`,
  async () => {
    let mail = await startMail();
    const storedAtKills: number[] = [];
    const appending = (async () => {
      for (let index = 0; index < TOTAL; index += 1) await dovecot.append(message(index));
    })();
    try {
      for (const threshold of [100, 300]) {
        await eventually(async () => (await stored()) >= threshold, `${threshold} messages stored (${mail.output()})`, 240_000);
        await kill(mail.child);
        storedAtKills.push(await stored());
        mail = await startMail();
      }
      await appending;
      await eventually(async () => (await threaded()) === TOTAL, `all ${TOTAL} threaded (${mail.output()})`, 300_000);
    } finally {
      await kill(mail.child);
    }

    // Both kills came mid-stream, with messages still to read.
    expect(storedAtKills.filter((n) => n < TOTAL)).toHaveLength(2);
    expect(await count(`select count(*) as n from mail.inbound_message where dedup_key like 'mid:<kill-${run}-%'`)).toBe(TOTAL);
    const emails = await ctx.app.orm.em
      .fork()
      .execute<{ message_id: string; ticket_id: string; n: string }[]>(
        `select message_id, min(ticket_id::text) as ticket_id, count(*) as n from mail.email where message_id like '<kill-${run}-%' group by message_id`,
      );
    expect(emails).toHaveLength(TOTAL);
    expect(emails.filter((email) => Number(email.n) !== 1)).toEqual([]);
    const ticketOf = new Map(emails.map((email) => [email.message_id, email.ticket_id]));
    const misthreaded: string[] = [];
    for (let index = 1; index < TOTAL; index += 2) {
      const reply = ticketOf.get(`<kill-${run}-${index}@customer.test>`);
      if (!reply || reply !== ticketOf.get(`<kill-${run}-${index - 1}@customer.test>`)) misthreaded.push(String(index));
    }
    expect(misthreaded).toEqual([]);
    expect(new Set(ticketOf.values()).size).toBe(TOTAL / 2);
    // No retry filed a ticket of its own: tickets has exactly one per conversation.
    const [tickets] = await ctx.tickets.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from tickets.ticket where queue_id = ?', [queueId]);
    expect(Number(tickets!.n)).toBe(TOTAL / 2);
  },
  900_000,
);
