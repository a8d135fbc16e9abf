import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { REPO_ROOT } from '../../infra/src/paths';
import { login } from './browser';

/** The first demo email: inbound, linked by the tickets seed to a ticket with a contact. */
export const DEMO_EMAIL_ID = '00000000-0000-4000-8000-0000000e0001';

/** The example widget package `order-lookup` (untrusted: the shell runs it sandboxed). */
export const ORDER_LOOKUP_DIR = join(REPO_ROOT, 'examples', 'order-lookup');

/** Its build. */
export const ORDER_LOOKUP_DIST = join(ORDER_LOOKUP_DIR, 'dist');

/** The fixture widget `event-echo`: lists every `composer.insertText` it hears. */
export const EVENT_ECHO_DIST = join(REPO_ROOT, 'e2e', 'fixtures', 'event-echo', 'dist');

/**
 * Opens an email detail page and waits until every widget frame settled (mounted or failed),
 * i.e. the shell set the `sb:widgets-ready` mark for this page.
 */
export async function openEmailPage(page: Page, shellUrl: string, emailId: string): Promise<void> {
  await page.goto(`${shellUrl}/emails/${emailId}`);
  await waitForWidgets(page);
}

/** Waits for the `sb:widgets-ready` mark of the email page shown now. */
export async function waitForWidgets(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('sb:widgets-ready').length > 0, undefined, { timeout: 30_000 });
}

/** The names of the widget frames' regions in `main`, in page order (e.g. `['Email', 'Tickets']`). */
export function frameOrder(page: Page): Promise<string[]> {
  return page
    .getByRole('main')
    .locator('sb-widget-frame')
    .evaluateAll((frames) => frames.map((frame) => frame.shadowRoot?.querySelector('[role=region]')?.getAttribute('aria-label') ?? ''));
}

/** A widget's frame: the region named by its title. */
export const widgetRegion = (page: Page, title: string): Locator => page.getByRole('main').getByRole('region', { name: title, exact: true });

/** A widget's region scrolled into view: a widget below the fold mounts only once shown (issue 15). */
export async function shownWidget(page: Page, title: string): Promise<Locator> {
  const region = widgetRegion(page, title);
  await region.scrollIntoViewIfNeeded({ timeout: 30_000 });
  return region;
}

/** The document inside a sandboxed widget's iframe (titled by the widget's title), once it is there. */
export async function sandboxFrame(page: Page, title: string): Promise<Frame> {
  const iframe = (await shownWidget(page, title)).locator(`iframe[title="${title}"]`);
  await iframe.waitFor({ state: 'attached', timeout: 30_000 });
  const frame = await (await iframe.elementHandle())?.contentFrame();
  if (!frame) throw new Error(`The iframe of ${title} has no document`);
  return frame;
}

/**
 * Clicks a button in a sandboxed widget's frame as an agent would, scrolling the widget's iframe
 * into view first. Chromium runs no animation frames in a cross-origin frame out of view, and
 * Playwright's wait for a stable element needs them; widgets above that grow after the scroll can
 * push the frame out of view again, so each short attempt scrolls anew (the click itself is never
 * dispatched by an attempt that timed out).
 */
export async function clickInSandbox(page: Page, title: string, frame: Frame, button: string, timeoutMs = 30_000): Promise<void> {
  const iframe = widgetRegion(page, title).locator(`iframe[title="${title}"]`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await iframe.scrollIntoViewIfNeeded();
    try {
      await frame.getByRole('button', { name: button }).click({ timeout: 3_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/** Signs out with the banner's Log out button and waits for the login form. */
export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
}

/** Signs out whoever is signed in, then signs `email` in (password `demo`). */
export async function switchUser(page: Page, shellUrl: string, email: string): Promise<void> {
  await logout(page);
  await login(page, shellUrl, email, 'demo');
}
