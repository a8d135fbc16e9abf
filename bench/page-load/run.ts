// Page-load bench: `npx tsx bench/page-load/run.ts` (env PAGE_LOAD_RUNS, default 9). Needs
// `npm run build`. Builds the monolithic shell (monolith/webpack.config.js: the same shell
// sources and widgets, no Module Federation), starts one platform for it and one for the normal
// federated build (each on its own fresh database, free ports), publishes order-lookup to both,
// then in headless Chromium measures, interleaving the builds, per run and page, a cold load
// (new browser context) and a warm one (second load in that context):
//   - the home page (baseline: no widgets) until its first email link shows;
//   - the email detail page with the agent's layout email + tickets, then + order-lookup
//     (untrusted: a sandboxed iframe that loads the widget's published remote entry in both
//     builds), until the shell's `sb:widgets-ready` mark;
// and the JS they fetched (body bytes as served, by origin). Also counts Lit copies per document.
// Prints a table, saves it to bench/results/page-load.txt. Fails only when a widget does not
// mount, Lit is not loaded once or a warm load asks the server again for a published widget
// script (immutable); otherwise prints, never asserts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_EMAIL_ID, sandboxFrame } from '../../e2e/support/email-page';
import { REPO_ROOT } from '../../infra/src/paths';
import {
  launchHeadless,
  litCopies,
  loadColdAndWarm,
  SANDBOX_BRIDGE_PATH,
  servedBytes,
  type ColdAndWarm,
  type LitCopies,
  type PageLoad,
  type Readiness,
} from './measure';
import { buildMonolith, checkBuilt, FIRST_PARTY_WIDGETS, shownWidgets, startBenchPlatform, type BenchPlatform, type Build, type LayoutName } from './platforms';
import { median } from '../shared/median';
import { bytesFrom, downloadedTwice, kib, pairedRatio, ratio, signed, summarise, type Summary } from './summary';

const RUNS = Number(process.env.PAGE_LOAD_RUNS ?? 9);
const RESULTS = join(__dirname, '..', 'results', 'page-load.txt');
const BUILDS: Build[] = ['federated', 'monolith'];

/** A page the bench loads. */
interface PageSpec {
  label: string;
  path: string;
  layout?: LayoutName;
  readiness: Readiness;
}

const emailPage = (layout: LayoutName, label: string): PageSpec => ({
  label,
  path: `/emails/${DEMO_EMAIL_ID}`,
  layout,
  readiness: { kind: 'widgets', widgets: shownWidgets(layout) },
});

const PAGES: PageSpec[] = [
  { label: 'home (baseline)', path: '/', readiness: { kind: 'home' } },
  emailPage('email+tickets', 'email: email+tickets'),
  emailPage('+order-lookup', 'email: +order-lookup'),
  emailPage('first-party', 'email: all 1st-party'),
];
const [, BASE, WITH_ORDERS, ALL] = PAGES as [PageSpec, PageSpec, PageSpec, PageSpec];

const lines: string[] = [];
const print = (line = '') => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};
const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Lit copies in the shell's document and in order-lookup's sandboxed iframe. */
interface LitReport {
  page: LitCopies;
  sandbox: LitCopies;
}

async function inspectLit(page: Page): Promise<LitReport> {
  return { page: await litCopies(page), sandbox: await litCopies(await sandboxFrame(page, 'Order lookup')) };
}

async function measure(browser: Browser, platform: BenchPlatform, spec: PageSpec, inspect?: (page: Page) => Promise<void>): Promise<ColdAndWarm> {
  if (spec.layout) await platform.useLayout(spec.layout);
  return loadColdAndWarm(browser, platform.shellUrl, spec.path, spec.readiness, inspect);
}

const key = (spec: PageSpec, build: Build) => `${spec.label}|${build}`;

/** The sandboxed example: its iframe has an opaque origin, so a cache partition of its own that no reload keeps. */
const SANDBOXED_ASSETS = '/registry/assets/order-lookup/';

/**
 * URLs of the scripts of published in-page widget builds (widget origin, `/registry/assets/`)
 * that warm loads fetched or revalidated instead of taking them from the cache.
 */
function warmRevalidations(loads: PageLoad[], widgetOrigin: string): string[] {
  return loads.flatMap((load) =>
    load.scripts
      .filter((script) => {
        const url = new URL(script.url);
        return script.network && url.origin === widgetOrigin && url.pathname.startsWith('/registry/assets/') && !url.pathname.startsWith(SANDBOXED_ASSETS);
      })
      .map((script) => script.url),
  );
}

function printTable(summaries: Map<string, Summary>): void {
  const header = `${'page'.padEnd(22)} ${'build'.padEnd(10)} ${'cache'.padEnd(5)} ${'ready ms'.padStart(8)} ${'min-max'.padStart(11)} ${'JS req'.padStart(6)} ${'net'.padStart(4)} ${'shell KiB'.padStart(9)} ${'widget KiB'.padStart(10)} ${'JS KiB'.padStart(7)}`;
  print(header);
  for (const spec of PAGES) {
    for (const cache of ['cold', 'warm'] as const) {
      for (const build of BUILDS) {
        const s = summaries.get(`${key(spec, build)}|${cache}`)!;
        print(
          `${spec.label.padEnd(22)} ${build.padEnd(10)} ${cache.padEnd(5)} ${s.ms.toFixed(0).padStart(8)} ${`${s.minMs.toFixed(0)}-${s.maxMs.toFixed(0)}`.padStart(11)} ${String(s.requests).padStart(6)} ${String(s.network).padStart(4)} ${kib(s.shellBytes).padStart(9)} ${kib(s.widgetBytes).padStart(10)} ${kib(s.totalBytes).padStart(7)}`,
        );
      }
    }
  }
}

async function main(): Promise<void> {
  checkBuilt();
  const started = Date.now();
  print(`page-load bench, ${new Date().toISOString()}, ${cpus().length} cores, load average ${loadAverage()} at start, ${RUNS} runs`);
  const monolithDir = buildMonolith();
  print(`monolith built from shell/src into ${monolithDir.slice(REPO_ROOT.length + 1)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const platforms: BenchPlatform[] = [];
  let browser: Browser | undefined;
  try {
    platforms.push(await startBenchPlatform('federated', join(REPO_ROOT, 'shell', 'dist')));
    platforms.push(await startBenchPlatform('monolith', monolithDir));
    browser = await launchHeadless();
    print(`Chromium ${browser.version()} headless; JS bytes = encoded bodies as served (br), cold = new browser context`);

    // One untimed round: services and database warm up.
    for (const spec of PAGES) for (const platform of platforms) await measure(browser, platform, spec);

    const samples = new Map<string, ColdAndWarm[]>();
    const lit = new Map<Build, LitReport>();
    for (let run = 0; run < RUNS; run++) {
      // Alternate which build goes first, so drifting machine load hits both alike.
      const order = run % 2 === 0 ? platforms : [...platforms].reverse();
      for (const spec of PAGES) {
        for (const platform of order) {
          const inspect =
            spec === WITH_ORDERS && !lit.has(platform.build) ? async (page: Page) => void lit.set(platform.build, await inspectLit(page)) : undefined;
          const result = await measure(browser, platform, spec, inspect);
          samples.set(key(spec, platform.build), [...(samples.get(key(spec, platform.build)) ?? []), result]);
        }
      }
      process.stderr.write(`run ${run + 1}/${RUNS} done, load average ${loadAverage()}\n`);
    }

    const summaries = new Map<string, Summary>();
    const loadsOf = (spec: PageSpec, build: Build, cache: 'cold' | 'warm'): PageLoad[] => samples.get(key(spec, build))!.map((r) => r[cache]);
    for (const spec of PAGES) {
      for (const platform of platforms) {
        for (const cache of ['cold', 'warm'] as const) {
          summaries.set(`${key(spec, platform.build)}|${cache}`, summarise(loadsOf(spec, platform.build, cache), platform.shellUrl, platform.widgetOrigin));
        }
      }
    }
    const get = (spec: PageSpec, build: Build, cache: 'cold' | 'warm') => summaries.get(`${key(spec, build)}|${cache}`)!;

    print();
    print(`Median of ${RUNS} runs. Ready = navigation start to sb:widgets-ready (email page) / first email link (home).`);
    print(`JS req = script requests (warm: mostly cache hits), net = of those reaching a server (200 or 304).`);
    printTable(summaries);

    /** The median of the runs' federated / monolith ratios of a figure (each run loads both builds back to back). */
    const paired = (spec: PageSpec, cache: 'cold' | 'warm', figure: (load: PageLoad) => number) =>
      pairedRatio(loadsOf(spec, 'federated', cache).map(figure), loadsOf(spec, 'monolith', cache).map(figure));

    print();
    print('federated / monolith (time: ratio of the medians; paired = median of the runs\' own ratios, each run loading both builds back to back):');
    for (const spec of PAGES) {
      const cold = [get(spec, 'federated', 'cold'), get(spec, 'monolith', 'cold')] as const;
      const warm = [get(spec, 'federated', 'warm'), get(spec, 'monolith', 'warm')] as const;
      const ready = (load: PageLoad) => load.ms;
      print(
        `  ${spec.label.padEnd(22)} time cold ${ratio(cold[0].ms, cold[1].ms)} (paired ${paired(spec, 'cold', ready)}), warm ${ratio(warm[0].ms, warm[1].ms)} (paired ${paired(spec, 'warm', ready)}); JS bytes cold ${ratio(cold[0].totalBytes, cold[1].totalBytes)} (${kib(cold[0].totalBytes)} / ${kib(cold[1].totalBytes)} KiB), JS requests cold ${cold[0].requests} / ${cold[1].requests}`,
      );
    }

    print();
    print('Cost of adding order-lookup (sandboxed iframe, same mechanism in both builds), medians of +order-lookup minus email+tickets:');
    for (const build of BUILDS) {
      const parts = (['cold', 'warm'] as const).map((cache) => {
        const [a, b] = [get(BASE, build, cache), get(WITH_ORDERS, build, cache)];
        return `${cache} ${signed(b.ms - a.ms)} ms, ${signed((b.totalBytes - a.totalBytes) / 1024, 1)} KiB JS, ${signed(b.requests - a.requests)} JS req`;
      });
      print(`  ${build.padEnd(10)} ${parts.join('; ')}`);
    }
    const federated = platforms.find((p) => p.build === 'federated')!;
    const orderLookupKib = (cache: 'cold' | 'warm') =>
      kib(median(loadsOf(WITH_ORDERS, 'federated', cache).map((l) => bytesFrom(l, federated.widgetOrigin, '/registry/assets/order-lookup/'))));
    print(`  order-lookup's own JS (widget origin), federated: cold ${orderLookupKib('cold')} KiB, warm ${orderLookupKib('warm')} KiB`);
    print('  (a sandboxed iframe has an opaque origin and so an HTTP cache partition of its own: warm bytes above 0 are refetches)');
    const bridgeBytes = await servedBytes(`${federated.shellUrl}${SANDBOX_BRIDGE_PATH}`);
    print(
      `  not in the counts: ${SANDBOX_BRIDGE_PATH.slice(1)}, ${kib(bridgeBytes)} KiB as served, loaded by each sandboxed iframe from the shell origin (out-of-process iframe: Playwright sees it only sometimes)`,
    );

    print();
    print('Per widget on the email+tickets page (email and tickets are mandatory: the registry refuses a layout without either, so each alone cannot be measured):');
    for (const build of BUILDS) {
      for (const cache of ['cold', 'warm'] as const) {
        const s = get(BASE, build, cache);
        print(`  ${build.padEnd(10)} ${cache}: ${Object.entries(s.widgetMs).map(([w, ms]) => `sb:widget-ready:${w} ${ms.toFixed(0)} ms`).join(', ')}`);
      }
    }
    const fedColdBase = loadsOf(BASE, 'federated', 'cold');
    const widgetBytes = ['email', 'tickets'].map(
      (w) => `${w} ${kib(median(fedColdBase.map((l) => bytesFrom(l, federated.widgetOrigin, `/registry/assets/${w}/`))))} KiB`,
    );
    print(`  federated cold JS per widget (widget origin): ${widgetBytes.join(', ')}`);
    print('Per widget on the page with every first-party widget (ms to its ready mark; federated: its own JS, cold):');
    for (const build of BUILDS) {
      for (const cache of ['cold', 'warm'] as const) {
        const s = get(ALL, build, cache);
        print(`  ${build.padEnd(10)} ${cache}: ${Object.entries(s.widgetMs).map(([w, ms]) => `${w} ${ms.toFixed(0)} ms`).join(', ')}`);
      }
    }
    for (const cache of ['cold', 'warm'] as const) {
      const ratio = get(ALL, 'federated', cache).widgetMs.email! / get(ALL, 'monolith', cache).widgetMs.email!;
      print(`  Email interactive on that page, federated / monolith, ${cache}: ${ratio.toFixed(2)}x, paired ${paired(ALL, cache, (load) => load.widgetMs.email!)}x (goal <= 1.15x)`);
    }
    const fedColdAll = loadsOf(ALL, 'federated', 'cold');
    const allBytes = FIRST_PARTY_WIDGETS.map((w) => `${w} ${kib(median(fedColdAll.map((l) => bytesFrom(l, federated.widgetOrigin, `/registry/assets/${w}/`))))} KiB`);
    print(`  federated cold JS per widget (widget origin): ${allBytes.join(', ')}`);

    print();
    print('Lit copies (litHtmlVersions / litElementVersions / reactiveElementVersions lengths), email page with order-lookup:');
    const format = (c: LitCopies) => `${c.litHtml} / ${c.litElement} / ${c.reactiveElement}`;
    for (const build of BUILDS) {
      const report = lit.get(build)!;
      print(`  ${build.padEnd(10)} shell document ${format(report.page)}; order-lookup's sandboxed iframe (a separate document with its own Lit) ${format(report.sandbox)}`);
    }
    print();
    const revalidated = warmRevalidations(PAGES.flatMap((spec) => loadsOf(spec, 'federated', 'warm')), federated.widgetOrigin);
    print(`Warm loads, federated: ${revalidated.length} script requests to published in-page widget builds reached the server (immutable: 0 expected)`);
    for (const url of new Set(revalidated)) print(`  ${url}`);
    const allLoads = PAGES.flatMap((spec) => BUILDS.flatMap((build) => (['cold', 'warm'] as const).flatMap((cache) => loadsOf(spec, build, cache))));
    const twice = [...new Set(allLoads.flatMap(downloadedTwice))];
    const warnings = [...new Set(allLoads.flatMap((load) => load.preloadWarnings))];
    const preloads = median(loadsOf(BASE, 'federated', 'cold').map((l) => l.preloads.length));
    print(`Preloads (federated, email+tickets, cold): ${preloads} entries preloaded; ${twice.length} script URLs downloaded twice in one load, ${warnings.length} Chromium preload warnings (0 and 0 expected)`);
    for (const line of [...twice, ...warnings]) print(`  ${line}`);
    print(`total ${((Date.now() - started) / 1000).toFixed(0)} s, load average ${loadAverage()} at end`);

    const once = (c: LitCopies) => c.litHtml === 1 && c.litElement === 1 && c.reactiveElement === 1;
    const notOnce = BUILDS.filter((build) => !once(lit.get(build)!.page));
    if (notOnce.length > 0) throw new Error(`Lit is not loaded exactly once in the shell document of: ${notOnce.join(', ')}`);
    if (twice.length > 0 || warnings.length > 0) throw new Error('A preloaded script was not reused (listed above)');
    if (revalidated.length > 0) throw new Error(`A warm load asked the server again for ${revalidated.length} published widget scripts (listed above)`);
  } finally {
    await browser?.close();
    for (const platform of platforms) await platform.stop();
    mkdirSync(join(RESULTS, '..'), { recursive: true });
    writeFileSync(RESULTS, `${lines.join('\n')}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
