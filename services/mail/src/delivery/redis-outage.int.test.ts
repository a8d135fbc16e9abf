import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, type TestDatabase } from '@switchboard/service-kit/testing';
import { createFileBlobStore } from '@switchboard/service-kit';
import { createTransportRegistry, type TransportRegistry } from '../transport/transports';
import type { DeliveryLogger } from './logger';
import { createOutboxRelay, type OutboxRelay } from './relay';
import { startTestRedis, type TestRedis } from './testing/processes';
import { eventually, insertQueue, insertQueuedEmails, openMailOrm, statusCounts } from './testing/seed';
import { startSmtpSink, type SmtpSink } from '../../../../infra/src/mail-sink/smtp-sink';
import { createSendWorker, type SendWorker } from './worker';

// A Redis of this test's own (never the machine's), without persistence: killing it loses
// every job, as a production Redis restart with `--save ''` would.

const PREFIX = `sbtest-outage-${randomBytes(4).toString('hex')}`;

let db: TestDatabase;
let orm: MikroORM;
let blobDir: string;
let redis: TestRedis;
let sink: SmtpSink;
let transports: TransportRegistry;
let relay: OutboxRelay;
let sendWorker: SendWorker;
const warnings: string[] = [];
const logger: DeliveryLogger = {
  debug() {},
  info() {},
  warn: (_obj, msg) => void warnings.push(msg),
  error: (_obj, msg) => void warnings.push(msg),
};

beforeAll(async () => {
  db = await createTestDatabase('sb_mail_outage');
  orm = await openMailOrm(db.url);
  blobDir = await mkdtemp(path.join(tmpdir(), 'sb-mail-blobs-'));
  redis = await startTestRedis();
});

afterAll(async () => {
  await relay?.stop();
  await sendWorker?.close();
  transports?.close();
  await sink?.close();
  await redis?.kill();
  await orm?.close();
  await db?.drop();
  if (blobDir) await rm(blobDir, { recursive: true, force: true });
});

it('loses no email when Redis dies mid-batch and comes back empty', async () => {
  const total = 300;
  let outage: Promise<void> | undefined;
  sink = await startSmtpSink({
    parse: false,
    delayMs: 5,
    onAccepted: (_message, accepted) => {
      if (accepted !== 100) return;
      outage = (async () => {
        await redis.kill();
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await redis.start();
      })();
    },
  });
  transports = createTransportRegistry({ defaultUrl: sink.url, logger });
  const queueId = await insertQueue(orm);
  const emails = await insertQueuedEmails(orm, Array.from({ length: total }, () => ({ queueId })));
  relay = createOutboxRelay({ orm, connection: redis.url, prefix: PREFIX, logger, pollIntervalMs: 200, sweepIntervalMs: 500 });
  sendWorker = createSendWorker({
    orm,
    connection: redis.url,
    prefix: PREFIX,
    blobStore: createFileBlobStore(blobDir),
    transports,
    lockDurationMs: 2000,
    logger,
  });
  relay.start();

  await eventually(async () => outage !== undefined, 'the outage to start');
  await outage;
  await eventually(async () => (await statusCounts(orm)).sent === total, 'every email to be sent', 60_000);

  expect(await statusCounts(orm)).toEqual({ sent: total });
  const received = new Set(sink.accepted.map((m) => m.messageId));
  for (const email of emails) expect(received.has(email.messageId)).toBe(true);
  expect(warnings).toContain('sweep re-enqueued sends whose job was missing');
  expect(warnings).toContain('dependency failing; will retry');
  process.stdout.write(`Redis outage during ${total} sends: ${sink.accepted.length - received.size} duplicates\n`);
}, 90_000);
