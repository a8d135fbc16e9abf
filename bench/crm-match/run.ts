// CRM match bench: `npx tsx bench/crm-match/run.ts` (env BENCH_DURATION seconds per run, default
// 10; BENCH_SIZES, default 10000,1000000; BENCH_ROUNDS, default 3; BENCH_FRESH=1 to seed anew).
// Keeps a database per size on the local PostgreSQL, filled once with generate_series (1.5
// addresses and one number per contact; seeded-database.ts: a million contacts take minutes to
// seed, and the bench only reads), serves the real CRM app on each in a child process, and loads three
// requests with autocannon: match by email, match by phone, and a name search typed without
// diacritics. Beside each size runs the floor: a bare Fastify app running the same statements on
// plain `pg` (no auth, hooks, validation or mapping), what any route running this SQL reaches on
// this machine. A warm-up round of every server and request is not counted. Then, for several
// rounds and request by request, a bare Fastify hello-world, the app at each size and the floor
// at each size take turns, all with the same connections: on a machine shared with other work
// the load changes from minute to minute, so each figure is compared with the hello-world
// measured just before it, and each is the median of its rounds. Prints the numbers, issue 9's
// two goals (p99 at the largest size within 1.5x p99 at the smallest; a match at least 30% of
// hello-world) with whether they are met, and EXPLAIN; saves them to bench/results/crm-match.txt.
// Never asserts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createTestKeys } from '@switchboard/service-kit/testing';
import { Client } from 'pg';
import { runLoad, type LoadResult } from '../shared/load';
import { MATCH_SQL } from '../../services/crm/src/contacts/contact-match';
import { BENCH_TEAM, nameParts } from './bulk-seed';
import { seededDatabase } from './seeded-database';
import { startServer } from '../shared/servers';
import { median } from '../shared/median';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 50;
const SIZES = (process.env.BENCH_SIZES ?? '10000,1000000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RESULTS = join(__dirname, '..', 'results', 'crm-match.txt');
const BENCH_USER = '00000000-0000-4000-8000-00000000be11';
const SERVE = join(__dirname, 'serve.ts');
/** Issue 9's goals. */
const P99_GOAL = 1.5;
const MATCH_GOAL = 0.3;

const lines: string[] = [];
const print = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const ms = (value: number) => value.toFixed(1).padStart(8);

/** Addresses the load asks for: a sample of the stored ones, primary and shared office ones alike. */
async function sampleAddresses(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ address_key: string }>('select address_key from crm.contact_email order by random() limit 5000');
  return rows.map((r) => r.address_key);
}

const SCENARIOS = ['match email', 'match phone', 'name search'] as const;
type Scenario = (typeof SCENARIOS)[number];

/** The request paths of one size. */
function scenarios(size: number, addresses: string[]): Record<Scenario, () => string> {
  const randomContact = () => 1 + Math.floor(Math.random() * size);
  return {
    'match email': () => `/contacts/match?email=${encodeURIComponent(pick(addresses))}`,
    'match phone': () => `/contacts/match?phone=%2B420${600_000_000 + randomContact()}`,
    'name search': () => {
      const { first, last } = nameParts(randomContact());
      return `/contacts?q=${encodeURIComponent(`${fold(first)} ${fold(last)}`)}`;
    },
  };
}

/** The statements the repository runs for each request kind (contact-match.ts, search-page.ts), on samples. */
async function explain(client: Client, size: number, addresses: string[]): Promise<void> {
  const columns = 'c.id, c.name, c.title, c.emails, c.phones, c.company_id, c.company_name, c.sort_name';
  const { first, last } = nameParts(1 + Math.floor(Math.random() * size));
  const phones = Array.from({ length: 16 }, (_, i) => `+420${600_000_001 + i * 7}`);
  const cases: [string, string, unknown[]][] = [
    ['match email, one key', MATCH_SQL, [JSON.stringify(['email']), JSON.stringify([addresses[0]])]],
    ['match phone, one key', MATCH_SQL, [JSON.stringify(['phone']), JSON.stringify([phones[0]])]],
    [
      'match, 32 keys (16 addresses, 16 numbers) coalesced',
      MATCH_SQL,
      [JSON.stringify([...Array<string>(16).fill('email'), ...Array<string>(16).fill('phone')]), JSON.stringify([...addresses.slice(0, 16), ...phones])],
    ],
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

/** One size: its database, filled, with the CRM app and the floor serving it. */
interface Sized {
  size: number;
  client: Client;
  crm: string;
  floor: string;
  paths: Record<Scenario, () => string>;
  addresses: string[];
}

/** One measured run and the ratio of its req/s to the hello-world run just before it. */
interface Measured {
  result: LoadResult;
  vsHello: number;
}

async function main(): Promise<void> {
  const started = Date.now();
  print(`CRM match bench, ${new Date().toISOString()}, ${cpus().length} cores, node ${process.version}, load ${loadavg()}`);
  print(`autocannon: ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} rounds after a warm-up round; server and load in separate processes`);
  const keys = await createTestKeys();
  const token = await keys.sign({ aud: 'crm', sub: BENCH_USER, teams: [BENCH_TEAM] }, { expiresIn: '4h' });
  const headers = { authorization: `Bearer ${token}` };
  const servers: { stop(): Promise<void> }[] = [];
  const clients: Client[] = [];
  try {
    const hello = await startServer(SERVE, 'hello');
    servers.push(hello);
    const sized: Sized[] = [];
    for (const size of SIZES) {
      const seedStart = Date.now();
      const db = await seededDatabase(size);
      const client = new Client({ connectionString: db.url });
      await client.connect();
      clients.push(client);
      if (sized.length === 0) print(`PostgreSQL: ${(await client.query<{ v: string }>('select version() as v')).rows[0]!.v}`);
      const [{ addresses: stored }] = (await client.query<{ addresses: number }>('select count(*)::int as addresses from crm.contact_email')).rows;
      const contacts = `${size.toLocaleString('en')} contacts, ${stored.toLocaleString('en')} addresses`;
      print(db.seededNow ? `seeded ${contacts} in ${((Date.now() - seedStart) / 1000).toFixed(1)} s (load ${loadavg()})` : `${contacts}: kept from an earlier run of the same seed (the app applies newer migrations on start)`);
      const crm = await startServer(SERVE, 'crm', { BENCH_DATABASE_URL: db.url, BENCH_JWKS: JSON.stringify(keys.jwks) });
      servers.push(crm);
      const floor = await startServer(SERVE, 'floor', { BENCH_DATABASE_URL: db.url });
      servers.push(floor);
      const addresses = await sampleAddresses(client);
      sized.push({ size, client, crm: crm.url, floor: floor.url, paths: scenarios(size, addresses), addresses });
    }

    const runs: Record<string, Measured[]> = {};
    const load = (url: string, nextPath: () => string, duration = DURATION) => runLoad({ url, nextPath, headers, connections: CONNECTIONS, duration });
    // Unrecorded: the first seconds of a fresh process run cold code (JIT, schema compilation) and read cold pages.
    await load(hello.url, () => '/', 3);
    for (const scenario of SCENARIOS) {
      for (const { crm, floor, paths } of sized) {
        await load(crm, paths[scenario], 3);
        await load(floor, paths[scenario], 3);
      }
    }
    for (let round = 1; round <= ROUNDS; round++) {
      const perRound: string[] = [];
      for (const scenario of SCENARIOS) {
        const helloResult = await load(hello.url, () => '/');
        (runs.hello ??= []).push({ result: helloResult, vsHello: 1 });
        for (const kind of ['crm', 'floor'] as const) {
          for (const one of sized) {
            const result = await load(one[kind], one.paths[scenario]);
            (runs[`${kind}:${scenario}@${one.size}`] ??= []).push({ result, vsHello: result.reqPerSec / helloResult.reqPerSec });
          }
        }
        perRound.push(`${scenario} vs hello ${helloResult.reqPerSec.toFixed(0)} req/s: ${sized.map((s) => `${s.size.toLocaleString('en')} ${percent(runs[`crm:${scenario}@${s.size}`]!.at(-1)!.vsHello)}`).join(', ')}`);
      }
      print(`round ${round} (load ${loadavg()}): ${perRound.join('; ')}`);
    }
    const largest = sized[sized.length - 1]!;
    print();
    await explain(largest.client, largest.size, largest.addresses);

    /** Median figures of a series of runs. */
    const summary = (key: string) => {
      const series = runs[key]!;
      const of = (value: (m: Measured) => number) => median(series.map(value));
      return {
        reqPerSec: of((m) => m.result.reqPerSec),
        p50: of((m) => m.result.p50),
        p99: of((m) => m.result.p99),
        failed: of((m) => m.result.non2xx + m.result.errors),
        vsHello: of((m) => m.vsHello),
      };
    };
    const helloSummary = summary('hello');
    print(`medians of ${ROUNDS} rounds; "vs hello" is the median of each run's req/s over the hello-world run just before it`);
    print(`${'scenario'.padEnd(12)} ${'contacts'.padStart(9)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'vs hello'.padStart(9)} ${'failed'.padStart(6)} | ${'floor req/s'.padStart(11)} ${'p99 ms'.padStart(8)} ${'vs hello'.padStart(9)} | ${'app/floor'.padStart(9)}`);
    print(`${'hello-world'.padEnd(12)} ${'-'.padStart(9)} ${helloSummary.reqPerSec.toFixed(0).padStart(7)} ${ms(helloSummary.p50)} ${ms(helloSummary.p99)}`);
    const goals: string[] = [];
    for (const scenario of SCENARIOS) {
      for (const { size } of sized) {
        const app = summary(`crm:${scenario}@${size}`);
        const floor = summary(`floor:${scenario}@${size}`);
        print(
          `${scenario.padEnd(12)} ${size.toLocaleString('en').padStart(9)} ${app.reqPerSec.toFixed(0).padStart(7)} ${ms(app.p50)} ${ms(app.p99)} ${percent(app.vsHello).padStart(9)} ${String(app.failed).padStart(6)} | ${floor.reqPerSec.toFixed(0).padStart(11)} ${ms(floor.p99)} ${percent(floor.vsHello).padStart(9)} | ${percent(app.reqPerSec / floor.reqPerSec).padStart(9)}`,
        );
      }
      const [small, large] = [summary(`crm:${scenario}@${SIZES[0]}`), summary(`crm:${scenario}@${SIZES[SIZES.length - 1]}`)];
      if (SIZES.length > 1) {
        const growth = large.p99 / small.p99;
        goals.push(`${scenario}: p99 at ${SIZES[SIZES.length - 1]!.toLocaleString('en')} is ${growth.toFixed(2)}x p99 at ${SIZES[0]!.toLocaleString('en')} (goal <= ${P99_GOAL}x): ${growth <= P99_GOAL ? 'met' : 'MISSED'}`);
      }
      if (scenario.startsWith('match')) {
        const floor = summary(`floor:${scenario}@${SIZES[SIZES.length - 1]}`);
        goals.push(
          `${scenario} at ${SIZES[SIZES.length - 1]!.toLocaleString('en')}: ${percent(large.vsHello)} of hello-world (goal >= ${percent(MATCH_GOAL)}): ${large.vsHello >= MATCH_GOAL ? 'met' : 'MISSED'}; the floor (same SQL on bare Fastify + pg) reaches ${percent(floor.vsHello)}`,
        );
      }
    }
    print();
    for (const goal of goals) print(goal);
    print(`total ${((Date.now() - started) / 1000).toFixed(0)} s, load ${loadavg()}`);
  } finally {
    for (const server of servers) await server.stop();
    for (const client of clients) await client.end();
    mkdirSync(join(RESULTS, '..'), { recursive: true });
    writeFileSync(RESULTS, `${lines.join('\n')}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
