/**
 * Page-load benchmark: the email detail page in headless Chromium against the real platform.
 * Prints time from navigation to the Tickets widget showing data (cold and warm cache), next to
 * the shell's home page measured in the same run (the baseline), and the JS bytes (gzip) fetched
 * from each origin. Prints, asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createTestDatabase } from '@switchboard/service-kit/testing';
import type { Page } from 'playwright-core';
import { launchBrowser, login } from '../../e2e/support/browser';
import { startPlatform } from '../../infra/src/platform';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Navigates and returns ms from navigation start until `ready` resolves. */
async function timeLoad(page: Page, url: string, ready: (page: Page) => Promise<void>): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await ready(page);
  return page.evaluate(() => performance.now());
}

const ticketsShowData = (page: Page) =>
  page.getByRole('region', { name: 'Tickets' }).getByRole('list', { name: 'Tickets' }).getByRole('listitem').first()
    .waitFor({ timeout: 30_000 });
const homeShowsData = (page: Page) => page.getByRole('main').getByRole('link').first().waitFor({ timeout: 30_000 });

async function main(): Promise<void> {
  const database = await createTestDatabase('sb_bench');
  const platform = await startPlatform({
    databaseUrl: database.url, port: 0, widgetPort: 0, servicePorts: { identity: 0, tickets: 0 }, quiet: true, logLevel: 'warn', seedDemo: true,
  });
  const browser = await launchBrowser();
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    console.warn(line);
  };
  try {
    const page = await browser.context.newPage();
    await login(page, platform.shellUrl, 'agent@demo.test', 'demo');
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');

    const scripts: { origin: string; bytes: number; gzip: number }[] = [];
    page.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return;
      const body = await response.body().catch(() => Buffer.alloc(0));
      scripts.push({ origin: new URL(response.url()).origin, bytes: body.length, gzip: gzipSync(body).length });
    });

    const results: Record<string, number[]> = { 'home (baseline), cold': [], 'home (baseline), warm': [], 'email page, cold': [], 'email page, warm': [] };
    for (let i = 0; i < RUNS; i++) {
      for (const cache of ['cold', 'warm'] as const) {
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: cache === 'cold' });
        results[`home (baseline), ${cache}`].push(await timeLoad(page, `${platform.shellUrl}/`, homeShowsData));
        if (i === 0 && cache === 'cold') scripts.length = 0;
        results[`email page, ${cache}`].push(await timeLoad(page, `${platform.shellUrl}/emails/${randomUUID()}`, ticketsShowData));
        if (i === 0 && cache === 'cold') {
          await page.waitForTimeout(500);
          const byOrigin = new Map<string, { files: number; bytes: number; gzip: number }>();
          for (const s of scripts) {
            const o = byOrigin.get(s.origin) ?? { files: 0, bytes: 0, gzip: 0 };
            byOrigin.set(s.origin, { files: o.files + 1, bytes: o.bytes + s.bytes, gzip: o.gzip + s.gzip });
          }
          say('JS fetched by one cold email detail page load, per origin:');
          for (const [origin, o] of byOrigin) {
            const role = origin === new URL(platform.shellUrl).origin ? 'shell origin' : 'widget origin';
            say(`  ${role.padEnd(14)} ${origin}  files ${o.files}  raw ${(o.bytes / 1024).toFixed(1)} KiB  gzip ${(o.gzip / 1024).toFixed(1)} KiB`);
          }
        }
      }
    }
    say(`\nNavigation -> data shown, median of ${RUNS} (ms), ratio to the home page in the same cache state:`);
    for (const cache of ['cold', 'warm']) {
      const base = median(results[`home (baseline), ${cache}`]);
      const email = median(results[`email page, ${cache}`]);
      say(`  ${cache}: home ${base.toFixed(0)} ms, email page (Tickets widget rows visible) ${email.toFixed(0)} ms, ratio ${(email / base).toFixed(2)}`);
    }
    await mkdir(join(__dirname, '..', 'results'), { recursive: true });
    await writeFile(join(__dirname, '..', 'results', 'page-load.txt'), `${lines.join('\n')}\n`);
  } finally {
    await browser.close();
    await platform.stop();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
