// Whether the search's prepared statements keep a generic plan, and what planning each run costs:
// `npx tsx bench/tickets-search/plans.ts` (env BENCH_SIZES, default 10000,1000000; BENCH_RUNS,
// default 300). On the bench's kept databases (seeded-database.ts; seeds them when missing), one
// connection per query class runs the class's searches as the service does (runSearch: named
// prepared statements, those with words unnamed), taking turns with a second connection where
// `plan_cache_mode = force_custom_plan` plans every run anew; prints the mean time of a search on
// each (after 10 unrecorded) and, from pg_prepared_statements, how often each named statement was
// planned generically or for its parameters. One client at a time: planning and execution, no load.
import type { TicketSearchQuery } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import { Client } from 'pg';
import { runSearch } from '../../services/tickets/src/search/run-search';
import { BENCH_QUEUE, BENCH_USER } from './bulk-seed';
import { CLASSES } from './query-classes';
import { seededDatabase } from './seeded-database';

const SIZES = (process.env.BENCH_SIZES ?? '10000,1000000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const caller: Caller = { sub: BENCH_USER, userId: BENCH_USER, queues: [BENCH_QUEUE], teams: [], isAdmin: false, isService: false };

/** The query a bench request path asks, as the route's validation hands it over. */
function queryOf(path: string): TicketSearchQuery {
  const params = new URLSearchParams(path.split('?')[1] ?? '');
  return {
    ...(params.has('q') ? { q: params.get('q')! } : {}),
    ...(params.get('mine') === 'true' ? { mine: true } : {}),
    ...(params.get('favourites') === 'true' ? { favourites: true } : {}),
  };
}

/**
 * Runs RUNS searches of one class on each client, taking turns so that a change of the machine's
 * load meets both alike; answers the mean milliseconds per search of each.
 */
async function timed(clients: Client[], next: () => string): Promise<number[]> {
  const searches = clients.map((client) => (q: TicketSearchQuery) => runSearch(async (name, text, values) => (await client.query({ name, text, values })).rows, caller, q));
  const nanos = clients.map(() => 0n);
  for (let i = 0; i < RUNS + 10; i++) {
    const q = queryOf(next());
    for (const [n, search] of searches.entries()) {
      const start = process.hrtime.bigint();
      await search(q);
      if (i >= 10) nanos[n]! += process.hrtime.bigint() - start;
    }
  }
  return nanos.map((ns) => Number(ns) / RUNS / 1e6);
}

async function main(): Promise<void> {
  for (const size of SIZES) {
    const { url } = await seededDatabase(size);
    process.stdout.write(`${size.toLocaleString('en')} tickets, ${RUNS} searches per class on one connection\n`);
    for (const c of CLASSES) {
      const reused = new Client({ connectionString: url });
      const custom = new Client({ connectionString: url });
      await reused.connect();
      await custom.connect();
      try {
        await custom.query('set plan_cache_mode = force_custom_plan');
        const next = c.nextPath(size);
        const [reusedMs, customMs] = (await timed([reused, custom], next)) as [number, number];
        const { rows } = await reused.query<{ name: string; generic_plans: string; custom_plans: string }>(
          `select name, generic_plans, custom_plans from pg_prepared_statements where name like 'tickets.search.%' order by name`,
        );
        const plans = rows.map((r) => `${r.name.slice(-6)} generic ${r.generic_plans} custom ${r.custom_plans}`).join('; ');
        process.stdout.write(`  ${c.name.padEnd(16)} ${reusedMs.toFixed(3)} ms per search (every run planned: ${customMs.toFixed(3)} ms); ${plans}\n`);
      } finally {
        await reused.end();
        await custom.end();
      }
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
