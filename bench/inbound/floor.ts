// Inbound mail floor bench (issue 13): `npx tsx bench/inbound/floor.ts` (env INBOUND_FLOOR_N,
// default 10000; INBOUND_FLOOR_ROUNDS, default 3; INBOUND_FLOOR_WARMUP, messages of an uncounted
// first round of every variant, default 500, so none is measured cold).
// Why: the inbound listener's goal is at least 0.5x the messages per second of a raw smtp-server
// (bench/inbound/run.ts). This bench measures, on this machine, the best ratio to raw that any
// design meeting the issue's requirements (durable before the 250, parsed with mailparser,
// idempotent, sanitized) could reach: a floor under the cost, so a ceiling on the ratio. None of
// these variants threads into tickets, rate-limits, looks up recipients or hashes the bytes, so
// each ratio is an upper bound for the real listener.
// How: the messages and the sender of bench/inbound/run.ts (messages.ts; sender.ts, nodemailer's
// pooled transport, 8 connections, in a child process). Each round runs every variant once, in
// this order, seconds apart, so each ratio compares runs under the same load of the machine:
//   A  raw smtp-server draining every message to nowhere (run.ts's raw phase, the dev sink);
//   B  a bare smtp-server answering 250 once the raw bytes are committed to a PostgreSQL table:
//      group commit, one multi-row insert (a named prepared statement per group size) of the
//      messages that arrived while the previous one ran, through the kit's LookupBatcher as
//      services/mail/src/inbound/smtp-listener.ts spools;
//   C  B, each message first parsed with mailparser's simpleParser in the main thread, a few
//      parsed columns inserted beside the bytes, unique Message-ID, `on conflict do nothing`;
//   F  C with mail's real `parseMessage` (parse-message.ts: mailparser, then the sanitizer);
//   E  B answering the 250; a recorder behind it parses (simpleParser, main thread) what was
//      spooled and records it, up to 256 messages per transaction (insert on conflict do
//      nothing, spool rows deleted). Timed until the last message is recorded.
// In a scratch database (dropped at the end); before each database variant its tables are
// truncated, vacuumed and analyzed, then checkpointed (not timed; bench/shared/settle.ts). B, C
// and F are timed by the sender, from the first send to the last 250. Prints per round each
// variant's rate and ratio to A in that round, CPU-seconds per 1,000 messages (this process, the
// servers; the sender; the scratch database's PostgreSQL backends) and statements and commits per
// message (bench/shared/pg-statements.ts); then a table of the medians over the counted rounds,
// saved to bench/results/inbound-floor.txt. Prints, never asserts.
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import { LookupBatcher, openOrm, queryPrepared, transactionPrepared } from '@switchboard/service-kit';
import { createTestDatabase } from '@switchboard/service-kit/testing';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { startSmtpSink } from '../../infra/src/mail-sink/smtp-sink';
import { parseMessage } from '../../services/mail/src/inbound/parse-message';
import { LISTENER_SMTP_OPTIONS } from '../../services/mail/src/inbound/smtp-listener';
import { cpuMeter, type CpuSpent } from '../shared/cpu';
import { median } from '../shared/median';
import { countStatements } from '../shared/pg-statements';
import { settleDatabases } from '../shared/settle';
import { messages } from './messages';
import { CONNECTIONS, startSender } from './sender';

const N = Number(process.env.INBOUND_FLOOR_N ?? 10_000);
const ROUNDS = Number(process.env.INBOUND_FLOOR_ROUNDS ?? 3);
const WARMUP = Number(process.env.INBOUND_FLOOR_WARMUP ?? 500);
const RESULTS = join(__dirname, '..', 'results', 'inbound-floor.txt');
/** Sessions at once, and so the most messages one group commit takes (as run.ts starts the listener). */
const MAX_CLIENTS = CONNECTIONS * 2;
/** Most messages E's recorder records in one transaction (as the spool's recorder). */
const RECORD_BATCH = 256;
/** Connections of the scratch database's pool: the group commit's, the recorder's, the CPU meter's, one spare. */
const POOL_SIZE = 4;

type VariantName = 'A' | 'B' | 'C' | 'F' | 'E';

/** The variants in the order each round runs them, with the one-line design the table shows. */
const VARIANTS: { name: VariantName; design: string }[] = [
  { name: 'A', design: 'raw smtp-server draining to nowhere (run.ts raw phase)' },
  { name: 'B', design: 'smtp-server + raw bytes group-committed before each 250' },
  { name: 'C', design: 'B + simpleParser (main thread), parsed columns, idempotent' },
  { name: 'F', design: 'C with the real parseMessage (mailparser + sanitizer)' },
  { name: 'E', design: 'B; behind the 250 a recorder parses, records per <=256' },
];

/** mailparser's options for C and E: only what their columns need. */
const PARSE_OPTIONS = { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true };

const TABLES = [
  // B and E: the spool, raw bytes only.
  'create table floor_spool (id bigint generated always as identity primary key, raw bytea not null)',
  // C and F: the bytes and a few parsed columns, one row per Message-ID.
  'create table floor_parsed (id bigint generated always as identity primary key, raw bytea not null, message_id text unique, subject text, from_address text, body text)',
  // E: the records, one per Message-ID, naming the spool row they were recorded from.
  'create table floor_record (id bigint generated always as identity primary key, spool_id bigint not null, raw bytea not null, message_id text unique, subject text, from_address text, body text)',
];

const lines: string[] = [];
const print = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

/** One variant's run of one round. */
interface Phase {
  /** Messages per second: until the last 250 (A, B, C, F), until the last is recorded (E). */
  rate: number;
  /** Messages per second until the last 250. */
  answeredRate: number;
  spent: CpuSpent;
  senderSeconds: number;
  statements: number;
  commits: number;
}

/** A variant's server: its port, a wait for whatever it still does behind the 250s, and close. */
interface FloorServer {
  port: number;
  drained(count: number): Promise<void>;
  close(): Promise<void>;
}

/** Reads a stream whole. */
async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Inserts rows of `columns` into `table` in one statement (its own transaction), a prepared
 * statement named `<name>.<row count>` per row count, as the spool's insert is; `suffix` follows
 * the values (`on conflict`, `returning`). Answers the returned rows.
 */
function inserter(orm: MikroORM, name: string, table: string, columns: string[], suffix = '') {
  const texts = new Map<number, string>();
  const textOf = (count: number) => {
    let n = 0;
    const text = `insert into ${table} (${columns.join(', ')}) values ${Array.from({ length: count }, () => `(${columns.map(() => `$${++n}`).join(', ')})`).join(', ')} ${suffix}`;
    texts.set(count, text);
    return text;
  };
  return <Row>(rows: unknown[][]) => queryPrepared<Row>(orm.em, `${name}.${rows.length}`, texts.get(rows.length) ?? textOf(rows.length), rows.flat());
}

/** Group commit (B, C, F): each message's row waits for one multi-row insert of the messages taken meanwhile. */
function groupCommit(insert: (rows: unknown[][]) => Promise<unknown>): (row: unknown[]) => Promise<void> {
  const batcher = new LookupBatcher<unknown[], true>({
    lookup: async (rows) => {
      await insert([...rows]);
      return rows.map(() => true as const);
    },
    maxKeys: MAX_CLIENTS,
    maxInFlight: 1,
  });
  return async (row) => void (await batcher.load(row));
}

/** The few columns C and E keep of a message, parsed with simpleParser. */
async function parsedColumns(raw: Buffer): Promise<unknown[]> {
  const mail = await simpleParser(raw, PARSE_OPTIONS);
  return [mail.messageId ?? null, mail.subject ?? null, mail.from?.text ?? null, mail.text ?? null];
}

/** The same columns from mail's real parse (sanitized HTML as the body). */
async function realParsedColumns(raw: Buffer): Promise<unknown[]> {
  const parsed = await parseMessage(raw);
  return [parsed.messageId, parsed.subject, parsed.from?.address ?? null, parsed.html];
}

/**
 * E's recorder: takes spooled messages behind their 250s and records them in the background,
 * one transaction per up to RECORD_BATCH of them: each parsed in the main thread, then one insert
 * (on conflict do nothing) and the delete of their spool rows. It parses the bytes it was handed
 * rather than reading them back from the spool (an upper bound again).
 */
function startRecorder(orm: MikroORM) {
  const waiting: { id: string; raw: Buffer }[] = [];
  let running: Promise<void> | null = null;
  let recorded = 0;
  const recordBatch = async (batch: { id: string; raw: Buffer }[]) => {
    const values: unknown[] = [];
    for (const { id, raw } of batch) values.push(id, raw, ...(await parsedColumns(raw)));
    let n = 0;
    const rows = batch.map(() => `($${++n}, $${++n}, $${++n}, $${++n}, $${++n}, $${++n})`).join(', ');
    await transactionPrepared(orm.em, async (query) => {
      await query(null, `insert into floor_record (spool_id, raw, message_id, subject, from_address, body) values ${rows} on conflict (message_id) do nothing`, values);
      await query('floor.spool.delete', 'delete from floor_spool where id = any($1::bigint[])', [batch.map((item) => item.id)]);
    });
    recorded += batch.length;
  };
  const run = async () => {
    while (waiting.length > 0) await recordBatch(waiting.splice(0, RECORD_BATCH));
  };
  const wake = () => {
    running ??= run().finally(() => {
      running = null;
    });
  };
  return {
    /** Takes a spooled message; recording starts once its 250 is on its way. */
    take(id: string, raw: Buffer) {
      waiting.push({ id, raw });
      setImmediate(wake);
    },
    /** Resolves once `count` messages were recorded. */
    async drained(count: number) {
      while (recorded < count) {
        wake();
        await (running ?? new Promise((resolve) => setTimeout(resolve, 5)));
      }
    },
  };
}

/**
 * A bare smtp-server (the listener's options, no rate limit, no recipient lookup) that answers
 * 250 once `take` resolved for the message's bytes, 451 when it failed.
 */
async function startFloorServer(take: (raw: Buffer) => Promise<void>, drained: FloorServer['drained'] = async () => undefined): Promise<FloorServer> {
  const server = new SMTPServer({
    name: 'inbound-floor',
    banner: 'inbound floor bench',
    ...LISTENER_SMTP_OPTIONS,
    maxClients: MAX_CLIENTS,
    onData(stream, _session, callback) {
      readAll(stream)
        .then(take)
        .then(
          () => callback(null, 'OK stored'),
          (error: unknown) => {
            console.error(error);
            callback(Object.assign(new Error('Temporary failure'), { responseCode: 451 }));
          },
        );
    },
  });
  server.on('error', (error: Error) => console.error(`inbound floor SMTP error: ${error.message}`));
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  return {
    port: (server.server.address() as AddressInfo).port,
    drained,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The server of a variant. */
async function startVariant(name: VariantName, orm: MikroORM): Promise<FloorServer> {
  if (name === 'A') {
    const sink = await startSmtpSink({ parse: false, record: false });
    return { port: sink.port, drained: async () => undefined, close: () => sink.close() };
  }
  if (name === 'B') {
    const spool = groupCommit(inserter(orm, 'floor.spool', 'floor_spool', ['raw']));
    return startFloorServer((raw) => spool([raw]));
  }
  if (name === 'C' || name === 'F') {
    const record = groupCommit(inserter(orm, 'floor.parsed', 'floor_parsed', ['raw', 'message_id', 'subject', 'from_address', 'body'], 'on conflict (message_id) do nothing'));
    const columns = name === 'C' ? parsedColumns : realParsedColumns;
    return startFloorServer(async (raw) => record([raw, ...(await columns(raw))]));
  }
  const insert = inserter(orm, 'floor.spool.returning', 'floor_spool', ['raw'], 'returning id');
  const spool = new LookupBatcher<Buffer, string>({
    lookup: async (raws) => (await insert<{ id: string }>(raws.map((raw) => [raw]))).map((row) => row.id),
    maxKeys: MAX_CLIENTS,
    maxInFlight: 1,
  });
  const recorder = startRecorder(orm);
  return startFloorServer(
    async (raw) => recorder.take(await spool.load(raw), raw),
    (count) => recorder.drained(count),
  );
}

/** Empties the tables, then vacuums, analyzes and checkpoints the scratch database (not timed). */
async function settle(orm: MikroORM, url: string): Promise<void> {
  await orm.em.getConnection().execute('truncate floor_spool, floor_parsed, floor_record');
  await settleDatabases([url]);
}

/** Opens every connection of the pool, so the CPU meter sees their backends at both ends of a phase. */
async function fillPool(orm: MikroORM): Promise<void> {
  await Promise.all(Array.from({ length: POOL_SIZE }, () => orm.em.getConnection().execute('select pg_sleep(0.01)')));
}

/** The stored rows a variant left: one per message. */
async function storedRows(name: VariantName, orm: MikroORM): Promise<number | null> {
  const table = { A: null, B: 'floor_spool', C: 'floor_parsed', F: 'floor_parsed', E: 'floor_record' }[name];
  if (!table) return null;
  const [row] = await orm.em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from ${table}`);
  return row!.n;
}

/** Runs one variant over the `count` messages the sender holds. */
async function runPhase(name: VariantName, count: number, orm: MikroORM, database: { name: string; url: string }, sender: ReturnType<typeof startSender>): Promise<Phase> {
  if (name !== 'A') await settle(orm, database.url);
  const server = await startVariant(name, orm);
  try {
    await fillPool(orm);
    const meter = await cpuMeter(orm, [database.name]);
    const statements = countStatements();
    const started = performance.now();
    const { rate: answeredRate, cpuSeconds: senderSeconds } = await sender.send(server.port);
    await server.drained(count);
    const seconds = (performance.now() - started) / 1000;
    const spent = await meter.stop();
    const sent = statements.stop()[database.name] ?? { statements: 0, commits: 0 };
    const stored = await storedRows(name, orm);
    if (stored !== null && stored !== count) throw new Error(`variant ${name} stored ${stored} of ${count} messages`);
    return { rate: name === 'E' ? count / seconds : answeredRate, answeredRate, spent, senderSeconds, statements: sent.statements, commits: sent.commits };
  } finally {
    await server.close();
  }
}

/** CPU-seconds per 1,000 messages of a phase: the servers' process, the sender, the PostgreSQL backends, and their sum. */
function cpuPerThousand(phase: Phase, count: number, database: string) {
  const per = (seconds: number) => (seconds * 1000) / count;
  const server = per(phase.spent.self);
  const sender = per(phase.senderSeconds);
  const postgres = per(phase.spent.databases[database] ?? 0);
  return { server, mainThread: per(phase.spent.mainThread), sender, postgres, total: server + sender + postgres };
}

/** One variant's line of a round. */
function phaseLine(name: VariantName, phase: Phase, raw: Phase, count: number, database: string): string {
  const cpu = cpuPerThousand(phase, count, database);
  const parts = [
    `${name} ${phase.rate.toFixed(0).padStart(6)} msgs/s ${`${(phase.rate / raw.rate).toFixed(2)}x`.padStart(6)} A`,
    `CPU-s per 1,000: server ${cpu.server.toFixed(2)} (main thread ${cpu.mainThread.toFixed(2)}), sender ${cpu.sender.toFixed(2)}, PostgreSQL ${cpu.postgres.toFixed(2)}, total ${cpu.total.toFixed(2)}`,
  ];
  if (name !== 'A') parts.push(`per message ${(phase.statements / count).toFixed(2)} statements, ${(phase.commits / count).toFixed(2)} commits`);
  if (name === 'E') parts.push(`250s at ${phase.answeredRate.toFixed(0)} msgs/s`);
  return `  ${parts.join('; ')}`;
}

/** The table of medians over the counted rounds. */
function printTable(rounds: Record<VariantName, Phase>[], database: string): void {
  const cell = (value: string, width: number) => value.padStart(width);
  print(`medians over ${rounds.length} counted round(s); CPU-seconds per 1,000 messages`);
  print(
    `${'variant'.padEnd(8)} ${'design'.padEnd(60)} ${cell('msgs/s', 7)} ${cell('x A', 6)} ${cell('server', 7)} ${cell('sender', 7)} ${cell('PostgreSQL', 10)} ${cell('total', 7)}`,
  );
  for (const { name, design } of VARIANTS) {
    const phases = rounds.map((round) => round[name]);
    const cpu = phases.map((phase) => cpuPerThousand(phase, N, database));
    const of = (pick: (c: ReturnType<typeof cpuPerThousand>) => number, width = 7) => cell(median(cpu.map(pick)).toFixed(2), width);
    const ratio = median(rounds.map((round) => round[name].rate / round.A.rate));
    print(
      `${name.padEnd(8)} ${design.padEnd(60)} ${cell(median(phases.map((p) => p.rate)).toFixed(0), 7)} ${cell(`${ratio.toFixed(2)}x`, 6)} ${of((c) => c.server)} ${of((c) => c.sender)} ${of((c) => c.postgres, 10)} ${of((c) => c.total)}`,
    );
  }
  print('None threads into tickets: each ratio is an upper bound for the real listener (bench/inbound/run.ts; goal >= 0.5x raw).');
}

async function main(): Promise<void> {
  print(`inbound floor bench, ${new Date().toISOString()}, ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}, node ${process.version}`);
  print(`N=${N}, ${ROUNDS} round(s) after a warm-up of ${WARMUP}, variants ${VARIANTS.map((v) => v.name).join(', ')} in that order each round; nodemailer pool of ${CONNECTIONS} connections`);
  const db = await createTestDatabase('sb_bench_floor');
  const database = { name: new URL(db.url).pathname.slice(1), url: db.url };
  const sender = startSender();
  let orm: MikroORM | null = null;
  try {
    orm = await openOrm({ databaseUrl: db.url, schema: 'public', entities: [], migrations: [], poolSize: POOL_SIZE });
    for (const table of TABLES) await orm.em.getConnection().execute(table);
    const counted: Record<VariantName, Phase>[] = [];
    for (let round = WARMUP > 0 ? 0 : 1; round <= ROUNDS; round += 1) {
      const count = round === 0 ? WARMUP : N;
      const phases = {} as Record<VariantName, Phase>;
      for (const { name } of VARIANTS) {
        await sender.load(messages(count));
        phases[name] = await runPhase(name, count, orm, database, sender);
      }
      print(`${round === 0 ? `warm-up round, ${count} messages (not counted)` : `round ${round}`}, load ${loadavg()[0]!.toFixed(1)}:`);
      for (const { name } of VARIANTS) print(phaseLine(name, phases[name], phases.A, count, database.name));
      if (round > 0) counted.push(phases);
    }
    print();
    printTable(counted, database.name);
  } finally {
    sender.stop();
    await orm?.close();
    await db.drop();
  }
  mkdirSync(join(RESULTS, '..'), { recursive: true });
  writeFileSync(RESULTS, `${lines.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
