// Knowledge-base search bench: `npx tsx bench/kb-search/run.ts` (env BENCH_DURATION seconds per
// run, default 10; BENCH_SIZES, default 1000,100000; BENCH_ROUNDS, default 3). Creates a
// throwaway database per size on the local PostgreSQL, serves the real KB app on each in a child
// process, fills the articles with generate_series (Czech and English, a quarter for the agent's
// team only), and loads three requests with autocannon, each warmed up first: a search as typed
// (two words without diacritics, the second cut short), a search with a typo (the trigram
// fallback), and the suggestions for a demo email. The sizes take turns, scenario by scenario,
// for several rounds, with a bare Fastify hello-world in each round: on a machine shared with
// other work the load changes from minute to minute, and sizes measured minutes apart would
// compare the load rather than the sizes. Each figure is the median of its rounds. Prints the
// numbers and EXPLAIN, saves them to bench/results/kb-search.txt, and drops the databases.
// Never asserts; issue 11's goal is p99 at 100k within 1.5x p99 at 1k.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { DEMO_TOPICS } from '@switchboard/contracts';
import { createTestDatabase, createTestKeys } from '@switchboard/service-kit/testing';
import { Client } from 'pg';
import { runLoad, type LoadResult } from '../shared/load';
import { startServer } from '../shared/servers';
import { BENCH_TEAM, bulkInsertArticles, VOCABULARY } from './bulk-seed';
import { median } from '../shared/median';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 50;
const SIZES = (process.env.BENCH_SIZES ?? '1000,100000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
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

const VISIBLE = `(a.visibility = 'everyone' or a.team_ids && $2::uuid[]) and a.status = 'published'`;

/** The title candidates' statements at the largest size, as the repository runs them first (search.repository.ts). */
const EXPLAINED = [
  {
    label: 'search "reklamace zbo" (title index)',
    statement: `select c.id, ts_rank(c.search, c.query) as rank from (
       select a.id, a.search, a.updated_at, q.query from kb.article a, to_tsquery('kb.folded', $1) as q(query)
       where a.title_search @@ q.query and ${VISIBLE} limit 50
     ) c order by rank desc, c.updated_at desc, c.id limit 10`,
    params: ['(reklamace) & (zbo | zbozi)', `{${BENCH_TEAM}}`],
  },
  {
    label: 'typo "rpeair" corrected to "repair" (title words)',
    statement: `select c.id, ts_rank(c.search, c.query) as rank from (
       select distinct on (m.id) m.* from (
         select a.id, a.search, a.updated_at, q.query from kb.title_word w join kb.article a on a.id = w.article_id, to_tsquery('kb.folded', $1) as q(query)
         where w.word = any($3::text[]) and ${VISIBLE} limit 50
       ) m order by m.id
     ) c order by rank desc, c.updated_at desc, c.id limit 10`,
    params: ['(repair)', `{${BENCH_TEAM}}`, '{repair}'],
  },
  {
    label: 'suggest "Order not delivered yet": order, delivery, parcel (title pairs)',
    statement: `select c.id from (
       select distinct on (u.id) u.* from (
         select a.id, a.search from unnest($1::text[], $3::text[]) x(first, second), kb.title_pair p join kb.article a on a.id = p.article_id
         where p.first = least(x.first, x.second) collate "C" and p.second = greatest(x.first, x.second) collate "C" and ${VISIBLE} limit 50
       ) u order by u.id
     ) c`,
    params: ['{order,order,delivery}', `{${BENCH_TEAM}}`, '{delivery,parcel,parcel}'],
  },
];

async function explain(client: Client, size: number): Promise<void> {
  for (const { label, statement, params } of EXPLAINED) {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${statement}`, params);
    print(`--- EXPLAIN (ANALYZE, BUFFERS) ${label} at ${size.toLocaleString('en')} articles`);
    for (const r of rows) print(r['QUERY PLAN']);
    print();
  }
}


/** The median of each figure over the rounds. */
function medianResult(results: LoadResult[]): LoadResult {
  const of = (key: keyof LoadResult) => median(results.map((r) => r[key]));
  return { reqPerSec: of('reqPerSec'), p50: of('p50'), p99: of('p99'), non2xx: of('non2xx'), errors: of('errors') };
}

/** One size: its database, filled, and the KB app serving it. */
interface Sized {
  size: number;
  url: string;
  client: Client;
}

async function main(): Promise<void> {
  const started = Date.now();
  print(`KB search bench, ${new Date().toISOString()}, ${cpus().length} cores, node ${process.version}`);
  print(`autocannon: ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} rounds; server and load in separate processes`);
  const keys = await createTestKeys();
  const servers: { stop(): Promise<void> }[] = [];
  const clients: Client[] = [];
  const databases: { drop(): Promise<void> }[] = [];
  try {
    const token = await keys.sign({ aud: 'kb', sub: BENCH_USER, teams: [BENCH_TEAM] }, { expiresIn: '2h' });
    const headers = { authorization: `Bearer ${token}` };
    const hello = await startServer(SERVE, 'hello');
    servers.push(hello);
    const sized: Sized[] = [];
    for (const size of SIZES) {
      const db = await createTestDatabase('sb_bench_kb');
      databases.push(db);
      const client = new Client({ connectionString: db.url });
      await client.connect();
      clients.push(client);
      if (sized.length === 0) print(`PostgreSQL: ${(await client.query<{ v: string }>('select version() as v')).rows[0]!.v}`);
      // The app migrates the empty database on start; the rows are added under it.
      const kb = await startServer(SERVE, 'kb', { BENCH_DATABASE_URL: db.url, BENCH_JWKS: JSON.stringify(keys.jwks) });
      servers.push(kb);
      const seedStart = Date.now();
      await bulkInsertArticles(client, 1, size);
      print(`seeded ${size.toLocaleString('en')} articles in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
      // Unrecorded: the first seconds of a fresh process run cold code (JIT, schema compilation) and read cold pages.
      for (const nextPath of Object.values(SCENARIOS)) await runLoad({ url: kb.url, nextPath, headers, connections: CONNECTIONS, duration: 3 });
      sized.push({ size, url: kb.url, client });
    }
    await runLoad({ url: hello.url, nextPath: () => '/', connections: CONNECTIONS, duration: 3 });

    const runs: Record<string, LoadResult[]> = {};
    const record = (key: string, result: LoadResult) => (runs[key] ??= []).push(result);
    for (let round = 1; round <= ROUNDS; round++) {
      record('hello', await runLoad({ url: hello.url, nextPath: () => '/', connections: CONNECTIONS, duration: DURATION }));
      const perRound: string[] = [];
      for (const [name, nextPath] of Object.entries(SCENARIOS)) {
        for (const { size, url } of sized) {
          const result = await runLoad({ url, nextPath, headers, connections: CONNECTIONS, duration: DURATION });
          record(`${name}@${size}`, result);
          perRound.push(`${name} ${size.toLocaleString('en')} p99 ${result.p99} ms`);
        }
      }
      print(`round ${round}: hello ${runs.hello!.at(-1)!.reqPerSec.toFixed(0)} req/s; ${perRound.join('; ')}`);
    }
    const largest = sized[sized.length - 1]!;
    await explain(largest.client, largest.size);

    const helloResult = medianResult(runs.hello!);
    print(`${'scenario'.padEnd(12)} ${'articles'.padStart(9)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'vs hello'.padStart(9)} ${'failed'.padStart(8)}`);
    print(row('hello-world', '-', helloResult, undefined));
    const p99s: Record<string, number[]> = {};
    for (const name of Object.keys(SCENARIOS)) {
      for (const { size } of sized) {
        const result = medianResult(runs[`${name}@${size}`]!);
        (p99s[name] ??= []).push(result.p99);
        print(row(name, size.toLocaleString('en'), result, helloResult));
      }
    }
    print();
    for (const [name, values] of Object.entries(p99s)) {
      const [small, large] = [values[0], values[values.length - 1]];
      if (small !== undefined && large !== undefined && values.length > 1) {
        print(`${name}: p99 at ${SIZES[SIZES.length - 1]!.toLocaleString('en')} is ${(large / small).toFixed(2)}x p99 at ${SIZES[0]!.toLocaleString('en')} (goal 1.5x)`);
      }
    }
    print(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    for (const server of servers) await server.stop();
    for (const client of clients) await client.end();
    for (const db of databases) await db.drop();
    mkdirSync(join(RESULTS, '..'), { recursive: true });
    writeFileSync(RESULTS, `${lines.join('\n')}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
