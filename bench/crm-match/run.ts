// CRM match bench: `npx tsx bench/crm-match/run.ts` (env BENCH_DURATION seconds, default 10;
// BENCH_SIZES, default 10000,1000000). Creates a throwaway database on the local PostgreSQL,
// serves the real CRM app in a child process, fills the contacts with generate_series (1.5
// addresses and one number per contact), and loads three requests with autocannon: match by
// email, match by phone, and a name search typed without diacritics, each warmed up first. A
// bare Fastify hello-world, and a bare Fastify route running the match-by-email statement on
// plain `pg` (the ceiling of a match on this database), are measured before each size in the same run. Prints the numbers and
// EXPLAIN, saves them to bench/results/crm-match.txt, and drops the database. Never asserts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, createTestKeys } from '@switchboard/service-kit/testing';
import { Client } from 'pg';
import { runLoad, type LoadResult } from '../shared/load';
import { BENCH_TEAM, bulkInsertContacts, nameParts } from './bulk-seed';
import { startServer } from '../shared/servers';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 50;
const SIZES = (process.env.BENCH_SIZES ?? '10000,1000000').split(',').map(Number);
const RESULTS = join(__dirname, '..', 'results', 'crm-match.txt');
const BENCH_USER = '00000000-0000-4000-8000-00000000be11';

const lines: string[] = [];
const print = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

const randomContact = (size: number) => 1 + Math.floor(Math.random() * size);
const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;

/** Addresses the load asks for: a sample of the stored ones, primary and shared office ones alike. */
async function sampleAddresses(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ address_key: string }>(
    'select address_key from crm.contact_email order by random() limit 5000',
  );
  return rows.map((r) => r.address_key);
}

/** The request kinds of one size. */
function scenarios(size: number, addresses: string[]): Record<string, () => string> {
  return {
    'match email': () => `/contacts/match?email=${encodeURIComponent(pick(addresses))}`,
    'match phone': () => `/contacts/match?phone=%2B420${600_000_000 + randomContact(size)}`,
    'name search': () => {
      const { first, last } = nameParts(randomContact(size));
      return `/contacts?q=${encodeURIComponent(`${fold(first)} ${fold(last)}`)}`;
    },
  };
}

const ms = (value: number) => value.toFixed(1).padStart(8);

function row(name: string, size: string, result: LoadResult, hello: LoadResult | undefined): string {
  const ratio = hello ? `${((result.reqPerSec / hello.reqPerSec) * 100).toFixed(1)}%` : '-';
  return `${name.padEnd(14)} ${size.padStart(9)} ${result.reqPerSec.toFixed(0).padStart(9)} ${ms(result.p50)} ${ms(result.p99)} ${ratio.padStart(9)} ${String(result.non2xx + result.errors).padStart(8)}`;
}

/** The statements the repository runs for each request kind (contacts.repository.ts, search-page.ts), on one sample. */
async function explain(client: Client, size: number, addresses: string[]): Promise<void> {
  const columns = 'c.id, c.name, c.title, c.emails, c.phones, c.company_id, c.company_name, c.sort_name';
  const { first, last } = nameParts(randomContact(size));
  const cases: [string, string, unknown[]][] = [
    ['match email', `select ${columns} from crm.contact c where c.id in (select k.contact_id from crm.contact_email k where k.address_key = $1) order by c.sort_name, c.id limit 100`, [addresses[0]]],
    ['match phone', `select ${columns} from crm.contact c where c.id in (select k.contact_id from crm.contact_phone k where k.number = $1) order by c.sort_name, c.id limit 100`, [`+420${600_000_001}`]],
    [
      `name search "${fold(first)} ${fold(last)}", its first step (the name begins with the query)`,
      `select ${columns} from crm.contact c where c.sort_name like crm.fold($1) || '%' order by c.sort_name, c.id limit 26`,
      [`${fold(first)} ${fold(last)}`],
    ],
  ];
  for (const [title, sql, params] of cases) {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, params);
    print(`--- EXPLAIN (ANALYZE, BUFFERS) ${title} at ${size.toLocaleString('en')} contacts`);
    for (const r of rows) print(r['QUERY PLAN']);
    print();
  }
}

/** This bench's server process: its app, or the hello-world baseline. */
const SERVE = join(__dirname, 'serve.ts');

async function main(): Promise<void> {
  const started = Date.now();
  print(`CRM match bench, ${new Date().toISOString()}, ${cpus().length} cores, node ${process.version}`);
  print(`autocannon: ${CONNECTIONS} connections, ${DURATION} s per run; server and load in separate processes`);
  const db = await createTestDatabase('sb_bench_crm');
  const client = new Client({ connectionString: db.url });
  const keys = await createTestKeys();
  const servers: { stop(): Promise<void> }[] = [];
  try {
    await client.connect();
    print(`PostgreSQL: ${(await client.query<{ v: string }>('select version() as v')).rows[0]!.v}`);
    const token = await keys.sign({ aud: 'crm', sub: BENCH_USER, teams: [BENCH_TEAM] }, { expiresIn: '2h' });
    const headers = { authorization: `Bearer ${token}` };

    const hello = await startServer(SERVE, 'hello');
    servers.push(hello);
    // The app migrates the empty database on start; the rows are added under it.
    const crm = await startServer(SERVE, 'crm', { BENCH_DATABASE_URL: db.url, BENCH_JWKS: JSON.stringify(keys.jwks) });
    servers.push(crm);
    const bare = await startServer(SERVE, 'bare-match', { BENCH_DATABASE_URL: db.url });
    servers.push(bare);
    const results: string[] = [];
    const p99s: Record<string, number[]> = {};
    let seeded = 0;
    for (const size of SIZES) {
      const seedStart = Date.now();
      await bulkInsertContacts(client, seeded + 1, size);
      seeded = size;
      const [{ addresses: stored }] = (await client.query<{ addresses: number }>('select count(*)::int as addresses from crm.contact_email')).rows;
      print(`seeded ${size.toLocaleString('en')} contacts, ${stored.toLocaleString('en')} addresses in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
      const addresses = await sampleAddresses(client);
      if (seeded === SIZES[0]) {
        // Unrecorded: the first seconds of a fresh process run cold code (JIT, schema compilation).
        for (const nextPath of Object.values(scenarios(size, addresses))) {
          await runLoad({ url: crm.url, nextPath, headers, connections: CONNECTIONS, duration: 3 });
        }
        await runLoad({ url: hello.url, nextPath: () => '/', connections: CONNECTIONS, duration: 3 });
        await runLoad({ url: bare.url, nextPath: scenarios(size, addresses)['match email']!, connections: CONNECTIONS, duration: 3 });
      }
      const helloResult = await runLoad({ url: hello.url, nextPath: () => '/', connections: CONNECTIONS, duration: DURATION });
      results.push(row('hello-world', size.toLocaleString('en'), helloResult, undefined));
      print(`  ${results[results.length - 1]}`);
      const bareResult = await runLoad({ url: bare.url, nextPath: scenarios(size, addresses)['match email']!, connections: CONNECTIONS, duration: DURATION });
      results.push(row('bare pg match', size.toLocaleString('en'), bareResult, helloResult));
      print(`  ${results[results.length - 1]}`);
      for (const [name, nextPath] of Object.entries(scenarios(size, addresses))) {
        const result = await runLoad({ url: crm.url, nextPath, headers, connections: CONNECTIONS, duration: DURATION });
        results.push(row(name, size.toLocaleString('en'), result, helloResult));
        (p99s[name] ??= []).push(result.p99);
        print(`  ${results[results.length - 1]}`);
      }
      if (size === SIZES[SIZES.length - 1]) await explain(client, size, addresses);
    }
    print();
    print(`${'scenario'.padEnd(14)} ${'contacts'.padStart(9)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'vs hello'.padStart(9)} ${'failed'.padStart(8)}`);
    for (const line of results) print(line);
    print();
    for (const [name, [small, large]] of Object.entries(p99s)) {
      if (small !== undefined && large !== undefined) print(`${name}: p99 at ${SIZES[SIZES.length - 1]!.toLocaleString('en')} is ${(large / small).toFixed(2)}x p99 at ${SIZES[0]!.toLocaleString('en')}`);
    }
    print(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    for (const server of servers) await server.stop();
    await client.end();
    await db.drop();
    mkdirSync(join(RESULTS, '..'), { recursive: true });
    writeFileSync(RESULTS, `${lines.join('\n')}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
