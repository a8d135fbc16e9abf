// Knowledge-base search bench: `npx tsx bench/kb-search/run.ts` (env BENCH_DURATION seconds,
// default 10; BENCH_SIZES, default 1000,100000). Creates a throwaway database on the local
// PostgreSQL, serves the real KB app in a child process, fills the articles with
// generate_series (Czech and English, a quarter for the agent's team only), and loads three
// requests with autocannon, each warmed up first: a search as typed (two words without
// diacritics, the second cut short), a search with a typo (the trigram fallback), and the
// suggestions for a demo email. A bare Fastify hello-world is measured before each size in the
// same run. Prints the numbers and EXPLAIN, saves them to bench/results/kb-search.txt, and drops
// the database. Never asserts; issue 11's goal is p99 at 100k within 1.5x p99 at 1k.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { DEMO_TOPICS } from '@switchboard/contracts';
import { createTestDatabase, createTestKeys } from '@switchboard/service-kit/testing';
import { Client } from 'pg';
import { runLoad, type LoadResult } from '../shared/load';
import { startServer } from '../shared/servers';
import { BENCH_TEAM, bulkInsertArticles, VOCABULARY } from './bulk-seed';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 50;
const SIZES = (process.env.BENCH_SIZES ?? '1000,100000').split(',').map(Number);
const RESULTS = join(__dirname, '..', 'results', 'kb-search.txt');
const BENCH_USER = '00000000-0000-4000-8000-00000000be14';
const SERVE = join(__dirname, 'serve.ts');

const lines: string[] = [];
const print = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
const language = () => pick(['cs', 'en'] as const);

/** A word with two neighbouring letters swapped. */
function typo(word: string): string {
  const at = 1 + Math.floor(Math.random() * (word.length - 2));
  return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
}

/** The request kinds. */
const SCENARIOS: Record<string, () => string> = {
  search: () => {
    const words = VOCABULARY[language()];
    const second = fold(pick(words));
    return `/articles/search?q=${encodeURIComponent(`${fold(pick(words))} ${second.slice(0, Math.max(3, second.length - 2))}`)}`;
  },
  'search typo': () => `/articles/search?q=${encodeURIComponent(typo(fold(pick(VOCABULARY[language()].filter((w) => w.length >= 6)))))}`,
  suggest: () => {
    const topic = pick(DEMO_TOPICS);
    return `/articles/suggest?subject=${encodeURIComponent(topic.subject)}&text=${encodeURIComponent(topic.paragraphs.join('\n'))}`;
  },
};

const ms = (value: number) => value.toFixed(1).padStart(8);

function row(name: string, size: string, result: LoadResult, hello: LoadResult | undefined): string {
  const ratio = hello ? `${((result.reqPerSec / hello.reqPerSec) * 100).toFixed(1)}%` : '-';
  return `${name.padEnd(12)} ${size.padStart(9)} ${result.reqPerSec.toFixed(0).padStart(9)} ${ms(result.p50)} ${ms(result.p99)} ${ratio.padStart(9)} ${String(result.non2xx + result.errors).padStart(8)}`;
}

/** The search statement's plan for one typed query over the titles, as the repository runs it first (search.repository.ts). */
async function explain(client: Client, size: number): Promise<void> {
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(
    `explain (analyze, buffers)
     select a.id, ts_rank(a.search, q.query) as rank from kb.article a, to_tsquery('kb.folded', $1) as q(query)
     where a.title_search @@ q.query and (a.visibility = 'everyone' or a.team_ids && $2::uuid[]) and a.status = 'published'
     order by rank desc, a.updated_at desc, a.id limit 10`,
    ['reklamace:* & zbo:*', `{${BENCH_TEAM}}`],
  );
  print(`--- EXPLAIN (ANALYZE, BUFFERS) search "reklamace zbo" at ${size.toLocaleString('en')} articles`);
  for (const r of rows) print(r['QUERY PLAN']);
  print();
}

async function main(): Promise<void> {
  const started = Date.now();
  print(`KB search bench, ${new Date().toISOString()}, ${cpus().length} cores, node ${process.version}`);
  print(`autocannon: ${CONNECTIONS} connections, ${DURATION} s per run; server and load in separate processes`);
  const db = await createTestDatabase('sb_bench_kb');
  const client = new Client({ connectionString: db.url });
  const keys = await createTestKeys();
  const servers: { stop(): Promise<void> }[] = [];
  try {
    await client.connect();
    print(`PostgreSQL: ${(await client.query<{ v: string }>('select version() as v')).rows[0]!.v}`);
    const token = await keys.sign({ aud: 'kb', sub: BENCH_USER, teams: [BENCH_TEAM] }, { expiresIn: '2h' });
    const headers = { authorization: `Bearer ${token}` };
    const hello = await startServer(SERVE, 'hello');
    servers.push(hello);
    // The app migrates the empty database on start; the rows are added under it.
    const kb = await startServer(SERVE, 'kb', { BENCH_DATABASE_URL: db.url, BENCH_JWKS: JSON.stringify(keys.jwks) });
    servers.push(kb);
    const results: string[] = [];
    const p99s: Record<string, number[]> = {};
    let seeded = 0;
    for (const size of SIZES) {
      const seedStart = Date.now();
      await bulkInsertArticles(client, seeded + 1, size);
      seeded = size;
      print(`seeded ${size.toLocaleString('en')} articles in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
      if (size === SIZES[0]) {
        // Unrecorded: the first seconds of a fresh process run cold code (JIT, schema compilation).
        for (const nextPath of Object.values(SCENARIOS)) await runLoad({ url: kb.url, nextPath, headers, connections: CONNECTIONS, duration: 3 });
        await runLoad({ url: hello.url, nextPath: () => '/', connections: CONNECTIONS, duration: 3 });
      }
      const helloResult = await runLoad({ url: hello.url, nextPath: () => '/', connections: CONNECTIONS, duration: DURATION });
      results.push(row('hello-world', size.toLocaleString('en'), helloResult, undefined));
      print(`  ${results[results.length - 1]}`);
      for (const [name, nextPath] of Object.entries(SCENARIOS)) {
        const result = await runLoad({ url: kb.url, nextPath, headers, connections: CONNECTIONS, duration: DURATION });
        results.push(row(name, size.toLocaleString('en'), result, helloResult));
        (p99s[name] ??= []).push(result.p99);
        print(`  ${results[results.length - 1]}`);
      }
      if (size === SIZES[SIZES.length - 1]) await explain(client, size);
    }
    print();
    print(`${'scenario'.padEnd(12)} ${'articles'.padStart(9)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'vs hello'.padStart(9)} ${'failed'.padStart(8)}`);
    for (const line of results) print(line);
    print();
    for (const [name, [small, large]] of Object.entries(p99s)) {
      if (small !== undefined && large !== undefined) {
        print(`${name}: p99 at ${SIZES[SIZES.length - 1]!.toLocaleString('en')} is ${(large / small).toFixed(2)}x p99 at ${SIZES[0]!.toLocaleString('en')} (goal 1.5x)`);
      }
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
