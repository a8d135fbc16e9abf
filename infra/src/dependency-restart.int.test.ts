import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createFileBlobStore, type ServiceApp } from '@switchboard/service-kit';
import { createTestKeys } from '@switchboard/service-kit/testing';
import { linkedTicketsClient, BENCH_AGENT as AGENT, insertDrafts } from '../../bench/mail-throughput/fixtures';
import { buildApp } from '../../services/mail/src/app';
import { startTestRedis, startWorkerProcess, type Child, type TestRedis } from '../../services/mail/src/delivery/testing/processes';
import { eventually, insertQueue, openMailOrm } from '../../services/mail/src/delivery/testing/seed';
import { startSmtpSink, type SmtpSink } from './mail-sink/smtp-sink';
import { startPrivatePostgres, type PrivatePostgres } from './testing/private-postgres';

// Mail (the real app, in this process) and its worker (a process of its own) on a PostgreSQL and
// a Redis of this test's own, never the machine's shared ones: each is stopped and started again
// while agents keep opening and sending emails. While one is away, answers are 503
// DEPENDENCY_UNAVAILABLE with Retry-After, never 500; afterwards every send is delivered.

const PREFIX = `sbtest-restart-${randomBytes(4).toString('hex')}`;
/** Agents opening and sending at once. */
const AGENTS = 4;
/** A send's 409s when a try answered 503 had gone through nonetheless. */
const ACCEPTED_BEFORE = new Set(['DRAFT_VERSION_CONFLICT', 'EMAIL_NOT_DRAFT']);

let pg: PrivatePostgres;
let redis: TestRedis;
let sink: SmtpSink;
let app: ServiceApp;
let orm: MikroORM;
let worker: Child;
let blobDir: string;
let queueId: string;
let headers: Record<string, string>;

/** One answer of the app, as an agent saw it. */
interface Answer {
  route: string;
  status: number;
  code?: string;
  retryAfter?: string;
}

beforeAll(async () => {
  pg = await startPrivatePostgres();
  redis = await startTestRedis();
  sink = await startSmtpSink({ parse: false });
  blobDir = await mkdtemp(path.join(tmpdir(), 'sb-restart-blobs-'));
  const keys = await createTestKeys();
  queueId = randomUUID();
  app = await buildApp({
    databaseUrl: pg.url,
    poolSize: 4,
    logger: false,
    getKey: keys.getKey,
    blobStore: createFileBlobStore(blobDir),
    ticketsClient: linkedTicketsClient(queueId),
    redisUrl: redis.url,
    queuePrefix: PREFIX,
    undoSendSeconds: 0,
  });
  await app.ready();
  orm = await openMailOrm(pg.url, 2);
  await insertQueue(orm, { id: queueId });
  headers = { authorization: `Bearer ${await keys.sign({ aud: 'mail', sub: AGENT, queues: [queueId] }, { expiresIn: '1h' })}` };
  worker = startWorkerProcess({
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    BLOB_DIR: blobDir,
    SMTP_URL: sink.url,
    MAIL_QUEUE_PREFIX: PREFIX,
    WORKER_LOCK_DURATION_MS: '2000',
  });
}, 120_000);

afterAll(async () => {
  if (worker && worker.process.exitCode === null && worker.process.signalCode === null) worker.process.kill('SIGKILL');
  await worker?.exited;
  await app?.close();
  await orm?.close();
  await sink?.close();
  await redis?.kill();
  await pg?.destroy();
  if (blobDir) await rm(blobDir, { recursive: true, force: true });
});

/**
 * Agents open and send each draft until every one is accepted: a send answered 503 is tried
 * again after its Retry-After (shortened: the test is not an hour); one answered 409
 * (ACCEPTED_BEFORE) after a 503 had gone through before its answer was lost. `during`
 * runs meanwhile, given the number of sends accepted so far to wait on; `answers` collects every answer.
 */
async function sendUnderLoad(ids: string[], answers: Answer[], during: (accepted: () => number) => Promise<void>): Promise<void> {
  const pending = [...ids];
  const unavailableBefore = new Set<string>();
  let accepted = 0;
  const ask = async (route: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    const answer: Answer = { route, status: res.statusCode };
    if (res.statusCode >= 400) answer.code = (res.json() as { code?: string }).code;
    if (res.headers['retry-after'] !== undefined) answer.retryAfter = String(res.headers['retry-after']);
    answers.push(answer);
    return answer;
  };
  const agent = async () => {
    for (let id = pending.shift(); id !== undefined; id = pending.shift()) {
      await ask('GET /emails/:id', 'GET', `/emails/${id}`);
      const sent = await ask('POST /emails/:id/send', 'POST', `/emails/${id}/send`, { version: 1 });
      const done = sent.status === 202 || (sent.status === 409 && ACCEPTED_BEFORE.has(sent.code ?? '') && unavailableBefore.has(id));
      if (done) accepted += 1;
      else {
        if (sent.status === 503) unavailableBefore.add(id);
        pending.push(id);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  await Promise.all([...Array.from({ length: AGENTS }, agent), during(() => accepted)]);
}

/** Whatever was not a success: each must be a 503 DEPENDENCY_UNAVAILABLE with Retry-After. */
const failuresOf = (answers: Answer[]) => answers.filter((a) => a.status >= 300 && !(a.status === 409 && ACCEPTED_BEFORE.has(a.code ?? '')));

/** How many times the sink took each of these emails, by Message-ID. */
async function deliveries(ids: string[]): Promise<{ lost: number; duplicates: number }> {
  const rows = await orm.em.fork().execute<{ message_id: string | null }[]>('select message_id from mail.email where id = any(?::uuid[])', [`{${ids.join(',')}}`]);
  const counts = new Map<string, number>();
  for (const { messageId } of sink.accepted) counts.set(messageId!, (counts.get(messageId!) ?? 0) + 1);
  const received = rows.map((row) => (row.message_id ? (counts.get(row.message_id) ?? 0) : 0));
  return { lost: received.filter((n) => n === 0).length, duplicates: received.reduce((sum, n) => sum + Math.max(0, n - 1), 0) };
}

/** Every one of these emails recorded as sent (the pool may need a try to reconnect first). */
async function allSent(ids: string[]): Promise<boolean> {
  try {
    const [row] = await orm.em
      .fork()
      .execute<{ n: string }[]>(`select count(*) as n from mail.email where id = any(?::uuid[]) and status = 'sent'`, [`{${ids.join(',')}}`]);
    return Number(row!.n) === ids.length;
  } catch {
    return false;
  }
}

it('answers 503 DEPENDENCY_UNAVAILABLE while PostgreSQL restarts, never 500, and delivers every send after', async () => {
  const ids = await insertDrafts(orm, queueId, 80);
  const answers: Answer[] = [];
  const unavailable = () => answers.filter((a) => a.status === 503).length;
  await sendUnderLoad(ids, answers, async (accepted) => {
    await eventually(async () => accepted() >= 20, '20 sends accepted');
    await pg.stop();
    await eventually(async () => unavailable() >= 8, 'answers while PostgreSQL is away');
    await pg.start();
  });
  const failures = failuresOf(answers);
  expect(failures.length).toBeGreaterThanOrEqual(8);
  expect(failures.filter((a) => a.status !== 503 || a.code !== 'DEPENDENCY_UNAVAILABLE' || a.retryAfter !== '5')).toEqual([]);

  await eventually(() => allSent(ids), 'every send to be delivered after the restart', 60_000).catch((error) => {
    throw new Error(`${(error as Error).message}\n${worker.output()}`);
  });
  const { lost, duplicates } = await deliveries(ids);
  process.stdout.write(`PostgreSQL restart: ${answers.length} answers, ${failures.length} of them 503, ${lost} lost, ${duplicates} duplicates\n`);
  expect(lost).toBe(0);
}, 180_000);

it('goes on answering while Redis restarts empty, and delivers every send once it is back', async () => {
  const ids = await insertDrafts(orm, queueId, 40);
  const answers: Answer[] = [];
  let acceptedWhileAway = 0;
  await sendUnderLoad(ids, answers, async (accepted) => {
    await eventually(async () => accepted() >= 10, '10 sends accepted');
    await redis.kill();
    const [sendsBefore, answersBefore] = [accepted(), answers.length];
    await eventually(async () => answers.length >= answersBefore + 20, 'answers while Redis is away');
    acceptedWhileAway = accepted() - sendsBefore;
    await redis.start();
  });
  const failures = failuresOf(answers);
  expect(failures.filter((a) => a.status !== 503 || a.code !== 'DEPENDENCY_UNAVAILABLE' || a.retryAfter !== '5')).toEqual([]);

  await eventually(() => allSent(ids), 'every send to be delivered after Redis is back', 90_000).catch((error) => {
    throw new Error(`${(error as Error).message}\n${worker.output()}`);
  });
  const { lost, duplicates } = await deliveries(ids);
  process.stdout.write(
    `Redis restart: ${answers.length} answers, ${failures.length} of them 503, ${acceptedWhileAway} sends accepted while it was away, ${lost} lost, ${duplicates} duplicates\n`,
  );
  expect(lost).toBe(0);
}, 180_000);
