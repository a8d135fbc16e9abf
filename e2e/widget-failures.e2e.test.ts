import { randomUUID } from 'node:crypto';
import { DEMO } from '@switchboard/contracts';
import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { launchBrowser, login, type TestBrowser } from './support/browser';
import { startTestPlatform, type TestPlatform } from './support/platform';

let env: TestPlatform;
let browser: TestBrowser;
let page: Page;

/** Gives the demo agent a layout of their own, as a later layout editor will. */
async function setAgentLayout(widgets: string[]): Promise<void> {
  const client = new Client({ connectionString: env.databaseUrl });
  await client.connect();
  try {
    await client.query(
      `insert into "identity"."layouts" ("page", "user_id", "widgets") values ('email-detail', $1, $2)`,
      [DEMO.users.agent.id, JSON.stringify(widgets.map((widget) => ({ widget })))],
    );
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  env = await startTestPlatform();
  await setAgentLayout(['email', 'ghost', 'throwing', 'tickets']);
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await login(page, env.platform.shellUrl, 'agent@demo.test', 'demo');
});

afterAll(async () => {
  await browser?.close();
  await env?.teardown();
});

it('renders the other widgets when one manifest is missing and one mount throws', async () => {
  await page.goto(`${env.platform.shellUrl}/emails/${randomUUID()}`);
  await page.waitForFunction(() => performance.getEntriesByName('sb:widgets-ready').length > 0, undefined, { timeout: 30_000 });

  const regions = page.getByRole('main').getByRole('region');
  const names = await regions.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
  expect(names.filter((n) => n !== 'Assigned ticket')).toEqual(['Email', 'ghost', 'Throwing widget', 'Tickets']);

  const ghost = page.getByRole('region', { name: 'ghost' }).getByRole('alert');
  await ghost.getByText('could not be loaded').waitFor();
  await ghost.getByText('HTTP 404').waitFor();
  await ghost.getByRole('button', { name: 'Retry' }).waitFor();

  const throwing = page.getByRole('region', { name: 'Throwing widget' }).getByRole('alert');
  await throwing.getByText('throwing widget failed on purpose').waitFor();
  await throwing.getByRole('button', { name: 'Retry' }).waitFor();

  const tickets = page.getByRole('region', { name: 'Tickets' });
  await tickets.getByRole('list', { name: 'Tickets' }).getByRole('listitem').first().waitFor();
  expect(await page.getByRole('region', { name: 'Email' }).getByRole('alert').count()).toBe(0);

  // Retry fails again the same way and leaves the working widgets alone.
  await throwing.getByRole('button', { name: 'Retry' }).click();
  await page.getByRole('region', { name: 'Throwing widget' }).getByText('throwing widget failed on purpose').waitFor();
  expect(await tickets.getByRole('list', { name: 'Tickets' }).getByRole('listitem').count()).toBeGreaterThan(0);
});
