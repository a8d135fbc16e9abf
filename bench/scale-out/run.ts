// Scale-out bench (issue 17): `npx tsx bench/scale-out/run.ts` (env SCALE_BENCH_N, default 1000;
// needs `npm run build`). The whole platform (infra/src/platform.ts) on the local PostgreSQL and
// Redis, with a real SMTP server as the sink; every request goes through the platform's gateway,
// which balances over a service's replicas and asks another when one refuses the connection (or
// breaks a GET), and the services call one another through it too. A send the gateway answers 502
// (its replica died while handling it) is sent again by the client, as an agent's Retry does; if
// the dead replica had accepted it, the answer is 409 EMAIL_ALREADY_SENT.
//   1. N sends with 1 replica of every service and 1 mail worker, then N with 2 replicas of every
//      service and 2 workers, each platform on an empty database (the 2-replica one starts every
//      replica of a service at once; the migrations' advisory lock orders them): msgs/s from the
//      first request to the last message accepted, and their ratio;
//   2. on the 2-replica platform, N sends while one replica of every service is SIGKILLed when 30%
//      of the sends are answered and one worker when 30% of the messages are in, with the email
//      page's API requests (tokens, page composition, email, ticket, contacts) made 200 times
//      meanwhile: emails lost, duplicates against the sends in flight at the worker's kill, page
//      loads failed, sends retried on the other replica. The platform's supervisor starts a killed
//      process again, as a Deployment would.
// Prints and saves bench/results/scale-out.txt.
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path, { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { DEMO } from '@switchboard/contracts';
import { createTestDatabase, type TestDatabase } from '@switchboard/service-kit/testing';
import { SERVICES, startPlatform, type Platform } from '../../infra/src/platform';
import { startSmtpSink, type SmtpSink } from '../../infra/src/mail-sink/smtp-sink';
import { obliterateSendQueue } from '../../services/mail/src/delivery/testing/processes';
import { eventually, openMailOrm, statusCounts } from '../../services/mail/src/delivery/testing/seed';
import { inParallel, insertDrafts } from '../mail-throughput/fixtures';
import { cpuMeter, type CpuSpent } from '../shared/cpu';
import { ApiClient, type ApiAnswer } from './api-client';

const N = Number(process.env.SCALE_BENCH_N ?? 1000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Send requests in flight. */
const SEND_CONCURRENCY = 32;
const PAGE_LOADS = 200;
/** The kills come when this share of the run is done. */
const KILL_AT = 0.3;
const RESULTS = join(__dirname, '..', 'results', 'scale-out.txt');
const AGENT = DEMO.users.agent;
const QUEUE_ID = DEMO.queues.support.id;

const lines: string[] = [];
const print = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};
const row = (label: string, value: string | number | boolean) => print(`${label.padEnd(60)} ${String(value).padStart(10)}`);

/** A platform of `replicas` per service and as many workers, on its own empty database, with the demo data. */
interface BenchPlatform {
  platform: Platform;
  orm: MikroORM;
  db: TestDatabase;
  /** The database's name (its PostgreSQL backends' CPU is measured). */
  database: string;
  prefix: string;
  blobDir: string;
  startSeconds: number;
  close(): Promise<void>;
}

async function startBenchPlatform(replicas: number, sink: SmtpSink): Promise<BenchPlatform> {
  const db = await createTestDatabase(`sb_bench_scale_${replicas}`);
  const blobDir = await mkdtemp(path.join(tmpdir(), 'sb-bench-blobs-'));
  const registryDir = await mkdtemp(path.join(tmpdir(), 'sb-bench-registry-'));
  const prefix = `sb-scale-${replicas}-${Date.now().toString(36)}`;
  const start = performance.now();
  const platform = await startPlatform({
    databaseUrl: db.url,
    replicas,
    mailWorkers: replicas,
    // Two replicas of seven services on one PostgreSQL (max_connections 100 here).
    poolSize: 4,
    port: 0,
    widgetPort: 0,
    inboundSmtpPort: 0,
    servicePorts: Object.fromEntries(SERVICES.map(({ name }) => [name, 0])),
    smtpUrl: sink.url,
    blobDir,
    registryDir,
    mailQueuePrefix: prefix,
    eventsPrefix: `{${prefix}}`,
    mailUndoSendSeconds: 0,
    seedDemo: true,
    quiet: true,
    output: () => undefined,
    // A killed worker's jobs go back to the queue within about two lock durations.
    restartPolicy: { initialDelayMs: 1000, maxDelayMs: 5000, healthyAfterMs: 60_000 },
  });
  const startSeconds = (performance.now() - start) / 1000;
  const orm = await openMailOrm(db.url);
  return {
    platform,
    orm,
    db,
    database: new URL(db.url).pathname.slice(1),
    prefix,
    blobDir,
    startSeconds,
    async close() {
      await platform.stop();
      await orm.close();
      await obliterateSendQueue(REDIS_URL, prefix);
      await db.drop();
      await rm(blobDir, { recursive: true, force: true });
      await rm(registryDir, { recursive: true, force: true });
    },
  };
}

/** A send's 409 when an earlier try went through: each draft is sent once here, so only after a retry. */
const ACCEPTED_BEFORE = 'EMAIL_ALREADY_SENT';

/** What the sends of one run were answered. */
interface SendAnswers {
  accepted: number;
  /** 409 after a retry: the dead replica had accepted it. */
  acceptedBefore: number;
  /** Both kinds: the emails the platform took, which must each arrive once. */
  acceptedIds: string[];
  /** Sends refused with an error (the agent sees it, the draft stays a draft). */
  failed: string[];
}

async function sendAll(client: ApiClient, ids: string[], onAnswered?: (answered: number) => void): Promise<SendAnswers> {
  const answers: SendAnswers = { accepted: 0, acceptedBefore: 0, acceptedIds: [], failed: [] };
  let answered = 0;
  await inParallel(ids, SEND_CONCURRENCY, async (id) => {
    const res = await client.call('mail', 'POST', `/emails/${id}/send`, { version: 1 }, { resendAfter502: true });
    if (res.status === 202) answers.accepted += 1;
    else if (res.status === 409 && res.body.code === ACCEPTED_BEFORE) answers.acceptedBefore += 1;
    if (res.status === 202 || (res.status === 409 && res.body.code === ACCEPTED_BEFORE)) answers.acceptedIds.push(id);
    else answers.failed.push(`${id}: ${res.status} ${res.body.code} ${String(res.body.message ?? '')}`);
    onAnswered?.(++answered);
  });
  return answers;
}

/**
 * The email page's own API requests, as a fresh tab makes them: a token per service, the page's
 * composition, the email, then its ticket and the customer's contacts. Fails on any non-2xx.
 */
async function loadEmailPage(client: ApiClient, emailId: string): Promise<boolean> {
  const ok = (res: ApiAnswer) => res.status >= 200 && res.status < 300;
  const tokens = await Promise.all(['registry', 'mail', 'tickets', 'crm'].map((audience) => client.refreshToken(audience)));
  if (!tokens.every(Boolean)) return false;
  const [page, email] = await Promise.all([client.call('registry', 'GET', '/pages/email-detail'), client.call('mail', 'GET', `/emails/${emailId}`)]);
  if (!ok(page) || !ok(email)) return false;
  const { ticketId, to } = email.body as { ticketId?: string; to?: Array<{ address: string }> };
  const [ticket, contacts] = await Promise.all([
    ticketId ? client.call('tickets', 'GET', `/tickets/${ticketId}`) : Promise.resolve({ status: 200, body: {} }),
    client.call('crm', 'GET', `/contacts/match?email=${encodeURIComponent(to?.[0]?.address ?? '')}`),
  ]);
  return ok(ticket) && ok(contacts);
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

async function signedIn(bench: BenchPlatform): Promise<ApiClient> {
  const client = new ApiClient(bench.platform.shellUrl);
  await client.login(AGENT.email, DEMO.password);
  return client;
}

/** N sends on a fresh platform of `replicas`: msgs/s from the first request to the last message accepted. */
async function timedRun(replicas: number, sink: SmtpSink): Promise<number> {
  const bench = await startBenchPlatform(replicas, sink);
  try {
    print(`${replicas} replica(s) of every service and ${replicas} worker(s) started on an empty database in ${bench.startSeconds.toFixed(1)} s`);
    const client = await signedIn(bench);
    const ids = await insertDrafts(bench.orm, QUEUE_ID, N, AGENT.id);
    const before = sink.accepted.length;
    const meter = await cpuMeter(bench.orm, [bench.database], platformPids(bench.platform));
    const start = performance.now();
    const answers = await sendAll(client, ids);
    if (answers.failed.length > 0) throw new Error(`sends failed: ${answers.failed.slice(0, 5).join('; ')}`);
    await sink.waitForAccepted(before + N, 10 * 60_000);
    const rate = N / ((performance.now() - start) / 1000);
    printCpu(await meter.stop());
    return rate;
  } finally {
    await bench.close();
  }
}

/** The platform's processes by name, replicas summed under their service's name later. */
const platformPids = (platform: Platform): Record<string, number> =>
  Object.fromEntries(platform.processes().flatMap(({ name, pid }) => (pid ? [[name, pid]] : [])));

/**
 * CPU-seconds per 1,000 sends of each service (its replicas together), the mail workers,
 * PostgreSQL's backends, and this process (the gateway, the widget CDN, the sink and the client).
 */
function printCpu(spent: CpuSpent): void {
  const perThousand = (seconds: number) => ((seconds * 1000) / N).toFixed(2);
  const byService = new Map<string, number>();
  for (const [name, seconds] of Object.entries(spent.processes)) {
    const service = name.replace(/-\d+$/, '');
    byService.set(service, (byService.get(service) ?? 0) + seconds);
  }
  const parts = [...byService].sort((a, b) => b[1] - a[1]).map(([name, seconds]) => `${name} ${perThousand(seconds)}`);
  const database = Object.values(spent.databases).reduce((sum, seconds) => sum + seconds, 0);
  print(`  CPU-s per 1,000 sends: ${parts.join(', ')}, PostgreSQL ${perThousand(database)}, gateway + client ${perThousand(spent.self)}`);
}

/** Kills one replica of every service (the second, `<service>-2`); answers how many. */
function killOneReplicaEach(platform: Platform): number {
  const second = new Set(SERVICES.map(({ name }) => `${name}-2`));
  const victims = platform.processes().filter((p) => second.has(p.name) && p.pid);
  for (const { pid } of victims) process.kill(pid!, 'SIGKILL');
  return victims.length;
}

async function killedRun(sink: SmtpSink): Promise<void> {
  const bench = await startBenchPlatform(2, sink);
  try {
    const { platform, orm } = bench;
    const client = await signedIn(bench);
    const ids = await insertDrafts(orm, QUEUE_ID, N, AGENT.id);
    const before = sink.accepted.length;
    let sendingAtWorkerKill = -1;
    let workerKilled = false;
    let replicasKilled = 0;
    let killing: Promise<unknown> = Promise.resolve();
    const killWorker = async () => {
      const worker = platform.processes().find((p) => p.name === 'mail-worker-2');
      if (worker?.pid) process.kill(worker.pid, 'SIGKILL');
      sendingAtWorkerKill = (await statusCounts(orm)).sending ?? 0;
    };
    const watcher = setInterval(() => {
      if (!workerKilled && sink.accepted.length - before >= N * KILL_AT) {
        workerKilled = true;
        killing = killing.then(killWorker);
      }
    }, 5);
    let pageFailures = 0;
    const pages = inParallel(
      Array.from({ length: PAGE_LOADS }, (_, i) => ids[(i * 7) % ids.length]!),
      4,
      async (id) => {
        if (!(await loadEmailPage(client, id).catch(() => false))) pageFailures += 1;
      },
    );
    let replicaKillStarted = false;
    const start = performance.now();
    const answers = await sendAll(client, ids, (answered) => {
      if (!replicaKillStarted && answered >= N * KILL_AT) {
        replicaKillStarted = true;
        killing = killing.then(() => (replicasKilled = killOneReplicaEach(platform)));
      }
    });
    await pages;
    await killing;
    // Every email the platform took must be sent; a refused send is the agent's to retry.
    const taken = answers.acceptedIds;
    const sentOfRun = async () =>
      Number((await orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from mail.email where id = any(?::uuid[]) and status = 'sent'`, [`{${taken.join(',')}}`]))[0]!.n);
    const delivered = await eventually(async () => (await sentOfRun()) === taken.length, 'every email taken to be sent', 10 * 60_000).then(
      () => true,
      () => false,
    );
    clearInterval(watcher);
    const seconds = (performance.now() - start) / 1000;
    const { lost, duplicates } = await deliveries(orm, sink, taken);
    const counts = await statusCounts(orm);

    print();
    row(`with kills: sends (2 replicas of each service, 2 workers)`, N);
    row(`  service replicas SIGKILLed (one of each of ${SERVICES.length})`, replicasKilled);
    row('  workers SIGKILLed', workerKilled ? 1 : 0);
    row('  answered 202', answers.accepted);
    row('  answered 409 after a retry (accepted by the dead one)', answers.acceptedBefore);
    row('  refused with an error (draft kept; the agent retries)', answers.failed.length);
    row('  sends the client sent again after a 502', client.resent);
    row('  every email taken recorded sent', delivered);
    row('  emails lost', lost);
    row('  duplicates', duplicates);
    row('  sends in flight at the worker kill (dup. bound)', sendingAtWorkerKill);
    row(`  email page loads failed (of ${PAGE_LOADS}; 8 requests each)`, pageFailures);
    row('  msgs/s through the kills', (taken.length / seconds).toFixed(0));
    row('  email statuses at the end', JSON.stringify(counts));
    for (const failure of answers.failed.slice(0, 5)) print(`  failed send ${failure}`);
  } finally {
    await bench.close();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  print(`scale-out bench, ${new Date().toISOString()}, ${cpus().length} cores (load average ${loadavg()[0]!.toFixed(1)}), node ${process.version}`);
  print(`N=${N} sends per run, ${SEND_CONCURRENCY} in flight through the gateway; the whole platform, every service and worker a process`);
  const sink = await startSmtpSink({ parse: false });
  try {
    const one = await timedRun(1, sink);
    print(`1 replica + 1 worker: ${one.toFixed(0)} msgs/s`);
    const two = await timedRun(2, sink);
    print(`2 replicas + 2 workers: ${two.toFixed(0)} msgs/s`);
    print();
    row('1 replica of every service + 1 worker, msgs/s', one.toFixed(0));
    row('2 replicas of every service + 2 workers, msgs/s', two.toFixed(0));
    row(`ratio 2/1 (goal >= 1.6x; ${cpus().length} cores here)`, `${(two / one).toFixed(2)}x`);
    await killedRun(sink);
    print(`load average at the end ${loadavg()[0]!.toFixed(1)}; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await sink.close();
    mkdirSync(join(RESULTS, '..'), { recursive: true });
    writeFileSync(RESULTS, `${lines.join('\n')}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
