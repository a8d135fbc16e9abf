import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** A headless Chromium with its own profile. */
export interface TestBrowser {
  /** The persistent context; open pages with `context.newPage()`. */
  context: BrowserContext;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/** Debian's Chromium, as installed by `npm test` (playwright-core downloads no browser). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Launches Debian's Chromium headless with a throwaway profile (flags per STACK.md).
 * `ignoreHTTPSErrors`: accept self-signed certificates (a test's local https backend).
 */
export async function launchBrowser(options: { ignoreHTTPSErrors?: boolean } = {}): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'sb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Signs in through the shell's login form; throws with the answer of `POST /api/identity/login`
 * when it is not a success, and returns once the form is gone.
 */
export async function login(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  const signIn = page.getByRole('button', { name: 'Sign in' });
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/identity/login'),
    signIn.click(),
  ]);
  if (!response.ok()) throw new Error(`Login as ${email} failed: ${response.status()} ${await response.text()}`);
  await signIn.waitFor({ state: 'detached', timeout: 15_000 });
}

/** One accessibility violation as axe reports it. */
export type AxeViolation = axe.Result;

/** Runs axe-core on the page and returns the serious and critical violations. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (no inline scripts) allows.
  await page.evaluate(axe.source);
  const results = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document));
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The serious and critical axe violations of the page, one readable line each (rule: targets). */
export async function axeViolations(page: Page): Promise<string[]> {
  return (await runAxe(page)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
