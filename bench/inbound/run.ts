// Inbound mail bench (issue 13): `npx tsx bench/inbound/run.ts` (env INBOUND_BENCH_N, default
// 10000; INBOUND_BENCH_ROUNDS, default 1; INBOUND_BENCH_WARMUP, messages of an uncounted first
// round of both, default 500, so neither side is measured cold). On the local PostgreSQL, with the real tickets service (its own database, over HTTP):
//   1. raw smtp-server draining every message to nowhere (the ceiling of the SMTP layer);
//   2. mail's inbound SMTP listener: each message spooled before its 250 (its raw bytes in the
//      spool row when at most 256 KiB, as all of these are), then parsed (in the parse
//      workers) and recorded in batches by the spool's recorder (the bytes copied into the
//      record, no blob file), and filed into its
//      ticket in batches (one mail transaction and one tickets call each): the first half start
//      conversations (a new ticket each), the second half reply to them by References. Timed
//      until the last message is filed.
// Before each listener phase, mail's and tickets' databases are vacuumed and analyzed, then checkpointed (not timed; bench/shared/settle.ts),
// as autovacuum keeps them in production: this machine's PostgreSQL runs without it.
// The same sender for both: nodemailer's pooled transport, 8 connections, in a child process
// (sender.ts), so the client's CPU competes with neither server's main thread. Each round also prints
// CPU-seconds per 1,000 messages of this process (SMTP servers, mail with its parse workers, tickets; its main thread apart), of the sender and of
// the PostgreSQL backends of mail's and tickets' databases: evidence that other load on the
// machine does not move; and the statements (round trips) and commits per message each database got
// from this process (bench/shared/pg-statements.ts). Prints a table and saves it to bench/results/inbound.txt. Prints, never asserts.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startSmtpSink } from '../../infra/src/mail-sink/smtp-sink';
import { inboundDepsOf } from '../../services/mail/src/inbound/receive';
import { startInboundSmtp } from '../../services/mail/src/inbound/smtp-listener';
import { createMailTestContext } from '../../services/mail/src/testing/mail-test-context';
import { cpuMeter, type CpuSpent } from '../shared/cpu';
import { countStatements, type StatementCount } from '../shared/pg-statements';
import { settleDatabases } from '../shared/settle';
import { messages } from './messages';
import { CONNECTIONS, QUEUE_ADDRESS, startSender } from './sender';

const N = Number(process.env.INBOUND_BENCH_N ?? 10_000);
const ROUNDS = Number(process.env.INBOUND_BENCH_ROUNDS ?? 1);
const WARMUP = Number(process.env.INBOUND_BENCH_WARMUP ?? 500);
/** A folder to write a V8 CPU profile of each counted round's listener phase to (main thread); open it in Chrome DevTools or any .cpuprofile viewer. */
const PROFILE_DIR = process.env.INBOUND_BENCH_PROFILE_DIR;
const RESULTS = join(__dirname, '..', 'results', 'inbound.txt');

const lines: string[] = [];
const print = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

/** CPU-seconds per 1,000 messages, as `self 1.23 s, mail db 0.45 s, ...`. */
function perThousand(spent: CpuSpent, senderSeconds: number, count: number, names: Record<string, string>): string {
  const per = (seconds: number) => `${((seconds * 1000) / count).toFixed(2)} s`;
  return [`this process ${per(spent.self)} (main thread ${per(spent.mainThread)})`, `sender ${per(senderSeconds)}`, ...Object.entries(spent.databases).map(([db, seconds]) => `${names[db]} ${per(seconds)}`)].join(', ');
}

/** Statements (round trips) and commits per message, as `mail PostgreSQL 0.52 statements, 0.31 commits, ...`. */
function perMessage(sent: Record<string, StatementCount>, count: number, names: Record<string, string>): string {
  return Object.entries(names)
    .map(([db, name]) => `${name} ${((sent[db]?.statements ?? 0) / count).toFixed(2)} statements, ${((sent[db]?.commits ?? 0) / count).toFixed(2)} commits`)
    .join('; ');
}

/** Profiles this process's main thread until `stop`, which writes the profile to `file` and answers its path. */
async function startProfile(): Promise<{ stop(file: string): Promise<string> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      mkdirSync(PROFILE_DIR!, { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}

async function main(): Promise<void> {
  print(`inbound mail bench, ${new Date().toISOString()}, ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}, node ${process.version}`);
  print(`N=${N}, ${ROUNDS} round(s), nodemailer pool of ${CONNECTIONS} connections; the first half new conversations, the second half replies by References`);
  // The recorder waits as server.ts's does (INBOUND_SPOOL_DELAY_MS), so a burst is recorded in large batches.
  const ctx = await createMailTestContext({ inboundSpool: { sweepMs: 0, delayMs: 250 } });
  const ratios: number[] = [];
  const sender = startSender();
  try {
    await ctx.addQueue({ id: randomUUID(), name: 'Bench', fromAddress: QUEUE_ADDRESS });
    const { app } = ctx;
    const listener = await startInboundSmtp(inboundDepsOf(app), { port: 0, messagesPerMinute: 1_000_000, maxClients: CONNECTIONS * 2 });
    const mailDb = new URL(ctx.databaseUrl).pathname.slice(1);
    const ticketsDb = new URL(ctx.ticketsDatabaseUrl).pathname.slice(1);
    const names = { [mailDb]: 'mail PostgreSQL', [ticketsDb]: 'tickets PostgreSQL' };
    const meter = () => cpuMeter(app.orm, [mailDb, ticketsDb]);
    // Round 0 warms both sides up and is not counted. Rounds alternate the baseline and the
    // listener, so each ratio compares runs seconds apart on a machine whose load moves.
    for (let round = WARMUP > 0 ? 0 : 1; round <= ROUNDS; round += 1) {
      const count = round === 0 ? WARMUP : N;
      await sender.load(messages(count));
      const sink = await startSmtpSink({ parse: false, record: false });
      const rawCpu = await meter();
      const { rate: rawRate, cpuSeconds: rawSenderCpu } = await sender.send(sink.port);
      const rawSpent = await rawCpu.stop();
      await sink.close();

      await settleDatabases([ctx.databaseUrl, ctx.ticketsDatabaseUrl]);
      const profiling = round > 0 && PROFILE_DIR ? await startProfile() : null;
      const listenerCpu = await meter();
      const statements = countStatements();
      const started = performance.now();
      const { rate: acceptedRate, cpuSeconds: listenerSenderCpu } = await sender.send(listener.port);
      // Every message is spooled once answered; the spool's recorder and the filer record and file them in batches behind the answers.
      await app.inboundSpool.processNow();
      await app.inboundFiler.fileNow();
      const storedRate = count / ((performance.now() - started) / 1000);
      const listenerSpent = await listenerCpu.stop();
      const sent = statements.stop();
      if (profiling) print(`  CPU profile of the listener phase: ${await profiling.stop(join(PROFILE_DIR!, `inbound-round-${round}.cpuprofile`))}`);
      if (round === 0) {
        print(`warm-up round, ${count} messages, load ${loadavg()[0]!.toFixed(1)}: raw ${rawRate.toFixed(0)} msgs/s, recorded and threaded ${storedRate.toFixed(0)} msgs/s (not counted)`);
        continue;
      }
      ratios.push(storedRate / rawRate);
      print(`round ${round}, load ${loadavg()[0]!.toFixed(1)}: raw smtp-server to nowhere ${rawRate.toFixed(0)} msgs/s`);
      print(`  inbound listener, answered 250 (spooled): ${acceptedRate.toFixed(0)} msgs/s (${(acceptedRate / rawRate).toFixed(2)}x raw)`);
      print(`  inbound listener, recorded and threaded: ${storedRate.toFixed(0)} msgs/s (${(storedRate / rawRate).toFixed(2)}x raw; goal >= 0.5x)`);
      print(`  CPU per 1,000 messages, raw: ${perThousand(rawSpent, rawSenderCpu, count, names)}`);
      print(`  CPU per 1,000 messages, listener to threaded: ${perThousand(listenerSpent, listenerSenderCpu, count, names)}`);
      print(`  per message, listener to threaded: ${perMessage(sent, count, names)}`);
    }
    await listener.close();
    const [counts] = await app.orm.em.fork().execute<{ emails: string; tickets: string; threaded: string }[]>(
      `select count(*) as emails, count(distinct ticket_id) as tickets, count(*) filter (where ticket_id is not null) as threaded
        from mail.email where direction = 'inbound'`,
    );
    const sorted = [...ratios].sort((a, b) => a - b);
    print(`median ratio, recorded and threaded: ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)}x raw (goal >= 0.5x)`);
    print(`stored ${counts!.emails} emails, ${counts!.threaded} threaded into ${counts!.tickets} tickets`);
  } finally {
    sender.stop();
    await ctx.close();
  }
  mkdirSync(join(__dirname, '..', 'results'), { recursive: true });
  writeFileSync(RESULTS, `${lines.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
