// What one send costs the worker process: `npx tsx bench/mail-throughput/worker-cost.ts`
// (env MAIL_BENCH_N, default 1000; WORKER_CPU_PROF=<dir> writes a V8 CPU profile of the worker;
// MAIL_BENCH_NODE_ARGS adds node options to the worker (e.g. --perf-basic-prof for perf);
// MAIL_BENCH_BATCH=1 writes the emails in chunks of 500 instead of one by one;
// MAIL_BENCH_ATTACH='<command with {pid}>', e.g. `perf record -g -p {pid} -o /tmp/worker.perf` or
// `strace -c -f -p {pid}`, runs beside the worker for the measured sends and is stopped with SIGINT).
// One compiled worker process (run `npm run build:node` first) on a private redis-server, so
// INFO commandstats counts this worker's commands alone (and the relay's here, the route's in
// production), sends N queued emails to an SMTP sink after a warm-up of 200: as the send route
// does, each email is committed on its own (32 in flight) and kicks a relay in this process;
// with MAIL_BENCH_BATCH they arrive in chunks and the worker's own relay moves them. Prints the worker's CPU-seconds
// per 1,000 sends, Redis commands per job (by command) and PostgreSQL transactions per job
// (pg_stat_database; the worker's statements each commit on their own, the relay's batches in
// one transaction). Prints, never asserts.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { createTestDatabase, withAdminClient } from '@switchboard/service-kit/testing';
import { Redis } from 'ioredis';
import { createOutboxRelay } from '../../services/mail/src/delivery/relay';
import { startTestRedis } from '../../services/mail/src/delivery/testing/processes';
import { silentLogger } from '../../services/mail/src/delivery/testing/silent-logger';
import { eventually, insertQueue, insertQueuedEmails, openMailOrm, statusCounts } from '../../services/mail/src/delivery/testing/seed';
import { startSmtpSink } from '../../infra/src/mail-sink/smtp-sink';
import { cpuMeter } from '../shared/cpu';
import { BENCH_HTML, inParallel } from './fixtures';

const N = Number(process.env.MAIL_BENCH_N ?? 1000);
const WARM_UP = 200;
const BATCH = process.env.MAIL_BENCH_BATCH === '1';
/** Emails committed at once in the default mode: the real path's send requests in flight. */
const IN_FLIGHT = 32;
/** The worker entry; MAIL_BENCH_WORKER_MAIN compares another build (e.g. a copy of an older `dist`). */
const WORKER_MAIN = process.env.MAIL_BENCH_WORKER_MAIN ?? join(__dirname, '..', '..', 'services', 'mail', 'dist', 'delivery', 'worker-main.js');

/** Calls per Redis command so far (INFO commandstats). */
async function commandCalls(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const calls = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1]!, Number(match[2]));
  return calls;
}

/** Transactions committed in a database so far. */
const commits = (database: string) =>
  withAdminClient(async (client) => {
    const { rows } = await client.query<{ n: string }>('select pg_stat_get_db_xact_commit(oid)::text as n from pg_database where datname = $1', [database]);
    return Number(rows[0]!.n);
  });

async function main(): Promise<void> {
  const db = await createTestDatabase('sb_bench_wcost');
  const database = new URL(db.url).pathname.slice(1);
  const redisServer = await startTestRedis();
  const prefix = `sb-wcost-${randomBytes(3).toString('hex')}`;
  const redis = new Redis(redisServer.url);
  const sink = await startSmtpSink({ parse: false });
  const blobDir = await mkdtemp(path.join(tmpdir(), 'sb-wcost-blobs-'));
  const orm = await openMailOrm(db.url, IN_FLIGHT);
  const relay = createOutboxRelay({ orm, connection: redisServer.url, prefix, logger: silentLogger });
  const profileDir = process.env.WORKER_CPU_PROF;
  const worker = spawn(process.execPath, [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...(process.env.MAIL_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), WORKER_MAIN], {
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: db.url, REDIS_URL: redisServer.url, BLOB_DIR: blobDir, SMTP_URL: sink.url, MAIL_QUEUE_PREFIX: prefix, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  worker.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  try {
    const queueId = await insertQueue(orm);
    await eventually(async () => output.includes('"msg":"worker started"'), 'the worker to start', 60_000);
    const email = (i: number) => ({ queueId, subject: `[#4711] Your refund ${i}`, html: BENCH_HTML });
    const send = async (count: number) => {
      const before = sink.accepted.length;
      if (BATCH) await insertQueuedEmails(orm, Array.from({ length: count }, (_, i) => email(i)));
      else {
        await inParallel(Array.from({ length: count }, (_, i) => i), IN_FLIGHT, async (i) => {
          await insertQueuedEmails(orm, [email(i)]);
          relay.kick();
        });
      }
      await sink.waitForAccepted(before + count, 30 * 60_000);
    };
    await send(WARM_UP);
    await eventually(async () => (await statusCounts(orm)).sent === WARM_UP, 'the warm-up to be recorded', 60_000);
    const [meter, calls0, commits0] = [await cpuMeter(orm, [database], { worker: worker.pid! }), await commandCalls(redis), await commits(database)];
    const attached = process.env.MAIL_BENCH_ATTACH
      ? spawn('sh', ['-c', `exec ${process.env.MAIL_BENCH_ATTACH.replaceAll('{pid}', String(worker.pid))}`], { stdio: 'inherit' })
      : undefined;
    const started = performance.now();
    await send(N);
    if (attached) {
      attached.kill('SIGINT');
      await new Promise((resolve) => attached.once('exit', resolve));
    }
    await eventually(async () => (await statusCounts(orm)).sent === WARM_UP + N, 'every email to be recorded', 60_000);
    const secondsTaken = (performance.now() - started) / 1000;
    const [cpu, calls1] = [await meter.stop(), await commandCalls(redis)];
    // PostgreSQL publishes an idle backend's counts within 10 s.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const commits1 = await commits(database);
    const perJob = (value: number) => (value / N).toFixed(2);
    const deltas = [...calls1].map(([name, n]) => [name, n - (calls0.get(name) ?? 0)] as const).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    const redisTotal = deltas.reduce((sum, [, n]) => sum + n, 0);
    process.stdout.write(
      `worker cost, N=${N}, ${BATCH ? 'emails in chunks of 500' : `emails one by one, ${IN_FLIGHT} in flight`}, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}\n` +
        `CPU-s per 1,000 sends: worker ${(((cpu.processes.worker ?? 0) / N) * 1000).toFixed(2)}, ` +
        `PostgreSQL backends ${(((cpu.databases[database] ?? 0) / N) * 1000).toFixed(2)} (with the bench's inserts) (${(N / secondsTaken).toFixed(0)} msgs/s)\n` +
        `Redis commands per job: ${perJob(redisTotal)} (${deltas.map(([name, n]) => `${name} ${perJob(n)}`).join(', ')})\n` +
        `PostgreSQL commits per job (the worker's and the relay's, and the bench's status polls): ${perJob(commits1 - commits0 - (BATCH ? Math.ceil(N / 500) : N))}\n`,
    );
  } finally {
    await relay.stop();
    worker.kill('SIGTERM');
    await exited;
    await sink.close();
    await orm.close();
    redis.disconnect();
    await redisServer.kill();
    await db.drop();
    await rm(blobDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

