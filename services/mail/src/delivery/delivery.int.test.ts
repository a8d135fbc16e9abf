import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { SEND_QUEUE_NAME, type Email, type SendJobData } from '@switchboard/contracts';
import { createTestDatabase, type TestDatabase } from '@switchboard/service-kit/testing';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createFileBlobStore, type BlobStore } from '@switchboard/service-kit';
import { toEmail } from '../emails/email-view';
import { OutboxEntity } from '../entities';
import { htmlToText, sanitizeEmailHtml } from '@switchboard/service-kit';
import { createTransportRegistry, type TransportRegistry } from '../transport/transports';
import { createOutboxRelay, type OutboxRelay } from './relay';
import { DEFAULT_RETRY_POLICY, ensureSendJobs } from './send-queue';
import {
  eventually,
  insertQueue,
  insertQueuedEmails,
  openMailOrm,
  readEmail,
  storeBlob,
  waitForStatus,
  type SeedEmail,
} from './testing/seed';
import { silentLogger } from './testing/silent-logger';
import { startSmtpSink, type SinkRejection, type SmtpSink } from '../../../../infra/src/mail-sink/smtp-sink';
import { createSendWorker, type SendWorker } from './worker';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `sbtest-delivery-${randomBytes(4).toString('hex')}`;
/** Short job retries (errors other than SMTP replies): 3 attempts, 200 ms then 400 ms apart. */
const RETRY_POLICY = { attempts: 3, backoffMs: 200 };
/** The SMTP retry schedule in milliseconds rather than minutes: 100 ms, 200 ms, then every 250 ms, for 10 s (dozens of attempts). */
const RETRY_SCHEDULE = { firstDelayMs: 100, maxDelayMs: 250, giveUpAfterMs: 10_000 };

let db: TestDatabase;
let orm: MikroORM;
let blobDir: string;
let blobStore: BlobStore;
let sink: SmtpSink;
let transports: TransportRegistry;
let relay: OutboxRelay;
let sendWorker: SendWorker;
let inspector: Redis;
let inspectQueue: Queue<SendJobData>;
let queueId: string;
/** Replies the sink gives, in order, to the next deliveries of a Message-ID before it accepts one. */
const plans = new Map<string, SinkRejection[]>();

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Seeds one queued email and relays it, as the send route does (commit, then kick). */
async function send(email: Omit<SeedEmail, 'queueId'>, rejections: SinkRejection[] = []) {
  const [seeded] = await insertQueuedEmails(orm, [{ queueId, ...email }]);
  if (rejections.length > 0) plans.set(seeded!.messageId, [...rejections]);
  relay.kick();
  return seeded!;
}

beforeAll(async () => {
  db = await createTestDatabase('sb_mail_delivery');
  orm = await openMailOrm(db.url);
  blobDir = await mkdtemp(path.join(tmpdir(), 'sb-mail-blobs-'));
  blobStore = createFileBlobStore(blobDir);
  sink = await startSmtpSink({ reject: (message) => plans.get(message.messageId ?? '')?.shift() });
  transports = createTransportRegistry({ defaultUrl: sink.url, logger: silentLogger });
  relay = createOutboxRelay({ orm, connection: REDIS_URL, prefix: PREFIX, logger: silentLogger, retryPolicy: RETRY_POLICY });
  sendWorker = createSendWorker({ orm, connection: REDIS_URL, prefix: PREFIX, blobStore, transports, concurrency: 4, logger: silentLogger, retrySchedule: RETRY_SCHEDULE });
  inspector = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  inspectQueue = new Queue<SendJobData>(SEND_QUEUE_NAME, { connection: inspector, prefix: PREFIX });
  queueId = await insertQueue(orm);
});

afterAll(async () => {
  await relay?.stop();
  await sendWorker?.close();
  transports?.close();
  await inspectQueue?.obliterate({ force: true });
  await inspectQueue?.close();
  inspector?.disconnect();
  await sink?.close();
  await orm?.close();
  await db?.drop();
  if (blobDir) await rm(blobDir, { recursive: true, force: true });
});

describe('send worker', () => {
  it('delivers headers, body, text alternative, attachments and inline images as stored', async () => {
    const pdf = randomBytes(300_000);
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(5_000)]);
    const pdfSha = await storeBlob(orm, blobStore, pdf);
    const pngSha = await storeBlob(orm, blobStore, png);
    const html = '<p>Dobrý den,</p><p>the <strong>printer</strong> is fixed.</p><p><img src="cid:logo@switchboard" alt="logo" /></p>';
    const email = await send({
      to: [{ address: 'jana@example.test', name: 'Jana Nováková' }, { address: 'petr@example.test' }],
      cc: [{ address: 'boss@example.test', name: 'The Boss' }],
      bcc: [{ address: 'audit@example.test' }],
      subject: 'Re: Printer jams on page two [#1234]',
      html,
      inReplyTo: '<original@customer.test>',
      references: '<first@customer.test> <original@customer.test>',
      attachments: [
        { sha256: pdfSha, size: pdf.length, fileName: 'invoice.pdf', contentType: 'application/pdf' },
        { sha256: pngSha, size: png.length, fileName: 'logo.png', contentType: 'image/png', inline: true, contentId: 'logo@switchboard' },
      ],
    });

    const row = await waitForStatus(orm, email.id, 'sent');
    expect(row).toMatchObject({ sendAttempts: 1, failureReason: null, failureCode: null });
    expect(row.smtpResponse).toContain('OK queued as sink');
    expect(row.sentAt).toBeInstanceOf(Date);
    const outbox = await orm.em.fork().transactional((em) => em.count(OutboxEntity, { emailId: email.id }));
    expect(outbox).toBe(0);

    const received = sink.accepted.filter((m) => m.messageId === email.messageId);
    expect(received).toHaveLength(1);
    const { mail, rcptTo } = received[0]!;
    expect(mail!.messageId).toBe(email.messageId);
    expect(mail!.from?.value).toEqual([{ address: 'support@switchboard.test', name: 'Switchboard Support' }]);
    expect(mail!.to && !Array.isArray(mail!.to) && mail!.to.value).toEqual([
      { address: 'jana@example.test', name: 'Jana Nováková' },
      { address: 'petr@example.test', name: '' },
    ]);
    expect(mail!.cc && !Array.isArray(mail!.cc) && mail!.cc.value).toEqual([{ address: 'boss@example.test', name: 'The Boss' }]);
    expect(mail!.bcc).toBeUndefined();
    expect(rcptTo.sort()).toEqual(['audit@example.test', 'boss@example.test', 'jana@example.test', 'petr@example.test']);
    expect(mail!.subject).toBe('Re: Printer jams on page two [#1234]');
    expect(mail!.inReplyTo).toBe('<original@customer.test>');
    expect(mail!.references).toEqual(['<first@customer.test>', '<original@customer.test>']);
    expect(mail!.headers.get('x-switchboard-email-id')).toBe(email.id);
    expect(mail!.html).toContain('<strong>printer</strong>');
    expect(mail!.text?.trim()).toBe(htmlToText(sanitizeEmailHtml(html)));

    const byName = new Map(mail!.attachments.map((a) => [a.filename, a]));
    expect(mail!.attachments).toHaveLength(2);
    expect(sha256(byName.get('invoice.pdf')!.content)).toBe(pdfSha);
    expect(byName.get('invoice.pdf')).toMatchObject({ contentType: 'application/pdf', contentDisposition: 'attachment' });
    expect(sha256(byName.get('logo.png')!.content)).toBe(pngSha);
    expect(byName.get('logo.png')).toMatchObject({ contentType: 'image/png', contentDisposition: 'inline', cid: 'logo@switchboard' });
  });

  it('sanitizes a body that reached the database unsanitized', async () => {
    const email = await send({
      html: '<p onclick="steal()">Hi<script>alert(1)</script></p><img src="https://evil.test/t.png" onerror="x()"><a href="javascript:alert(2)">click</a><iframe src="https://evil.test"></iframe>',
    });
    await waitForStatus(orm, email.id, 'sent');
    const mail = sink.accepted.find((m) => m.messageId === email.messageId)!.mail!;
    const sent = String(mail.html);
    expect(sent).toContain('Hi');
    for (const bad of ['<script', 'alert(1)', 'onclick', 'onerror', 'javascript:', '<iframe', 'evil.test']) {
      expect(sent).not.toContain(bad);
    }
    expect(mail.text).not.toContain('alert');
  });

  it('retries a 421 reply and delivers exactly once', async () => {
    const email = await send({ subject: 'Retry me' }, [{ code: 421, message: '4.3.2 Try again later' }]);
    const row = await waitForStatus(orm, email.id, 'sent');
    expect(row.sendAttempts).toBe(2);
    expect(row.failureReason).toBeNull();
    expect(sink.accepted.filter((m) => m.messageId === email.messageId)).toHaveLength(1);
  });

  it('fails at once on a 550 reply, with the server text, and does not retry', async () => {
    const email = await send({ subject: 'Bounce me' }, [{ code: 550, message: '5.1.1 <jana@example.test>: No such user' }]);
    const row = await waitForStatus(orm, email.id, 'failed');
    expect(row.failureCode).toBe(550);
    expect(row.failureReason).toContain('No such user');
    expect(row.failureReason).toContain('550');
    expect(row.sendAttempts).toBe(1);
    const job = await inspectQueue.getJob(email.id);
    expect(await job!.getState()).toBe('failed');
    expect(job!.attemptsMade).toBe(1);
    expect(sink.accepted.some((m) => m.messageId === email.messageId)).toBe(false);
  });

  it('fails with the last transient reply once the retry schedule gives up', async () => {
    const busy = { code: 451, message: '4.7.1 Greylisted, come back later' };
    const email = await send({ subject: 'Never accepted' }, Array.from({ length: 100 }, () => busy));
    const row = await waitForStatus(orm, email.id, 'failed');
    expect(row).toMatchObject({ failureCode: 451, retryAt: null, retryReason: null, retryCode: null });
    expect(row.sendAttempts).toBeGreaterThan(DEFAULT_RETRY_POLICY.attempts);
    expect(row.failureReason).toContain('Greylisted');
    expect(sink.accepted.some((m) => m.messageId === email.messageId)).toBe(false);
    plans.delete(email.messageId);
  });

  it('shows "retrying" with the reply and the next attempt while the server refuses, and delivers once it accepts', async () => {
    // Refused more times than the old schedule's 8 attempts allowed.
    const outage = { code: 421, message: '4.3.2 Service not available, closing channel' };
    const email = await send({ subject: 'Through an outage' }, Array.from({ length: 10 }, () => outage));
    let waiting: Email['retry'];
    await eventually(async () => {
      const row = await readEmail(orm, email.id);
      waiting = row?.status === 'queued' ? toEmail(row, []).retry : undefined;
      return Boolean(waiting);
    }, 'the email to wait for a retry');
    expect(waiting).toEqual({ reason: expect.stringContaining('Service not available') as string, smtpCode: 421, nextAttemptAt: expect.any(String) as string });
    const row = await waitForStatus(orm, email.id, 'sent');
    expect(row).toMatchObject({ sendAttempts: 11, retryAt: null, retryReason: null, failureReason: null });
    expect(toEmail(row, []).retry).toBeNull();
    expect(sink.accepted.filter((m) => m.messageId === email.messageId)).toHaveLength(1);
  });

  it('does nothing for a duplicate job of a sent email', async () => {
    const email = await send({ subject: 'Only once' });
    await waitForStatus(orm, email.id, 'sent');
    await inspectQueue.remove(email.id);
    await inspectQueue.add('send', { emailId: email.id }, { jobId: email.id });
    await expect(waitForJobState(email.id, 'completed')).resolves.toBeUndefined();
    expect((await inspectQueue.getJob(email.id))!.returnvalue).toBe('skipped: sent');
    expect(sink.accepted.filter((m) => m.messageId === email.messageId)).toHaveLength(1);
    expect((await readEmail(orm, email.id))!.sendAttempts).toBe(1);
  });
});

async function waitForJobState(jobId: string, state: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await inspectQueue.getJobState(jobId)) !== state) {
    if (Date.now() > deadline) throw new Error(`job ${jobId} never became ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('outbox relay', () => {
  /** A second queue prefix that no worker drains, so jobs stay where the relay put them. */
  const idlePrefix = `${PREFIX}-idle`;
  let idleQueue: Queue<SendJobData>;

  beforeAll(() => {
    idleQueue = new Queue<SendJobData>(SEND_QUEUE_NAME, { connection: inspector, prefix: idlePrefix });
  });

  afterAll(async () => {
    await idleQueue.obliterate({ force: true });
    await idleQueue.close();
  });

  it('sweeps: re-enqueues a send whose job vanished and replaces a finished job of an unsent email', async () => {
    const idleRelay = createOutboxRelay({ orm, connection: REDIS_URL, prefix: idlePrefix, logger: silentLogger });
    try {
      await idleQueue.obliterate({ force: true });
      const [lost, finished] = await insertQueuedEmails(orm, [{ queueId }, { queueId }]);
      expect(await idleRelay.relayPending()).toBe(2);
      // A Redis restart without persistence: the job is simply gone.
      await idleQueue.remove(lost!.id);
      // A job that failed for good while its email is still queued (e.g. the database was down).
      await idleQueue.remove(finished!.id);
      const failingConnection = inspector.duplicate();
      const failing = new Worker<SendJobData>(
        SEND_QUEUE_NAME,
        async () => {
          throw new UnrecoverableError('database unavailable');
        },
        { connection: failingConnection, prefix: idlePrefix, autorun: false },
      );
      await idleQueue.add('send', { emailId: finished!.id }, { jobId: finished!.id });
      failing.run().catch(() => undefined);
      try {
        const deadline = Date.now() + 10_000;
        while ((await idleQueue.getJobState(finished!.id)) !== 'failed' && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        await failing.close();
        failingConnection.disconnect();
      }
      expect(await idleQueue.getJobState(finished!.id)).toBe('failed');
      expect(await idleQueue.getJobState(lost!.id)).toBe('unknown');

      expect(await idleRelay.sweep()).toBe(2);
      expect(await idleQueue.getJobState(lost!.id)).toBe('waiting');
      expect(await idleQueue.getJobState(finished!.id)).toBe('waiting');
      // A second sweep finds nothing to repair, and a job in flight is never touched.
      expect(await idleRelay.sweep()).toBe(0);
      expect(await ensureSendJobs(idleQueue, [{ emailId: lost!.id }])).toBe(0);
    } finally {
      await idleRelay.stop();
    }
  });

  it('lets several relays share the outbox: every row is relayed exactly once', async () => {
    await idleQueue.obliterate({ force: true });
    const emails = await insertQueuedEmails(orm, Array.from({ length: 450 }, () => ({ queueId })));
    const relays = [1, 2, 3].map(() =>
      createOutboxRelay({ orm, connection: REDIS_URL, prefix: idlePrefix, logger: silentLogger, batchSize: 50 }),
    );
    try {
      const counts = await Promise.all(relays.map((r) => r.relayPending()));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(emails.length);
      expect(await idleQueue.getJobCountByTypes('waiting')).toBe(emails.length);
      const pending = await orm.em.fork().transactional((em) => em.count(OutboxEntity, { relayedAt: null }));
      expect(pending).toBe(0);
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
    }
  });
});
