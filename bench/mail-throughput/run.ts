// Mail throughput bench: `npx tsx bench/mail-throughput/run.ts` (env MAIL_BENCH_N, default
// 10000; MAIL_BENCH_WORKERS, default 1). On the local PostgreSQL and Redis, with a real SMTP
// server (smtp-server) as the sink:
//   1. nodemailer's pooled transport sends N messages straight to the sink (the ceiling), from a
//      process of its own (send-direct.ts);
//   2. the real path sends N drafts, once with one worker process and once with two: POST
//      /emails/:id/send over HTTP to the mail app in a process of its own (bench/scale-out/
//      serve-mail.ts) -> outbox -> relay -> BullMQ -> worker process(es) -> the same sink, with
//      the CPU-seconds of the route's process and of the workers per 1,000 sends;
//   2b. the same pipeline from outbox rows written directly (the route's transaction), to
//      tell the route's cost from the delivery pipeline's;
//   2c. "with macro" (macro-path.ts): rounds (MAIL_BENCH_MACRO_ROUNDS, default 5) of a pair of runs
//      of N queued emails, each in its own ticket, with a real tickets service and CRM running
//      (each a process of its own): once without a macro and once with a 4-action macro (E13),
//      which the worker applies after the sink accepted the message; the ratio is the median of
//      the rounds' with-macro / plain rates, beside it the ratio of CPU per send over every
//      measured part (steadier than the rates on a machine bound by CPU); every run starts fresh
//      worker processes, on vacuumed, analyzed databases just after a checkpoint (bench/shared/settle.ts);
//   3. peak RSS of a fresh worker process while it sends 20 emails with a 20 MiB attachment each.
// Prints a table and saves it to bench/results/mail-throughput.txt. Prints, never asserts.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { createFileBlobStore } from '@switchboard/service-kit';
import { createTestDatabase, createTestKeys } from '@switchboard/service-kit/testing';
import { buildApp } from '../../services/mail/src/app';
import { obliterateSendQueue, startWorkerProcess, type Child } from '../../services/mail/src/delivery/testing/processes';
import { eventually, insertQueue, insertQueuedEmails, statusCounts, storeBlob } from '../../services/mail/src/delivery/testing/seed';
import { startSmtpSink, type SmtpSink } from '../../infra/src/mail-sink/smtp-sink';
import { startServer, type BenchServer } from '../shared/servers';
import { BENCH_AGENT, BENCH_HTML, inParallel, insertDrafts, linkedTicketsClient, memoryOf } from './fixtures';
import { cpuMeter, measuredSeconds, type CpuSpent } from '../shared/cpu';
import { compareMacroPath, databaseOf, type MacroRound } from './macro-path';
import { median } from '../shared/median';

const N = Number(process.env.MAIL_BENCH_N ?? 10_000);
const WORKERS = Number(process.env.MAIL_BENCH_WORKERS ?? 1);
const MACRO_ROUNDS = Number(process.env.MAIL_BENCH_MACRO_ROUNDS ?? 5);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Jobs per worker process and parallel sends of the direct run: the worker's default. */
const CONCURRENCY = 8;
/** Send requests in flight against the app. */
const ROUTE_CONCURRENCY = 32;
const BIG_EMAILS = 20;
const BIG_BYTES = 20 * 1024 * 1024;
const RESULTS = join(__dirname, '..', 'results', 'mail-throughput.txt');
const SERVE_MAIL = join(__dirname, '..', 'scale-out', 'serve-mail.ts');
const SEND_DIRECT = join(__dirname, 'send-direct.ts');

const lines: string[] = [];
const print = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};
const seconds = (fromMs: number) => (performance.now() - fromMs) / 1000;
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');

/** CPU-seconds per 1,000 sends of each part a run measured, the same parts for every run (0 where a run has none). */
function cpuRows(runs: Record<string, CpuSpent>, n: number, databaseNames: Record<string, string>): string[] {
  const parts = new Map<string, (spent: CpuSpent) => number>([['bench process (sink, seeding)', (spent) => spent.self]]);
  for (const spent of Object.values(runs)) {
    for (const name of Object.keys(spent.processes)) parts.set(`${name} process`, (s) => s.processes[name] ?? 0);
    for (const db of Object.keys(spent.databases)) parts.set(`${databaseNames[db] ?? db} PostgreSQL backends`, (s) => s.databases[db] ?? 0);
  }
  const per = (value: number) => ((value * 1000) / n).toFixed(2).padStart(12);
  const names = Object.keys(runs);
  const rows = [`${'CPU-seconds per 1,000 sends'.padEnd(40)} ${names.map((name) => name.padStart(12)).join(' ')}`];
  for (const [part, of] of parts) rows.push(`${part.padEnd(40)} ${names.map((name) => per(of(runs[name]!))).join(' ')}`);
  rows.push(`${'total'.padEnd(40)} ${names.map((name) => per(measuredSeconds(runs[name]!))).join(' ')}`);
  // What the parts above miss: PostgreSQL's own processes (WAL writer, autovacuum...), Redis, the kernel.
  rows.push(`${'rest of the machine'.padEnd(40)} ${names.map((name) => per(runs[name]!.machine - measuredSeconds(runs[name]!))).join(' ')}`);
  // Not this machine's work: CPU time the host gave to others while this machine had work (steal).
  rows.push(`${'stolen by the host'.padEnd(40)} ${names.map((name) => per(runs[name]!.stolen)).join(' ')}`);
  return rows;
}

/** The baseline (send-direct.ts in a child process): its msgs/s and CPU-seconds. */
async function sendDirect(sink: SmtpSink): Promise<{ rate: number; cpu: number }> {
  const before = sink.accepted.length;
  const child = spawn(process.execPath, ['--import', 'tsx', SEND_DIRECT], {
    env: { ...process.env, MAIL_BENCH_N: String(N), MAIL_BENCH_SINK_URL: sink.url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const match = /^SENT (\S+) (\S+)$/m.exec(output);
  if (code !== 0 || !match) throw new Error(`the direct sender exited with ${code}: ${output}`);
  await sink.waitForAccepted(before + N);
  return { rate: Number(match[1]), cpu: Number(match[2]) };
}

/** One real-path run's figures. */
interface RealPathRun {
  workers: number;
  routeRate: number;
  rate: number;
  /** CPU-seconds per 1,000 sends: the route's process (with its relay), and the workers. */
  routeCpu: number;
  workerCpu: number;
}

/** Starts a worker process and waits for its start-up line. */
async function startWorker(env: Parameters<typeof startWorkerProcess>[0]): Promise<Child> {
  const child = startWorkerProcess({ ...env, LOG_LEVEL: 'info' }, { compiled: true });
  await eventually(async () => child.output().includes('"msg":"worker started"'), 'the worker to start', 60_000).catch((error) => {
    throw new Error(`${(error as Error).message}\n${child.output()}`);
  });
  return child;
}

async function stopWorker(child: Child): Promise<void> {
  child.process.kill('SIGTERM');
  await child.exited;
}

async function main(): Promise<void> {
  const started = performance.now();
  print(`mail throughput bench, ${new Date().toISOString()}, ${cpus().length} cores, load average ${load()}, node ${process.version}`);
  print(`N=${N}; real path with 1 and 2 worker processes, other runs with ${WORKERS}; concurrency ${CONCURRENCY} each; ${ROUTE_CONCURRENCY} send requests in flight`);
  const db = await createTestDatabase('sb_bench_mail');
  const blobDir = await mkdtemp(path.join(tmpdir(), 'sb-bench-blobs-'));
  const blobStore = createFileBlobStore(blobDir);
  const prefix = `sb-bench-${randomBytes(4).toString('hex')}`;
  const queueId = randomUUID();
  const keys = await createTestKeys();
  const sink = await startSmtpSink({ parse: false });
  const app = await buildApp({
    databaseUrl: db.url,
    poolSize: 10,
    logger: false,
    getKey: keys.getKey,
    blobStore,
    ticketsClient: linkedTicketsClient(queueId),
    redisUrl: REDIS_URL,
    queuePrefix: prefix,
    // Throughput, not the undo window (E14): with the default 10 s hold every send waited 10 s
    // before the relay could publish it, and the "real path" rate measured that wait.
    undoSendSeconds: 0,
  });
  const workers: Child[] = [];
  let route: BenchServer | undefined;
  const workerEnv = { DATABASE_URL: db.url, REDIS_URL, BLOB_DIR: blobDir, SMTP_URL: sink.url, MAIL_QUEUE_PREFIX: prefix };
  try {
    await app.ready();
    await insertQueue(app.orm, { id: queueId });
    const headers = { authorization: `Bearer ${await keys.sign({ aud: 'mail', sub: BENCH_AGENT, queues: [queueId] }, { expiresIn: '2h' })}` };

    const direct = await sendDirect(sink);
    const directRate = direct.rate;
    print(`direct nodemailer pool: ${directRate.toFixed(0)} msgs/s, ${((direct.cpu / N) * 1000).toFixed(2)} CPU-s per 1,000`);

    route = await startServer(SERVE_MAIL, 'mail', {
      BENCH_DATABASE_URL: db.url,
      BENCH_JWKS: JSON.stringify(keys.jwks),
      BENCH_BLOB_DIR: blobDir,
      BENCH_QUEUE_ID: queueId,
      REDIS_URL,
      MAIL_QUEUE_PREFIX: prefix,
    });
    const realPath = async (workerCount: number, sentBefore: number): Promise<RealPathRun> => {
      const drafts = await insertDrafts(app.orm, queueId, N);
      for (let i = 0; i < workerCount; i++) workers.push(await startWorker(workerEnv));
      const workerPids = workers.map((w) => w.process.pid!);
      const meter = await cpuMeter(app.orm, [databaseOf(db.url)], { route: route!.pid, ...Object.fromEntries(workerPids.map((pid, i) => [`worker ${i + 1}`, pid])) });
      const before = sink.accepted.length;
      const sendStart = performance.now();
      await inParallel(drafts, ROUTE_CONCURRENCY, async (id) => {
        const res = await fetch(`${route!.url}/emails/${id}/send`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ version: 1 }),
        });
        if (res.status !== 202) throw new Error(`send answered ${res.status} ${await res.text()}`);
      });
      const routeSeconds = seconds(sendStart);
      await sink.waitForAccepted(before + N, 30 * 60_000);
      const rate = N / seconds(sendStart);
      const perThousand = (spent: number) => (spent / N) * 1000;
      const { processes } = await meter.stop();
      const run = {
        workers: workerCount,
        routeRate: N / routeSeconds,
        rate,
        routeCpu: perThousand(processes.route!),
        workerCpu: perThousand(workerPids.reduce((sum, _, i) => sum + processes[`worker ${i + 1}`]!, 0)),
      };
      await eventually(async () => (await statusCounts(app.orm)).sent === sentBefore + N, 'every email to be recorded as sent', 60_000);
      for (const child of workers.splice(0)) await stopWorker(child);
      print(
        `real path, ${workerCount} worker(s): route accepted ${N} at ${run.routeRate.toFixed(0)} req/s, delivered ${rate.toFixed(0)} msgs/s; ` +
          `CPU-s per 1,000: route ${run.routeCpu.toFixed(2)}, workers ${run.workerCpu.toFixed(2)}`,
      );
      return run;
    };
    const realRuns = [await realPath(1, 0), await realPath(2, N)];
    await route.stop();
    route = undefined;
    const sentBeforeOutbox = 2 * N;

    // The same pipeline without the route: rows written as the route's transaction writes them,
    // by fresh worker processes, as the macro run's are (a warm worker would favour this run).
    for (let i = 0; i < WORKERS; i++) workers.push(await startWorker(workerEnv));
    const mailDatabase = databaseOf(db.url);
    const outboxMeter = await cpuMeter(app.orm, [mailDatabase], { worker: workers[0]!.process.pid! });
    const queuedBefore = sink.accepted.length;
    const queuedStart = performance.now();
    await insertQueuedEmails(app.orm, Array.from({ length: N }, (_, i) => ({ queueId, subject: `[#4711] Your refund ${i}`, html: BENCH_HTML })));
    app.outboxRelay?.kick();
    await sink.waitForAccepted(queuedBefore + N, 30 * 60_000);
    const outboxRate = N / seconds(queuedStart);
    await eventually(async () => (await statusCounts(app.orm)).sent === sentBeforeOutbox + N, 'every email to be recorded as sent', 60_000);
    const outboxCpu = await outboxMeter.stop();
    print(`outbox -> sink delivered ${N}: ${outboxRate.toFixed(0)} msgs/s`);
    for (const child of workers.splice(0)) await stopWorker(child);

    const macro = await compareMacroPath({
      orm: app.orm,
      mailDatabaseUrl: db.url,
      queueId,
      sink,
      n: N,
      rounds: MACRO_ROUNDS,
      workers: WORKERS,
      workerEnv,
      startWorker,
      stopWorker,
      kickRelay: () => app.outboxRelay?.kick(),
      print,
    });
    const batches = macro.batchSizes.length;
    const smallest = [...macro.batchSizes].sort((a, b) => a - b)[Math.floor(batches / 10)];
    print(
      `macro runs went in ${batches} batches: ${(macro.macroSends / batches).toFixed(1)} runs each on average, median ${median(macro.batchSizes)}, ` +
        `a tenth of the batches held ${smallest} or fewer; load average ${load()}`,
    );

    const sha256 = await storeBlob(app.orm, blobStore, randomBytes(BIG_BYTES));
    const worker = await startWorker(workerEnv);
    workers.push(worker);
    const idle = await memoryOf(worker.process.pid!);
    const bigBefore = sink.accepted.length;
    const bigStart = performance.now();
    await insertQueuedEmails(
      app.orm,
      Array.from({ length: BIG_EMAILS }, () => ({
        queueId,
        attachments: [{ sha256, size: BIG_BYTES, fileName: 'scan.pdf', contentType: 'application/pdf' }],
      })),
    );
    app.outboxRelay?.kick();
    let highest = idle.rss;
    const sampler = setInterval(() => {
      memoryOf(worker.process.pid!).then((m) => (highest = Math.max(highest, m.rss)), () => undefined);
    }, 20);
    await sink.waitForAccepted(bigBefore + BIG_EMAILS, 10 * 60_000);
    clearInterval(sampler);
    const bigSeconds = seconds(bigStart);
    const after = await memoryOf(worker.process.pid!);
    await stopWorker(workers.pop()!);

    const mib = (value: number) => `${value.toFixed(0)} MiB`.padStart(10);
    print();
    print(`${'run'.padEnd(50)} ${'msgs'.padStart(6)} ${'msgs/s'.padStart(8)}`);
    print(`${'nodemailer pool -> sink (direct)'.padEnd(50)} ${String(N).padStart(6)} ${directRate.toFixed(0).padStart(8)}`);
    for (const run of realRuns) {
      print(`${`send route -> ... -> sink, ${run.workers} worker(s)`.padEnd(50)} ${String(N).padStart(6)} ${run.rate.toFixed(0).padStart(8)}`);
      print(`${`ratio real path / direct, ${run.workers} worker(s) (goal >= 80%)`.padEnd(50)} ${''.padStart(6)} ${`${((run.rate / directRate) * 100).toFixed(1)}%`.padStart(8)}`);
    }
    print(`${'outbox rows -> BullMQ -> worker -> sink'.padEnd(50)} ${String(N).padStart(6)} ${outboxRate.toFixed(0).padStart(8)}`);
    print(`${'ratio outbox path / direct'.padEnd(50)} ${''.padStart(6)} ${`${((outboxRate / directRate) * 100).toFixed(1)}%`.padStart(8)}`);
    const medianOf = (of: (round: MacroRound) => number) => median(macro.rounds.map(of));
    print(`${'sends in tickets, no macro (median of rounds)'.padEnd(50)} ${String(N).padStart(6)} ${medianOf((r) => r.plainRate).toFixed(0).padStart(8)}`);
    print(`${'the same with a 4-action macro, applied'.padEnd(50)} ${String(N).padStart(6)} ${medianOf((r) => r.macroRate).toFixed(0).padStart(8)}`);
    print(`${`ratio with macro / plain, median of ${MACRO_ROUNDS} (goal >= 80%)`.padEnd(50)} ${''.padStart(6)} ${`${(macro.medianRatio * 100).toFixed(1)}%`.padStart(8)}`);
    // The machine is bound by CPU, so CPU per send gives the same comparison with less noise than the rates.
    const cpuRatio = measuredSeconds(macro.cpu.plain) / measuredSeconds(macro.cpu.macro);
    print(`${'CPU per send, plain / with macro (measured parts)'.padEnd(50)} ${''.padStart(6)} ${`${(cpuRatio * 100).toFixed(1)}%`.padStart(8)}`);
    print();
    const databaseNames = { [mailDatabase]: 'mail', ...Object.fromEntries(Object.keys(macro.cpu.macro.databases).filter((name) => name !== mailDatabase).map((name) => [name, name.includes('tickets') ? 'tickets' : 'crm'])) };
    for (const row of cpuRows({ outbox: outboxCpu, 'in tickets': macro.cpu.plain, 'with macro': macro.cpu.macro }, N, databaseNames)) print(row);
    print();
    print(`worker memory, ${BIG_EMAILS} emails x ${BIG_BYTES / 1024 / 1024} MiB attachment, concurrency ${CONCURRENCY}, sent in ${bigSeconds.toFixed(1)} s:`);
    print(`${'idle RSS'.padEnd(30)} ${mib(idle.rss)}`);
    print(`${'highest sampled RSS'.padEnd(30)} ${mib(highest)}`);
    print(`${'peak RSS (VmHWM)'.padEnd(30)} ${mib(after.peak)}`);
    print(`${'peak minus idle'.padEnd(30)} ${mib(after.peak - idle.rss)}`);
    print(`total ${seconds(started).toFixed(0)} s`);
  } finally {
    for (const child of workers) await stopWorker(child);
    await route?.stop();
    await app.close();
    await sink.close();
    await obliterateSendQueue(REDIS_URL, prefix);
    await db.drop();
    await rm(blobDir, { recursive: true, force: true });
    mkdirSync(join(RESULTS, '..'), { recursive: true });
    writeFileSync(RESULTS, `${lines.join('\n')}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
