import type { Caller } from '@switchboard/service-kit';
import type { Client } from 'pg';
import { decodeCursor } from '../../services/tickets/src/search/cursor';
import { buildSearchSql } from '../../services/tickets/src/search/search-sql';
import { runLoad, type LoadResult } from '../shared/load';
import type { BenchServer } from '../shared/servers';
import { median } from '../shared/median';

/** Page 201 of the widget's page size: rows 5,001 to 5,025 of the list. */
export const DEEP_OFFSET = 5000;
const PAGE = 25;

/** One size's database and tickets app. */
interface DeepSized {
  size: number;
  client: Client;
  app: BenchServer;
}

interface DeepOptions {
  sized: DeepSized[];
  headers: Record<string, string>;
  caller: Caller;
  connections: number;
  duration: number;
  rounds: number;
  print: (line?: string) => void;
}


/**
 * The same deep page of the list (decision 0021) asked by offset (`offset=5000`) and by cursor
 * (`cursor` after the 5,000th row, taken from the nextCursor of the page before it), each in turn for
 * `rounds` rounds; prints medians, checks both answer the same rows, and EXPLAINs the cursor
 * page's statement at the largest size.
 */
export async function measureDeepPages(options: DeepOptions): Promise<void> {
  const { sized, headers, print } = options;
  const paths = new Map<number, { offset: string; cursor: string }>();
  for (const { size, app } of sized) {
    const before = (await (await fetch(`${app.url}/tickets?limit=${PAGE}&offset=${DEEP_OFFSET - PAGE}`, { headers })).json()) as { nextCursor: string };
    const byOffset = `/tickets?limit=${PAGE}&offset=${DEEP_OFFSET}`;
    const byCursor = `/tickets?limit=${PAGE}&cursor=${before.nextCursor}`;
    const ids = async (path: string) => JSON.stringify(((await (await fetch(`${app.url}${path}`, { headers })).json()) as { items: Array<{ id: string }> }).items.map((t) => t.id));
    if ((await ids(byOffset)) !== (await ids(byCursor))) throw new Error(`deep page at ${size}: offset and cursor answer different rows`);
    paths.set(size, { offset: byOffset, cursor: byCursor });
  }
  const runs: Record<string, LoadResult[]> = {};
  for (let round = 0; round < options.rounds; round++) {
    for (const { size, app } of sized) {
      for (const kind of ['offset', 'cursor'] as const) {
        const path = paths.get(size)![kind];
        const result = await runLoad({ url: app.url, nextPath: () => path, headers, connections: options.connections, duration: options.duration });
        (runs[`${kind}@${size}`] ??= []).push(result);
      }
    }
  }
  print(`deep page, rows ${DEEP_OFFSET + 1}-${DEEP_OFFSET + PAGE} of the list (page ${DEEP_OFFSET / PAGE + 1}), by offset and by cursor (medians of ${options.rounds} rounds):`);
  print(`${'by'.padEnd(8)} ${'tickets'.padStart(9)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'failed'.padStart(6)}`);
  for (const { size } of sized) {
    for (const kind of ['offset', 'cursor'] as const) {
      const results = runs[`${kind}@${size}`]!;
      const of = (key: keyof LoadResult) => median(results.map((r) => r[key]));
      print(
        `${kind.padEnd(8)} ${size.toLocaleString('en').padStart(9)} ${of('reqPerSec').toFixed(0).padStart(7)} ${of('p50').toFixed(1).padStart(8)} ${of('p99').toFixed(1).padStart(8)} ${String(of('non2xx') + of('errors')).padStart(6)}`,
      );
    }
  }
  print();
  const { size, client } = sized[sized.length - 1]!;
  const cursor = decodeCursor(new URLSearchParams(paths.get(size)!.cursor.split('?')[1]).get('cursor')!);
  for (const [kind, statement] of [
    ['offset', buildSearchSql({ limit: PAGE, offset: DEEP_OFFSET }, options.caller).page],
    ['cursor', buildSearchSql({ limit: PAGE }, options.caller, cursor).page],
  ] as const) {
    let n = 0;
    const text = statement.sql.replace(/\?/g, () => `$${++n}`);
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${text}`, statement.params);
    print(`--- EXPLAIN (ANALYZE, BUFFERS) deep page by ${kind} at ${size.toLocaleString('en')}`);
    for (const r of rows) print(r['QUERY PLAN']);
    print();
  }
}
