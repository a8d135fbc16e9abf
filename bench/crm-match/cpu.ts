// CPU cost of a match: `npx tsx bench/crm-match/cpu.ts` (env BENCH_SIZE, default 10000;
// BENCH_REQUESTS per run, default 10000; BENCH_ROUNDS, default 3). Serves the CRM app and the
// floor (serve.ts) on the bench's kept database of that size and sends each the same number of
// match requests by address and by number (50 connections), and the bare hello-world as many
// requests, one server at a time; reads the CPU
// time the server process and the database's backends spent (/proc/<pid>/stat), and for the app
// the statements it ran (its `crm_match_statement_keys` metric). CPU per request depends far less
// on what else the machine runs than req/s does, so it compares designs on a shared machine.
// BENCH_PROFILE_DIR=<dir> also writes the app's V8 CPU profile there. Prints medians; never asserts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestKeys } from '@switchboard/service-kit/testing';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { startServer, type BenchServer } from '../shared/servers';
import { BENCH_TEAM } from './bulk-seed';
import { seededDatabase } from './seeded-database';
import { median } from '../shared/median';

const SIZE = Number(process.env.BENCH_SIZE ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 50;
const SERVE = join(__dirname, 'serve.ts');
const TICKS_PER_SECOND = 100;
/** BENCH_PROFILE_DIR: the app writes a V8 CPU profile there when it stops. */
const profiled = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];

/** CPU seconds (user + system) a process has used. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU seconds of the database's backends now, by pid (a backend gone since reads as absent). */
async function backendSeconds(client: Client, database: string): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
  const seconds = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      seconds.set(pid, cpuSeconds(pid));
    } catch {
      // ended between the listing and the read
    }
  }
  return seconds;
}

/** The app's match statements and keys so far (zero for the floor, which has no metric). */
async function statements(url: string): Promise<{ count: number; keys: number }> {
  const text = await (await fetch(`${url}/metrics`)).text().catch(() => '');
  const of = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { count: of('crm_match_statement_keys_count'), keys: of('crm_match_statement_keys_sum') };
}

const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const db = await seededDatabase(SIZE);
  const database = new URL(db.url).pathname.slice(1);
  const client = new Client({ connectionString: db.url });
  await client.connect();
  const addresses = (await client.query<{ address_key: string }>('select address_key from crm.contact_email order by random() limit 5000')).rows.map((r) => r.address_key);
  const keys = await createTestKeys();
  const headers = { authorization: `Bearer ${await keys.sign({ aud: 'crm', sub: '00000000-0000-4000-8000-00000000be11', teams: [BENCH_TEAM] }, { expiresIn: '1h' })}` };
  const servers: Record<string, BenchServer> = {
    hello: await startServer(SERVE, 'hello'),
    app: await startServer(SERVE, 'crm', { BENCH_DATABASE_URL: db.url, BENCH_JWKS: JSON.stringify(keys.jwks) }, profiled),
    floor: await startServer(SERVE, 'floor', { BENCH_DATABASE_URL: db.url }),
  };
  const matches = {
    email: () => `/contacts/match?email=${encodeURIComponent(addresses[Math.floor(Math.random() * addresses.length)]!)}`,
    phone: () => `/contacts/match?phone=%2B420${600_000_001 + Math.floor(Math.random() * SIZE)}`,
  };
  const pathsOf = (name: string): Record<string, () => string> => (name === 'hello' ? { world: () => '/' } : matches);
  const results: Record<string, { server: number; database: number; reqPerSec: number; keysPerStatement: number }[]> = {};
  try {
    const run = async (server: BenchServer, nextPath: () => string, amount: number) =>
      autocannon({ url: server.url, connections: CONNECTIONS, amount, headers, requests: [{ method: 'GET', setupRequest: (r) => ({ ...r, path: nextPath() }) }] });
    for (const [name, server] of Object.entries(servers)) for (const path of Object.values(pathsOf(name))) await run(server, path, 2000); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, server] of Object.entries(servers)) {
        for (const [kind, path] of Object.entries(pathsOf(name))) {
          const [serverBefore, backendsBefore, statementsBefore] = [cpuSeconds(server.pid), await backendSeconds(client, database), await statements(server.url)];
          const result = await run(server, path, REQUESTS);
          const [serverAfter, backendsAfter, statementsAfter] = [cpuSeconds(server.pid), await backendSeconds(client, database), await statements(server.url)];
          let databaseSeconds = 0;
          for (const [pid, seconds] of backendsAfter) databaseSeconds += seconds - (backendsBefore.get(pid) ?? 0);
          const ok = result.requests.total - result.non2xx;
          const per10k = (seconds: number) => (seconds * 1000 * 10_000) / ok;
          const count = statementsAfter.count - statementsBefore.count;
          (results[`${name} ${kind}`] ??= []).push({
            server: per10k(serverAfter - serverBefore),
            database: per10k(databaseSeconds),
            reqPerSec: result.requests.average,
            keysPerStatement: count ? (statementsAfter.keys - statementsBefore.keys) / count : 1,
          });
        }
      }
    }
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    print(`CPU per 10k match requests at ${SIZE.toLocaleString('en')} contacts, ${ROUNDS} rounds of ${REQUESTS} requests, ${CONNECTIONS} connections, medians (load ${load})`);
    print(`${'server request'.padEnd(14)} ${'server ms'.padStart(10)} ${'database ms'.padStart(12)} ${'total ms'.padStart(9)} ${'keys/stmt'.padStart(10)} ${'req/s'.padStart(7)}`);
    for (const [key, series] of Object.entries(results)) {
      const of = (value: (r: (typeof series)[number]) => number) => median(series.map(value));
      print(
        `${key.padEnd(14)} ${of((r) => r.server).toFixed(0).padStart(10)} ${of((r) => r.database).toFixed(0).padStart(12)} ${of((r) => r.server + r.database).toFixed(0).padStart(9)} ${of((r) => r.keysPerStatement).toFixed(1).padStart(10)} ${of((r) => r.reqPerSec).toFixed(0).padStart(7)}`,
      );
    }
  } finally {
    for (const server of Object.values(servers)) await server.stop();
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
