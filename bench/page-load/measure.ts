import { get } from 'node:http';
import { DEMO } from '@switchboard/contracts';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Frame, type Page, type Request } from 'playwright-core';
import { CHROMIUM_PATH } from '../../e2e/support/browser';

/** Headless Chromium (flags per STACK.md) whose every context starts with an empty cache. */
export function launchHeadless(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** One script the page (or one of its frames) asked for. */
export interface ScriptFetch {
  url: string;
  /** Body bytes that came over the network, as served (brotli or gzip); 0 when the cache answered. */
  bytes: number;
  /** True when the request reached the server (a 200 or a 304 revalidation), false for a cache hit. */
  network: boolean;
}

/** One page load. */
export interface PageLoad {
  /** Navigation start to ready (the `sb:widgets-ready` mark, or the home page's first email link). */
  ms: number;
  /** `sb:widget-ready:<name>` marks by widget name (ms after navigation start). */
  widgetMs: Record<string, number>;
  scripts: ScriptFetch[];
  /** Chromium's console warnings about a `<link rel="preload">` it did not use (or used only after fetching again). */
  preloadWarnings: string[];
  /** URLs the shell's `<link rel="preload">` elements name once ready. */
  preloads: string[];
}

/** When a page counts as loaded. */
export type Readiness = { kind: 'home' } | { kind: 'widgets'; widgets: string[] };

/**
 * The sandbox bridge client each sandboxed iframe loads first from the shell's origin. Chromium
 * runs that iframe in its own process and often requests this before Playwright has attached to
 * it, so it is seen only sometimes; it is left out of the counts and measured by `servedBytes`.
 */
export const SANDBOX_BRIDGE_PATH = '/sandbox-bridge.js';

/** How long a page may take to get ready before the run fails. */
const READY_TIMEOUT_MS = 30_000;
/** Longest wait for the network to go quiet after ready, so late scripts are counted too. */
const SETTLE_TIMEOUT_MS = 5_000;

/** Signs the agent in through the API: the session cookie lands in the context without loading the shell. */
async function signIn(context: BrowserContext, shellUrl: string): Promise<void> {
  const response = await context.request.post(`${shellUrl}/api/identity/login`, {
    data: { email: DEMO.users.agent.email, password: DEMO.password },
  });
  if (!response.ok()) throw new Error(`Login failed: ${response.status()} ${await response.text()}`);
}

async function scriptFetch(request: Request): Promise<ScriptFetch> {
  const sizes = await request.sizes();
  // Playwright's body size is the bytes received minus the headers: nothing received (a cache
  // hit) leaves it at minus the headers' size; a 304 received its headers and no body.
  const received = sizes.responseBodySize + sizes.responseHeadersSize;
  return { url: request.url(), bytes: Math.max(sizes.responseBodySize, 0), network: received > 0 };
}

/** Milliseconds after navigation start at which the shell's home page shows its first email link. */
async function homeReady(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      // The page is Lit elements: look through shadow roots for `main`, then for an email link in
      // it. Loops, no inner functions (tsx would wrap them in a helper the page does not have).
      let scope: ParentNode = document;
      for (const selector of ['main', 'a[href^="/emails/"]']) {
        let found: Element | null = null;
        const roots: ParentNode[] = [scope];
        for (let root = roots.pop(); root && !found; root = roots.pop()) {
          found = root.querySelector(selector);
          for (const el of root.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
        }
        if (!found) return false;
        scope = found;
      }
      return performance.now();
    },
    undefined,
    { polling: 'raf', timeout: READY_TIMEOUT_MS },
  );
  return (await handle.jsonValue()) as number;
}

/** Waits for `sb:widgets-ready`; fails unless every widget set its `sb:widget-ready:<name>` mark (mounted). */
async function widgetsReady(page: Page, widgets: string[]): Promise<{ ms: number; widgetMs: Record<string, number> }> {
  await page.waitForFunction(() => performance.getEntriesByName('sb:widgets-ready').length > 0, undefined, { polling: 'raf', timeout: READY_TIMEOUT_MS });
  const marks = await page.evaluate(() =>
    performance.getEntriesByType('mark').filter((m) => m.name.startsWith('sb:')).map((m) => [m.name, m.startTime] as const),
  );
  const byName = new Map(marks);
  const widgetMs: Record<string, number> = {};
  for (const widget of widgets) {
    const ms = byName.get(`sb:widget-ready:${widget}`);
    if (ms === undefined) throw new Error(`Widget ${widget} did not mount on ${page.url()} (marks: ${marks.map(([name]) => name).join(', ')})`);
    widgetMs[widget] = ms;
  }
  return { ms: byName.get('sb:widgets-ready')!, widgetMs };
}

/** Loads `url` in `page` and measures it; `context` is the page's context, whose every frame's scripts are counted. */
async function load(context: BrowserContext, page: Page, url: string, readiness: Readiness): Promise<PageLoad> {
  const fetches: Promise<ScriptFetch>[] = [];
  const onFinished = (request: Request) => {
    if (request.resourceType() === 'script' && new URL(request.url()).pathname !== SANDBOX_BRIDGE_PATH) fetches.push(scriptFetch(request));
  };
  const preloadWarnings: string[] = [];
  const onConsole = (message: ConsoleMessage) => {
    if (/preload/i.test(message.text())) preloadWarnings.push(message.text());
  };
  context.on('requestfinished', onFinished);
  page.on('console', onConsole);
  try {
    await page.goto(url, { waitUntil: 'commit' });
    const ready = readiness.kind === 'home' ? { ms: await homeReady(page), widgetMs: {} } : await widgetsReady(page, readiness.widgets);
    await page.waitForLoadState('networkidle', { timeout: SETTLE_TIMEOUT_MS }).catch(() => undefined);
    const preloads = await page.evaluate(() => [...document.head.querySelectorAll('link[rel="preload"]')].map((link) => (link as HTMLLinkElement).href));
    return { ...ready, scripts: await Promise.all(fetches), preloadWarnings, preloads };
  } finally {
    context.off('requestfinished', onFinished);
    page.off('console', onConsole);
  }
}

/** What one fresh browser context measured: the first load (cold cache) and a second one (warm). */
export interface ColdAndWarm {
  cold: PageLoad;
  warm: PageLoad;
}

/**
 * In a new browser context (empty HTTP and code caches): signs in over the API, loads
 * `shellUrl + path` twice and measures both loads. `inspect` runs on the page after the warm load.
 */
export async function loadColdAndWarm(
  browser: Browser,
  shellUrl: string,
  path: string,
  readiness: Readiness,
  inspect?: (page: Page) => Promise<void>,
): Promise<ColdAndWarm> {
  // Tall enough for every widget of the all-widgets page to be in view: the shell mounts a widget below the fold only when scrolled to.
  const context = await browser.newContext({ viewport: { width: 1440, height: 3000 } });
  try {
    await signIn(context, shellUrl);
    const page = await context.newPage();
    const cold = await load(context, page, `${shellUrl}${path}`, readiness);
    const warm = await load(context, page, `${shellUrl}${path}`, readiness);
    await inspect?.(page);
    return { cold, warm };
  } finally {
    await context.close();
  }
}

/** Body bytes of `url` as the server sends it to a browser that accepts brotli and gzip. */
export function servedBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip, deflate, br' } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve(bytes));
      response.on('error', reject);
    }).on('error', reject);
  });
}

/** How many copies of Lit's three state modules registered in a document (one each when shared). */
export interface LitCopies {
  litHtml: number;
  litElement: number;
  reactiveElement: number;
}

/** Reads `litHtmlVersions`, `litElementVersions` and `reactiveElementVersions` of a page or frame. */
export function litCopies(target: Page | Frame): Promise<LitCopies> {
  return target.evaluate(() => {
    const global = window as unknown as Record<string, unknown[] | undefined>;
    return {
      litHtml: global.litHtmlVersions?.length ?? 0,
      litElement: global.litElementVersions?.length ?? 0,
      reactiveElement: global.reactiveElementVersions?.length ?? 0,
    };
  });
}
