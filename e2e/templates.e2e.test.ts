import type { Email, EmailTicket } from '@switchboard/contracts';
import type { Page } from 'playwright-core';
import { serviceCall } from './support/api';
import { axeViolations, launchBrowser, login, type TestBrowser } from './support/browser';
import { DEMO_EMAIL_ID, widgetRegion } from './support/email-page';
import { eventually } from './support/eventually';
import { startTestPlatform, type TestPlatform } from './support/platform';

let env: TestPlatform;
let browser: TestBrowser;
let page: Page;

/** GETs a service's route through the gateway with a token of its audience, as the signed-in agent. */
const api = <T>(audience: string, path: string) => serviceCall<T>(page, env.platform.shellUrl, audience, path);

const emailIdOfPage = () => /\/emails\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';

beforeAll(async () => {
  env = await startTestPlatform();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await login(page, env.platform.shellUrl, 'agent@demo.test', 'demo');
});

afterAll(async () => {
  await browser?.close();
  await env?.teardown();
});

describe('inserting a template into the reply (E10)', () => {
  let ticket: EmailTicket['ticket'];
  let draftId: string;

  it('renders the chosen answer inside its frame, asks for what the page lacks, and inserts it', async () => {
    ({ ticket } = await api<EmailTicket>('tickets', `/emails/${DEMO_EMAIL_ID}/ticket`));
    await page.goto(`${env.platform.shellUrl}/tickets/${ticket.id}`);
    await page.getByRole('main').getByRole('button', { name: 'New email' }).click();
    await eventually(() => expect(emailIdOfPage()).not.toBe(''));
    draftId = emailIdOfPage();

    const templates = widgetRegion(page, 'Templates');
    await templates.getByRole('searchbox', { name: 'Search templates' }).fill('refund approved', { timeout: 30_000 });
    await templates.getByRole('button', { name: /^Refund approved/ }).click();
    await templates.getByRole('heading', { name: 'Preview: Refund approved' }).waitFor();
    // The page knows the ticket and the agent; the contact's first name and the queue it asks for.
    await templates.getByText(`your refund for ticket #${ticket.number} was approved`).waitFor();
    await templates.getByRole('textbox', { name: "Contact's first name" }).fill('Jana');
    await templates.getByRole('textbox', { name: 'Queue' }).fill('Support');
    expect(await axeViolations(page)).toEqual([]);

    await templates.getByRole('button', { name: 'Insert into reply' }).click();
    await templates.getByText('Inserted into the reply: Refund approved').waitFor();
    const editor = page.getByRole('region', { name: 'Email' }).getByRole('textbox', { name: 'Message body' });
    await eventually(async () => {
      const text = (await editor.textContent()) ?? '';
      expect(text).toContain('Hello Jana,');
      expect(text).toContain(`your refund for ticket #${ticket.number} was approved`);
      expect(text).toContain('Alex Agent');
      expect(text).toContain('Support team');
    });
    await eventually(async () => expect((await api<Email>('mail', `/emails/${draftId}`)).html).toContain('Hello Jana,'), 30_000);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('has no serious or critical violations in Czech either', async () => {
    await page.getByLabel('Language').selectOption('cs');
    const templates = widgetRegion(page, 'Šablony');
    await templates.getByRole('searchbox', { name: 'Hledat šablony' }).fill('vraceni', { timeout: 30_000 });
    await templates.getByRole('button', { name: /^Vrácení peněz schváleno/ }).click();
    await templates.getByRole('textbox', { name: 'Jméno kontaktu' }).waitFor();
    await templates.getByRole('textbox', { name: 'Fronta' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
