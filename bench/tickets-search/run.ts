// Tickets search benchmark: `npx tsx bench/tickets-search/run.ts` (env BENCH_DURATION seconds,
// default 10; BENCH_SIZES, default 10000,1000000). Creates a throwaway database on the local
// PostgreSQL, fills it with generate_series, serves the real tickets app in a child process,
// loads it with autocannon next to a bare Fastify hello-world and a kit app with one authenticated
// route (with the verified-token cache and without it), prints the numbers and EXPLAIN,
// saves them to bench/results/tickets-search.txt, and drops the database. Prints, never asserts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { verifyAccessToken } from '@switchboard/service-kit';
import { createTestDatabase, createTestKeys, type TestKeys } from '@switchboard/service-kit/testing';
import { Client } from 'pg';
import { DEFAULT_TOKEN_CACHE_SIZE, cachedVerification } from '../../services/kit/src/token-cache';
import { buildSearchSql } from '../../services/tickets/src/search/search-sql';
import { BENCH_USER, bulkInsertTickets, SEARCH_WORDS } from './bulk-seed';
import { runLoad, type LoadResult } from '../shared/load';
import { startServer } from '../shared/servers';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 50;
const SIZES = (process.env.BENCH_SIZES ?? '10000,1000000').split(',').map(Number);
const RESULTS = join(__dirname, '..', 'results', 'tickets-search.txt');

const lines: string[] = [];
const print = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;

/** The request kinds the load mixes: word prefixes, ticket numbers, and the mine+favourites filter. */
function scenarios(size: number): Record<string, () => string> {
  const word = () => `/tickets?q=${encodeURIComponent(pick(SEARCH_WORDS))}`;
  const number = () => {
    const n = 1001 + Math.floor(Math.random() * size);
    return Math.random() < 0.5 ? `/tickets?q=%23${n}` : `/tickets?q=${n}`;
  };
  const mineFavourites = () => '/tickets?mine=true&favourites=true';
  return { mix: () => pick([word, number, mineFavourites])(), word, number, 'mine+favourites': mineFavourites };
}

const ms = (value: number) => value.toFixed(1).padStart(8);

function row(name: string, size: string, result: LoadResult, hello: LoadResult | undefined): string {
  const ratio = hello ? `${((result.reqPerSec / hello.reqPerSec) * 100).toFixed(1)}%` : '-';
  return `${name.padEnd(18)} ${size.padStart(9)} ${result.reqPerSec.toFixed(0).padStart(9)} ${ms(result.p50)} ${ms(result.p99)} ${ratio.padStart(9)} ${String(result.non2xx + result.errors).padStart(8)}`;
}

/** The repository's own statements, with `?` turned into `$n` for node-postgres. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** When the repository runs each statement of a search. */
const WHEN = {
  recent: 'word searches: first, among the 5,000 newest tickets, walking only to the page and one row more',
  page: 'the page over the index, counting its matches; after a recent window only when it held no full page',
  count: 'only when the page is full and no other step told the total',
} as const;

/** The queue of two thirds of the bulk-seeded tickets (bulk-seed.ts). */
const BENCH_QUEUE = '00000000-0000-4000-8000-000000000201';

async function explain(client: Client): Promise<void> {
  const cases = [
    { title: 'common word prefix q=refu', query: { q: 'refu' } },
    { title: 'two words, 0.5% of tickets, q=laptop dam', query: { q: 'laptop dam' } },
    { title: 'rare prefix q=5432 (number or word)', query: { q: '5432' } },
    { title: 'ticket number q=#54321', query: { q: '#54321' } },
    { title: 'mine+favourites', query: { mine: true, favourites: true } },
  ];
  for (const c of cases) {
    const statements = buildSearchSql({ limit: 25, offset: 0, ...c.query }, { sub: BENCH_USER, userId: BENCH_USER, queues: [BENCH_QUEUE], teams: [], isAdmin: false, isService: false });
    for (const part of ['recent', 'page', 'count'] as const) {
      const statement = statements[part];
      if (!statement) continue;
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, buffers) ${numbered(statement.sql)}`,
        statement.params,
      );
      print(`--- EXPLAIN (ANALYZE, BUFFERS) ${c.title}: ${part} statement (${WHEN[part]})`);
      for (const r of rows) print(r['QUERY PLAN']);
      print();
    }
  }
}

/** CPU time of one token check in this process, best of three rounds: full verification, and a hit of the kit's cache. */
async function tokenCheckCost(keys: TestKeys): Promise<void> {
  const token = await keys.sign({ aud: 'tickets' }, { expiresIn: '1h' });
  const verify = (t: string, getKey: TestKeys['getKey']) => verifyAccessToken(t, { audience: 'tickets', getKey });
  const cached = cachedVerification(verify, { getKey: keys.getKey, maxEntries: DEFAULT_TOKEN_CACHE_SIZE });
  const checks = 5000;
  const micros = async (check: () => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < checks; i++) await check();
    return Number(process.hrtime.bigint() - start) / checks / 1000;
  };
  const best = { verified: Infinity, cached: Infinity };
  for (let round = 0; round < 3; round++) {
    best.verified = Math.min(best.verified, await micros(() => verify(token, keys.getKey)));
    best.cached = Math.min(best.cached, await micros(() => cached(token)));
  }
  print(`token check: verified ${best.verified.toFixed(1)} µs, cached ${best.cached.toFixed(1)} µs (${(best.verified / best.cached).toFixed(1)}x)`);
}

/** This bench's server process: its app, or the hello-world baseline. */
const SERVE = join(__dirname, 'serve.ts');

async function main(): Promise<void> {
  const started = Date.now();
  print(`tickets search bench, ${new Date().toISOString()}, ${cpus().length} cores (load average ${loadavg()[0]!.toFixed(1)}), node ${process.version}`);
  print(`autocannon: ${CONNECTIONS} connections, ${DURATION} s per run; server and load in separate processes`);
  const db = await createTestDatabase('sb_bench');
  const client = new Client({ connectionString: db.url });
  const keys = await createTestKeys();
  const servers: { stop(): Promise<void> }[] = [];
  try {
    await client.connect();
    print(`PostgreSQL: ${(await client.query<{ v: string }>('select version() as v')).rows[0]!.v}`);
    await tokenCheckCost(keys);
    // An agent of the queue holding two thirds of the tickets (bulk-seed.ts), as the search filters by visibility.
    const headers = { authorization: `Bearer ${await keys.sign({ aud: 'tickets', sub: BENCH_USER, queues: [BENCH_QUEUE] }, { expiresIn: '1h' })}` };

    const hello = await startServer(SERVE, 'hello');
    servers.push(hello);
    const helloResult = await runLoad({ url: hello.url, nextPath: () => '/', connections: CONNECTIONS, duration: DURATION });
    await hello.stop();
    const results: string[] = [row('hello-world', '-', helloResult, undefined)];
    // The kit's cost per request: one route behind the token check, with the verified-token cache and without it.
    for (const [mode, label] of [['token-verified', 'kit, verify each'], ['token-cached', 'kit, token cache']] as const) {
      const kit = await startServer(SERVE, mode, { BENCH_JWKS: JSON.stringify(keys.jwks) });
      servers.push(kit);
      results.push(row(label, '-', await runLoad({ url: kit.url, nextPath: () => '/', headers, connections: CONNECTIONS, duration: DURATION }), helloResult));
      print(`  ${results[results.length - 1]}`);
      await kit.stop();
    }

    // The app migrates the empty database on start; the rows are added under it.
    const tickets = await startServer(SERVE, 'tickets', { BENCH_DATABASE_URL: db.url, BENCH_JWKS: JSON.stringify(keys.jwks) });
    servers.push(tickets);
    let seeded = 0;
    for (const size of SIZES) {
      const seedStart = Date.now();
      await bulkInsertTickets(client, seeded + 1, size);
      seeded = size;
      print(`seeded ${size.toLocaleString('en')} tickets in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
      for (const [name, nextPath] of Object.entries(scenarios(size))) {
        const result = await runLoad({ url: tickets.url, nextPath, headers, connections: CONNECTIONS, duration: DURATION });
        results.push(row(name, size.toLocaleString('en'), result, helloResult));
        print(`  ${results[results.length - 1]}`);
      }
    }
    print();
    print(`${'scenario'.padEnd(18)} ${'tickets'.padStart(9)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'vs hello'.padStart(9)} ${'failed'.padStart(8)}`);
    for (const line of results) print(line);
    print();
    await explain(client);
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
