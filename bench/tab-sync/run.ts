// Tab-sync bench (issue 14): `npx tsx bench/tab-sync/run.ts` (env TAB_SYNC_EDITS, default 200).
// Needs `npm run build`. Starts a platform, opens one draft in two tabs of one Chromium (A, B)
// and in a second Chromium signed in as the same agent (the other device), types EDITS tokens
// into A's body one after another, and reads when each shows in B (BroadcastChannel) and on the
// device (autosave, 50 ms after the edit while the device watches, then mail's stream through
// Redis and the gateway). Baselines in the same run:
// a bare BroadcastChannel message from A to B, and a bare GET of the draft through the gateway
// from the device. Prints p50/p95 and ratios, saves bench/results/tab-sync.txt; never asserts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Email } from '@switchboard/contracts';
import type { Page } from 'playwright-core';
import { serviceCall } from '../../e2e/support/api';
import { launchBrowser, login, type TestBrowser } from '../../e2e/support/browser';
import { startIsolatedPlatform, type IsolatedPlatform } from '../../infra/src/testing/isolated-platform';
import { installProbe, type ProbeTimes } from './probe';

const EDITS = Number(process.env.TAB_SYNC_EDITS ?? 200);
const RESULTS = join(__dirname, '..', 'results', 'tab-sync.txt');

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const times = (page: Page) => page.evaluate(() => window.__tabSync) as Promise<ProbeTimes>;
const body = (page: Page) => page.getByRole('region', { name: 'Email' }).getByRole('textbox', { name: 'Message body' });

async function main() {
  let env: IsolatedPlatform | undefined;
  const browsers: TestBrowser[] = [];
  try {
    env = await startIsolatedPlatform('bench_tabsync', { mailUndoSendSeconds: 0 });
    const shell = env.platform.shellUrl;
    const desktop = await launchBrowser();
    const laptop = await launchBrowser();
    browsers.push(desktop, laptop);
    for (const browser of browsers) {
      // tsx may wrap functions in esbuild's __name(), which the page does not have.
      await browser.context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
      await browser.context.addInitScript(installProbe);
    }
    const tabA = await desktop.context.newPage();
    await login(tabA, shell, 'agent@demo.test', 'demo');
    const draft = await serviceCall<Email>(tabA, shell, 'mail', '/drafts', { method: 'POST', data: {} });
    const device = await laptop.context.newPage();
    await login(device, shell, 'agent@demo.test', 'demo');
    const tabB = await desktop.context.newPage();
    for (const page of [tabA, tabB, device]) {
      await page.goto(`${shell}/emails/${draft.id}`);
      await body(page).waitFor({ timeout: 60_000 });
    }
    // Each page has found its editor and the stream is open once a first token shows everywhere.
    await body(tabA).click();
    await tabA.keyboard.type('warm w999999x');
    for (const page of [tabB, device]) await page.waitForFunction(() => '999999' in window.__tabSync.seen, undefined, { timeout: 30_000 });

    // Baseline 1: a bare BroadcastChannel message from A to B.
    const pingSent: number[] = [];
    for (let id = 0; id < EDITS; id++) {
      pingSent.push(await tabA.evaluate((n) => {
        const channel = new BroadcastChannel('tab-sync-bench');
        const at = performance.timeOrigin + performance.now();
        channel.postMessage({ id: n });
        channel.close();
        return at;
      }, id));
      await tabB.waitForFunction((n) => n in window.__tabSync.pings, id, { polling: 5 });
    }
    const pings = (await times(tabB)).pings;
    const channelMs = pingSent.map((at, id) => pings[id]! - at);

    // Baseline 2: a bare GET of the draft through the gateway from the device (token fetched once).
    const rttMs = await device.evaluate(async ({ id, n }) => {
      const { token } = (await (await fetch('/api/identity/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"audience":"mail"}' })).json()) as { token: string };
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const start = performance.now();
        await (await fetch(`/api/mail/emails/${id}`, { headers: { authorization: `Bearer ${token}` } })).json();
        out.push(performance.now() - start);
      }
      return out;
    }, { id: draft.id, n: EDITS });

    // The edits: one token at a time, each waited for on the device before the next.
    for (let i = 0; i < EDITS; i++) {
      await tabA.keyboard.type(` w${i}x`);
      await device.waitForFunction((n) => n in window.__tabSync.seen, String(i), { polling: 5, timeout: 30_000 });
      await tabB.waitForFunction((n) => n in window.__tabSync.seen, String(i), { polling: 5, timeout: 30_000 });
    }
    const [a, b, d] = await Promise.all([times(tabA), times(tabB), times(device)]);
    const edits = [...Array(EDITS).keys()].map(String);
    const tabMs = edits.map((i) => b.seen[i]! - a.seen[i]!);
    const deviceMs = edits.map((i) => d.seen[i]! - a.seen[i]!);
    // Edits saved in a PATCH of their own or with the next ones: from the answer of the save that carried it.
    const pushMs = edits.filter((i) => a.saved[i] !== undefined).map((i) => d.seen[i]! - a.saved[i]!);

    const row = (label: string, values: number[], goal = '') =>
      `${label.padEnd(52)} ${percentile(values, 50).toFixed(1).padStart(8)} ${percentile(values, 95).toFixed(1).padStart(8)} ${String(values.length).padStart(6)}  ${goal}`;
    const ratio = (x: number[], y: number[], p: number) => (percentile(x, p) / percentile(y, p)).toFixed(2);
    const lines = [
      `tab-sync bench: ${EDITS} edits in tab A; ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
      `${''.padEnd(52)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'n'.padStart(6)}`,
      row('baseline: bare BroadcastChannel message A -> B', channelMs),
      row('edit in A -> visible in tab B (same browser)', tabMs, 'goal p95 <= 50'),
      row('baseline: bare GET of the draft via gateway (RTT)', rttMs),
      row('save answered in A -> visible on the device', pushMs),
      row('edit in A -> visible on the device (through the server)', deviceMs, 'goal p95 <= 150'),
      `ratios: tab B / BroadcastChannel p50 ${ratio(tabMs, channelMs, 50)}, p95 ${ratio(tabMs, channelMs, 95)}; ` +
        `device push / gateway RTT p50 ${ratio(pushMs, rttMs, 50)}, p95 ${ratio(pushMs, rttMs, 95)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    mkdirSync(join(RESULTS, '..'), { recursive: true });
    writeFileSync(RESULTS, `${lines.join('\n')}\n`);
  } finally {
    for (const browser of browsers) await browser.close();
    await env?.teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
