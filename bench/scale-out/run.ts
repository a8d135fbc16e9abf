// Scale-out bench (issue 17): `npx tsx bench/scale-out/run.ts` (env SCALE_BENCH_N, default 1000).
// Mail replicas (bench/scale-out/serve-mail.ts, the real app in its own process) and mail worker
// processes on the local PostgreSQL and Redis, with a real SMTP server as the sink; requests go
// through the platform's gateway (infra/src/gateway.ts), which balances over the replicas and
// asks another replica when one refuses the connection (or breaks a GET's). A send the gateway
// answers 502 (its replica died while handling it) is sent again by the client, as an agent's
// Retry does; if the dead replica had accepted it, the answer is 409 EMAIL_ALREADY_SENT.
//   0. two replicas start at once on an empty database (they migrate one after the other);
//   1. N sends through 1 replica and 1 worker, then N through 2 replicas and 2 workers:
//      msgs/s from the first request to the last message accepted, and their ratio;
//   2. N sends through 2 replicas and 2 workers while one worker is SIGKILLed at 30% of the
//      messages accepted and one replica at 30% of the sends answered, with the email page
//      (GET /emails/:id) loaded 200 times meanwhile: emails lost, duplicates against the sends
//      in flight at the worker's kill, page loads failed, sends retried on the other replica.
// Such a 409 is counted apart; the outbox and the worker's claim keep each email to one message.
// Prints and saves bench/results/scale-out.txt.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path, { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, createTestKeys } from '@switchboard/service-kit/testing';
import { buildGateway } from '../../infra/src/gateway';
import { startSmtpSink, type SmtpSink } from '../../infra/src/mail-sink/smtp-sink';
import { obliterateSendQueue, startWorkerProcess, type Child } from '../../services/mail/src/delivery/testing/processes';
import { eventually, insertQueue, openMailOrm, statusCounts } from '../../services/mail/src/delivery/testing/seed';
import { BENCH_AGENT, inParallel, insertDrafts } from '../mail-throughput/fixtures';
import { startServer, type BenchServer } from '../shared/servers';

const N = Number(process.env.SCALE_BENCH_N ?? 1000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Send requests in flight. */
const SEND_CONCURRENCY = 32;
const PAGE_LOADS = 200;
/** The kills come when this share of the run is done. */
const KILL_AT = 0.3;
const RESULTS = join(__dirname, '..', 'results', 'scale-out.txt');
const SERVE = join(__dirname, 'serve-mail.ts');

const lines: string[] = [];
const print = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

/** Requests through the gateway to the mail replicas behind `/api/mail`. */
class GatewayClient {
  /** Sends asked again by the client after the gateway answered 502 (their replica died mid-request). */
  resent = 0;

  constructor(
    private readonly gatewayUrl: string,
    private readonly headers: Record<string, string>,
  ) {}

  async request(method: string, url: string, body?: unknown): Promise<{ status: number; body: { code?: string; status?: string } }> {
    for (let attempt = 0; ; attempt += 1) {
      const res = await fetch(`${this.gatewayUrl}/api/mail${url}`, {
        method,
        headers: { ...this.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const answer = { status: res.status, body: (await res.json()) as { code?: string; status?: string } };
      // A page load is not asked again: the gateway retries GETs itself, and a failed one counts.
      if (res.status !== 502 || attempt > 0 || method === 'GET') return answer;
      this.resent += 1;
    }
  }
}

/** A gateway over `replicas` (the shell is a stub: only `/api/mail` is asked). */
async function startGateway(shellDir: string, replicas: readonly string[]): Promise<{ url: string; close(): Promise<void> }> {
  const gateway = await buildGateway({ shellDir, widgetOrigin: 'http://127.0.0.1:65000', services: { mail: replicas } });
  await gateway.listen({ port: 0, host: '127.0.0.1' });
  const address = gateway.server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, close: () => gateway.close() };
}

/** A send's 409 when an earlier try went through: each draft is sent once here, so only after a retry. */
const ACCEPTED_BEFORE = 'EMAIL_ALREADY_SENT';

/** What the sends of one run were answered. */
interface SendAnswers {
  accepted: number;
  /** 409 after a retry: the dead replica had accepted it. */
  acceptedBefore: number;
  failed: string[];
}

async function sendAll(balancer: GatewayClient, ids: string[], onAnswered?: (answered: number) => void): Promise<SendAnswers> {
  const answers: SendAnswers = { accepted: 0, acceptedBefore: 0, failed: [] };
  let answered = 0;
  await inParallel(ids, SEND_CONCURRENCY, async (id) => {
    const res = await balancer.request('POST', `/emails/${id}/send`, { version: 1 });
    if (res.status === 202) answers.accepted += 1;
    else if (res.status === 409 && res.body.code === ACCEPTED_BEFORE) answers.acceptedBefore += 1;
    else answers.failed.push(`${id}: ${res.status} ${res.body.code}`);
    onAnswered?.(++answered);
  });
  return answers;
}

async function startWorker(env: Parameters<typeof startWorkerProcess>[0]): Promise<Child> {
  const child = startWorkerProcess({ ...env, LOG_LEVEL: 'info' }, { compiled: true });
  await eventually(async () => child.output().includes('"msg":"worker started"'), 'the worker to start', 60_000).catch((error) => {
    throw new Error(`${(error as Error).message}\n${child.output()}`);
  });
  return child;
}

/** How many times the sink accepted each Message-ID of these emails. */
async function deliveries(orm: MikroORM, sink: SmtpSink, ids: string[]): Promise<{ lost: number; duplicates: number }> {
  const rows = await orm.em.fork().execute<{ message_id: string }[]>('select message_id from mail.email where id = any(?::uuid[])', [`{${ids.join(',')}}`]);
  const counts = new Map<string, number>();
  for (const { messageId } of sink.accepted) counts.set(messageId!, (counts.get(messageId!) ?? 0) + 1);
  let lost = ids.length - rows.length;
  let duplicates = 0;
  for (const { message_id: messageId } of rows) {
    const n = counts.get(messageId) ?? 0;
    if (n === 0) lost += 1;
    else duplicates += n - 1;
  }
  return { lost, duplicates };
}

async function main(): Promise<void> {
  const started = performance.now();
  print(`scale-out bench, ${new Date().toISOString()}, ${cpus().length} cores (load average ${loadavg()[0]!.toFixed(1)}), node ${process.version}`);
  print(`N=${N} sends per run, ${SEND_CONCURRENCY} in flight through the gateway; mail replicas and workers (concurrency 8) as processes`);
  const db = await createTestDatabase('sb_bench_scale');
  const blobDir = await mkdtemp(path.join(tmpdir(), 'sb-bench-blobs-'));
  const prefix = `sb-scale-${randomBytes(4).toString('hex')}`;
  const queueId = randomUUID();
  const keys = await createTestKeys();
  const sink = await startSmtpSink({ parse: false });
  const replicas: BenchServer[] = [];
  const gateways: { close(): Promise<void> }[] = [];
  const shellDir = await mkdtemp(path.join(tmpdir(), 'sb-bench-shell-'));
  const workers: Child[] = [];
  let orm: MikroORM | undefined;
  const workerEnv = {
    DATABASE_URL: db.url,
    REDIS_URL,
    BLOB_DIR: blobDir,
    SMTP_URL: sink.url,
    MAIL_QUEUE_PREFIX: prefix,
    // A killed worker's jobs go back to the queue within about two lock durations.
    WORKER_LOCK_DURATION_MS: '2000',
  };
  try {
    const serveEnv = { BENCH_DATABASE_URL: db.url, BENCH_JWKS: JSON.stringify(keys.jwks), BENCH_BLOB_DIR: blobDir, BENCH_QUEUE_ID: queueId, REDIS_URL, MAIL_QUEUE_PREFIX: prefix };
    const bootStart = performance.now();
    replicas.push(...(await Promise.all([startServer(SERVE, 'mail', serveEnv), startServer(SERVE, 'mail', serveEnv)])));
    print(`2 replicas started at once on an empty database, both serving after ${((performance.now() - bootStart) / 1000).toFixed(1)} s`);
    orm = await openMailOrm(db.url);
    await insertQueue(orm, { id: queueId });
    const headers = { authorization: `Bearer ${await keys.sign({ aud: 'mail', sub: BENCH_AGENT, queues: [queueId] }, { expiresIn: '2h' })}` };

    await writeFile(join(shellDir, 'index.html'), '<!doctype html><title>bench</title>');
    const oneReplica = await startGateway(shellDir, [replicas[0]!.url]);
    const twoReplicas = await startGateway(shellDir, replicas.map((r) => r.url));
    gateways.push(oneReplica, twoReplicas);
    const timedRun = async (gateway: { url: string }): Promise<number> => {
      const balancer = new GatewayClient(gateway.url, headers);
      const ids = await insertDrafts(orm!, queueId, N);
      const before = sink.accepted.length;
      const start = performance.now();
      const answers = await sendAll(balancer, ids);
      if (answers.failed.length > 0) throw new Error(`sends failed: ${answers.failed.slice(0, 5).join('; ')}`);
      await sink.waitForAccepted(before + N, 10 * 60_000);
      return N / ((performance.now() - start) / 1000);
    };
    workers.push(await startWorker(workerEnv));
    const one = await timedRun(oneReplica);
    print(`1 replica, 1 worker: ${one.toFixed(0)} msgs/s`);
    workers.push(await startWorker(workerEnv));
    const two = await timedRun(twoReplicas);
    print(`2 replicas, 2 workers: ${two.toFixed(0)} msgs/s`);

    // The kills: a worker when 30% of the messages are in, a replica when 30% of the sends are answered.
    const balancer = new GatewayClient(twoReplicas.url, headers);
    const ids = await insertDrafts(orm, queueId, N);
    const before = sink.accepted.length;
    let sendingAtWorkerKill = -1;
    let workerKilled = false;
    let replicaKilled = false;
    const killWorker = async () => {
      workers[1]!.process.kill('SIGKILL');
      await workers[1]!.exited;
      sendingAtWorkerKill = (await statusCounts(orm!)).sending ?? 0;
    };
    const watcher = setInterval(() => {
      if (!workerKilled && sink.accepted.length - before >= N * KILL_AT) {
        workerKilled = true;
        void killWorker();
      }
    }, 5);
    let pageFailures = 0;
    const pages = inParallel(
      Array.from({ length: PAGE_LOADS }, (_, i) => ids[(i * 7) % ids.length]!),
      4,
      async (id) => {
        const res = await balancer.request('GET', `/emails/${id}`).catch(() => ({ status: 0, body: {} }));
        if (res.status !== 200) pageFailures += 1;
      },
    );
    const start = performance.now();
    const answers = await sendAll(balancer, ids, (answered) => {
      if (!replicaKilled && answered >= N * KILL_AT) {
        replicaKilled = true;
        process.kill(replicas[1]!.pid, 'SIGKILL');
      }
    });
    await pages;
    const sentOfRun = async () =>
      Number((await orm!.em.fork().execute<{ n: string }[]>(`select count(*) as n from mail.email where id = any(?::uuid[]) and status = 'sent'`, [`{${ids.join(',')}}`]))[0]!.n);
    const delivered = await eventually(async () => (await sentOfRun()) === N, 'every email of the run to be sent', 10 * 60_000).then(
      () => true,
      () => false,
    );
    clearInterval(watcher);
    const seconds = (performance.now() - start) / 1000;
    const { lost, duplicates } = await deliveries(orm, sink, ids);
    const counts = await statusCounts(orm);

    print();
    print(`${'run'.padEnd(56)} ${'value'.padStart(10)}`);
    print(`${'1 replica + 1 worker, msgs/s'.padEnd(56)} ${one.toFixed(0).padStart(10)}`);
    print(`${'2 replicas + 2 workers, msgs/s'.padEnd(56)} ${two.toFixed(0).padStart(10)}`);
    print(`${'ratio 2/1 (goal >= 1.6x)'.padEnd(56)} ${`${(two / one).toFixed(2)}x`.padStart(10)}`);
    print(`${'with kills: sends'.padEnd(56)} ${String(N).padStart(10)}`);
    print(`${'  answered 202'.padEnd(56)} ${String(answers.accepted).padStart(10)}`);
    print(`${'  answered 409 after a retry (accepted by the dead one)'.padEnd(56)} ${String(answers.acceptedBefore).padStart(10)}`);
    print(`${'  failed'.padEnd(56)} ${String(answers.failed.length).padStart(10)}`);
    print(`${'  sends the client sent again after a 502'.padEnd(56)} ${String(balancer.resent).padStart(10)}`);
    print(`${'  all recorded sent'.padEnd(56)} ${String(delivered).padStart(10)}`);
    print(`${'  emails lost'.padEnd(56)} ${String(lost).padStart(10)}`);
    print(`${'  duplicates'.padEnd(56)} ${String(duplicates).padStart(10)}`);
    print(`${'  sends in flight at the worker kill (dup. bound)'.padEnd(56)} ${String(sendingAtWorkerKill).padStart(10)}`);
    print(`${`  email page loads failed (of ${PAGE_LOADS})`.padEnd(56)} ${String(pageFailures).padStart(10)}`);
    print(`${'  msgs/s through the kills'.padEnd(56)} ${(N / seconds).toFixed(0).padStart(10)}`);
    print(`${'  email statuses at the end (all runs)'.padEnd(56)} ${JSON.stringify(counts).padStart(10)}`);
    for (const failure of answers.failed.slice(0, 5)) print(`  failed send ${failure}`);
    print(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    for (const child of workers) {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGTERM');
      await child.exited;
    }
    for (const gateway of gateways) await gateway.close();
    for (const replica of replicas) await replica.stop();
    await orm?.close();
    await sink.close();
    await obliterateSendQueue(REDIS_URL, prefix);
    await db.drop();
    await rm(blobDir, { recursive: true, force: true });
    await rm(shellDir, { recursive: true, force: true });
    mkdirSync(join(RESULTS, '..'), { recursive: true });
    writeFileSync(RESULTS, `${lines.join('\n')}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
