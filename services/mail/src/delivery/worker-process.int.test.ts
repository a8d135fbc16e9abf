import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, type TestDatabase } from '@switchboard/service-kit/testing';
import { Redis } from 'ioredis';
import { ticketThreadChannel } from '../live/channel-hub';
import { obliterateSendQueue, startWorkerProcess, type Child, type WorkerEnv } from './testing/processes';
import { eventually, insertQueue, insertQueuedEmails, openMailOrm, statusCounts } from './testing/seed';
import { startSmtpSink, type SmtpSink } from '../../../../infra/src/mail-sink/smtp-sink';

// The worker as it runs in production: `worker-main.ts` in its own process, killed for real.

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `sbtest-worker-${randomBytes(4).toString('hex')}`;
const CONCURRENCY = 8;

let db: TestDatabase;
let orm: MikroORM;
let blobDir: string;
let queueId: string;
const children: Child[] = [];

function startWorker(sink: SmtpSink): Child {
  const env: WorkerEnv = {
    DATABASE_URL: db.url,
    REDIS_URL,
    BLOB_DIR: blobDir,
    SMTP_URL: sink.url,
    MAIL_QUEUE_PREFIX: PREFIX,
    WORKER_CONCURRENCY: String(CONCURRENCY),
    // A killed worker's jobs return to the queue within about two lock durations.
    WORKER_LOCK_DURATION_MS: '2000',
  };
  const child = startWorkerProcess(env);
  children.push(child);
  return child;
}

const countByMessageId = (sink: SmtpSink) => {
  const counts = new Map<string, number>();
  for (const { messageId } of sink.accepted) counts.set(messageId!, (counts.get(messageId!) ?? 0) + 1);
  return counts;
};

beforeAll(async () => {
  db = await createTestDatabase('sb_mail_worker');
  orm = await openMailOrm(db.url);
  blobDir = await mkdtemp(path.join(tmpdir(), 'sb-mail-blobs-'));
  queueId = await insertQueue(orm);
});

afterAll(async () => {
  for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
  await Promise.all(children.map((child) => child.exited));
  await obliterateSendQueue(REDIS_URL, PREFIX);
  await orm?.close();
  await db?.drop();
  if (blobDir) await rm(blobDir, { recursive: true, force: true });
});

it('loses nothing when the worker is killed with SIGKILL mid-batch, and resends at most the jobs in flight', async () => {
  const total = 1000;
  let first: Child | undefined;
  const sink = await startSmtpSink({
    parse: false,
    onAccepted: (_message, accepted) => {
      if (accepted === 300) first!.process.kill('SIGKILL');
    },
  });
  try {
    const emails = await insertQueuedEmails(orm, Array.from({ length: total }, (_, i) => ({ queueId, subject: `Batch ${i}` })));
    first = startWorker(sink);
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    const inFlightAtKill = (await statusCounts(orm)).sending ?? 0;
    expect(inFlightAtKill).toBeLessThanOrEqual(CONCURRENCY);

    const second = startWorker(sink);
    await eventually(async () => (await statusCounts(orm)).sent === total, 'every email to be sent', 60_000).catch((error) => {
      throw new Error(`${(error as Error).message}\n${second.output()}`);
    });
    const received = countByMessageId(sink);
    for (const email of emails) expect(received.get(email.messageId) ?? 0).toBeGreaterThanOrEqual(1);
    const duplicates = sink.accepted.length - received.size;
    process.stdout.write(
      `kill -9 during ${total} sends: ${sink.accepted.length} messages received, ${duplicates} duplicates, ` +
        `${inFlightAtKill} sends in flight at the kill (concurrency ${CONCURRENCY}), ${sink.connectionErrors.length} connections reset mid-message\n`,
    );
    expect(duplicates).toBeLessThanOrEqual(inFlightAtKill);
    expect(await statusCounts(orm)).toEqual({ sent: total });

    second.process.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  } finally {
    await sink.close();
  }
}, 90_000);

it('drains in-flight sends on SIGTERM and exits 0, leaving no email in sending', async () => {
  let worker: Child | undefined;
  // A slow server keeps all eight sends in flight when the signal arrives.
  const sink = await startSmtpSink({
    parse: false,
    delayMs: 100,
    onAccepted: (_message, accepted) => {
      if (accepted === 20) worker!.process.kill('SIGTERM');
    },
  });
  try {
    const emails = await insertQueuedEmails(orm, Array.from({ length: 300 }, () => ({ queueId })));
    worker = startWorker(sink);
    const exit = await worker.exited;
    expect({ exit, output: exit.code === 0 ? '' : worker.output() }).toEqual({ exit: { code: 0, signal: null }, output: '' });

    const counts = await statusCounts(orm);
    expect(counts.sending).toBeUndefined();
    const ids = new Set(emails.map((e) => e.messageId));
    const sentHere = sink.accepted.filter((m) => ids.has(m.messageId!)).length;
    // Everything the server accepted was recorded as sent before the process left.
    expect(counts.sent).toBe(1000 + sentHere);
    expect(sentHere).toBeGreaterThanOrEqual(20);
    expect(counts.queued).toBe(300 - sentHere);
  } finally {
    await sink.close();
  }
}, 60_000);

it("tells the tickets' live threads (decision 0015) when it sends one email and fails another for good", async () => {
  const bounced = 'nobody@refused.example';
  const sink = await startSmtpSink({ parse: false, reject: (message) => (message.rcptTo.includes(bounced) ? { code: 550, message: 'No such user' } : undefined) });
  const listener = new Redis(REDIS_URL);
  const heard: string[] = [];
  const sentTicket = randomUUID();
  const failedTicket = randomUUID();
  const channel = ticketThreadChannel(PREFIX);
  listener.on('message', (name: string) => heard.push(name.slice(channel.length + 1)));
  try {
    await listener.subscribe(`${channel}:${sentTicket}`, `${channel}:${failedTicket}`);
    const [sent, failed] = await insertQueuedEmails(orm, [
      { queueId, to: [{ address: 'jana@customer.example' }] },
      { queueId, to: [{ address: bounced }] },
    ]);
    const em = orm.em.fork();
    await em.execute('update mail.email set ticket_id = ? where id = ?', [sentTicket, sent!.id]);
    await em.execute('update mail.email set ticket_id = ? where id = ?', [failedTicket, failed!.id]);
    const worker = startWorker(sink);
    await eventually(async () => heard.includes(sentTicket) && heard.includes(failedTicket), 'a nudge on each ticket\'s thread channel').catch((error) => {
      throw new Error(`${(error as Error).message}\n${worker.output()}`);
    });
    const statuses = await em.execute<{ id: string; status: string }[]>('select id, status from mail.email where id in (?, ?) order by status desc', [sent!.id, failed!.id]);
    expect(statuses).toEqual([{ id: sent!.id, status: 'sent' }, { id: failed!.id, status: 'failed' }]);
    worker.process.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  } finally {
    listener.disconnect();
    await sink.close();
  }
}, 60_000);
