import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SEND_QUEUE_NAME, type SendJobData } from '@switchboard/contracts';
import { createFileBlobStore, type ServiceApp } from '@switchboard/service-kit';
import { createTestDatabase, createTestKeys, type TestDatabase } from '@switchboard/service-kit/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { buildApp } from '../app';
import { createTicketsClient } from '../tickets-client';
import { obliterateSendQueue } from './testing/processes';
import { eventually, insertQueue, insertQueuedEmails } from './testing/seed';

// The relay as the API runs it: registered by buildApp when REDIS_URL is set, started at
// onReady, kicked through `app.outboxRelay`, stopped with the app.

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `sbtest-relay-plugin-${randomBytes(4).toString('hex')}`;

let db: TestDatabase;
let blobDir: string;
let app: ServiceApp;
let inspector: Redis;
let queue: Queue<SendJobData>;

beforeAll(async () => {
  db = await createTestDatabase('sb_mail_relay_plugin');
  blobDir = await mkdtemp(path.join(tmpdir(), 'sb-mail-blobs-'));
  const keys = await createTestKeys();
  app = await buildApp({
    databaseUrl: db.url,
    logger: false,
    getKey: keys.getKey,
    poolSize: 2,
    blobStore: createFileBlobStore(blobDir),
    // Never called here: relaying needs no ticket.
    ticketsClient: createTicketsClient({ baseUrl: 'http://127.0.0.1:1', getToken: async () => 'unused' }),
    redisUrl: REDIS_URL,
    queuePrefix: PREFIX,
  });
  inspector = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  queue = new Queue<SendJobData>(SEND_QUEUE_NAME, { connection: inspector, prefix: PREFIX });
});

afterAll(async () => {
  await app?.close();
  await queue?.close();
  inspector?.disconnect();
  await obliterateSendQueue(REDIS_URL, PREFIX);
  await db?.drop();
  if (blobDir) await rm(blobDir, { recursive: true, force: true });
});

it('relays pending sends once the app is ready and when the send route kicks it', async () => {
  const queueId = await insertQueue(app.orm);
  const [before] = await insertQueuedEmails(app.orm, [{ queueId }]);
  await app.ready();
  await eventually(async () => (await queue.getJob(before!.id)) !== undefined, 'the pending send to be relayed at start', 10_000);

  const [kicked] = await insertQueuedEmails(app.orm, [{ queueId }]);
  app.outboxRelay!.kick();
  await eventually(async () => (await queue.getJob(kicked!.id)) !== undefined, 'the kicked send to be relayed', 10_000);
});
