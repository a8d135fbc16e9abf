import type { Email, EmailTicket } from '@switchboard/contracts';
import type { Page } from 'playwright-core';
import { serviceCall } from './support/api';
import { axeViolations, launchBrowser, login, type TestBrowser } from './support/browser';
import { DEMO_EMAIL_ID, shownWidget } from './support/email-page';
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

/** Replies to the demo email: the reply's draft has the customer in To, the ticket and a queue. */
async function openReply() {
  await page.goto(`${env.platform.shellUrl}/emails/${DEMO_EMAIL_ID}`);
  const email = page.getByRole('region', { name: 'Email' });
  await email.getByRole('button', { name: 'Reply', exact: true }).click({ timeout: 30_000 });
  await eventually(() => expect(['', DEMO_EMAIL_ID]).not.toContain(emailIdOfPage()));
  return { email, reply: await api<Email>('mail', `/emails/${emailIdOfPage()}`) };
}

describe('inserting a template into the reply (E10)', () => {
  let ticket: EmailTicket['ticket'];
  let draftId: string;

  it('renders the chosen answer inside its frame, asks for what the page lacks, and inserts it', async () => {
    ({ ticket } = await api<EmailTicket>('tickets', `/emails/${DEMO_EMAIL_ID}/ticket`));
    await page.goto(`${env.platform.shellUrl}/tickets/${ticket.id}`);
    await page.getByRole('main').getByRole('button', { name: 'New email' }).click();
    await eventually(() => expect(emailIdOfPage()).not.toBe(''));
    draftId = emailIdOfPage();

    const templates = await shownWidget(page, 'Templates');
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
    // composer.insertHtml: the frame's paragraphs arrive as paragraphs, not flattened text.
    await eventually(async () => expect((await api<Email>('mail', `/emails/${draftId}`)).html).toContain('<p>Hello Jana,</p>'), 30_000);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('inserts ::refund + Enter in the reply inside its frame with the contact\'s name, and Ctrl+Z takes it back in one step', async () => {
    const { email, reply } = await openReply();
    const contactFirstName = (reply.to[0]?.name ?? '').split(' ')[0];
    expect(contactFirstName).not.toBe('');
    const ticketNumber = reply.ticket?.number;
    const editor = email.getByRole('textbox', { name: 'Message body' });
    await editor.waitFor({ timeout: 30_000 });
    const before = (await editor.textContent()) ?? '';

    await editor.focus();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('::refund');
    await email.getByRole('option', { name: /^Refund approved/, selected: true }).waitFor({ timeout: 15_000 });
    // The preview is filled from the reply: the contact's first name, the ticket, the agent and the queue.
    const preview = email.getByRole('region', { name: 'Preview: Refund approved' });
    await preview.getByText(`Hello ${contactFirstName},`).waitFor();
    await preview.getByText('Support team').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.keyboard.press('Enter');
    await eventually(async () => {
      const text = (await editor.textContent()) ?? '';
      expect(text).toContain(`Hello ${contactFirstName},`);
      expect(text).toContain(`your refund for ticket #${ticketNumber} was approved`);
      expect(text).toContain('Kind regards');
      expect(text).toContain('Alex Agent');
      expect(text).not.toContain('::refund');
    });
    expect(await email.getByRole('listbox').count()).toBe(0);

    await page.keyboard.press('Control+z');
    await eventually(async () => expect((await editor.textContent()) ?? '').toBe(before));
  });

  it('asks in the picker for a value the page lacks before inserting', async () => {
    const { email } = await openReply();
    const editor = email.getByRole('textbox', { name: 'Message body' });
    await editor.waitFor({ timeout: 30_000 });
    await editor.focus();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('::zpozdena');
    await email.getByRole('option', { name: /^Zpožděná dodávka/, selected: true }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    const company = email.getByRole('textbox', { name: 'Company' });
    await company.waitFor();
    expect(await editor.textContent()).toContain('::zpozdena');
    expect(await axeViolations(page)).toEqual([]);
    await company.fill('Vltava s.r.o.');
    await email.getByRole('button', { name: 'Insert', exact: true }).click();
    await eventually(async () => {
      const text = (await editor.textContent()) ?? '';
      expect(text).toContain('omlouváme se za zpoždění zásilky pro Vltava s.r.o.');
      expect(text).not.toContain('::zpozdena');
    });
  });

  it('has no serious or critical violations in Czech either', async () => {
    await page.getByLabel('Language').selectOption('cs');
    const templates = await shownWidget(page, 'Šablony');
    await templates.getByRole('searchbox', { name: 'Hledat šablony' }).fill('vraceni', { timeout: 30_000 });
    await templates.getByRole('button', { name: /^Vrácení peněz schváleno/ }).click();
    await templates.getByRole('textbox', { name: 'Jméno kontaktu' }).waitFor();
    await templates.getByRole('textbox', { name: 'Fronta' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('the Templates page (issue 10)', () => {
  it('creates an answer in a frame, shows an unknown placeholder as the body field\'s error, and the agent inserts the answer with ::', async () => {
    // The page is checked in both languages: first Czech (where the test above left the agent).
    await page.goto(env.platform.shellUrl);
    await page.locator('sb-top-panel select').selectOption('cs');
    await page.locator('sb-top-panel').getByRole('link', { name: 'Šablony' }).click();
    await page.getByRole('heading', { name: 'Šablony a makra' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Nová šablona' }).click();
    await page.getByRole('form', { name: 'Nová šablona' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('sb-top-panel select').selectOption('en');
    await page.getByRole('heading', { name: 'Templates and macros' }).waitFor();

    const form = page.getByRole('form', { name: 'New template' });
    await form.getByLabel('Name').fill('Parcel tracking');
    await form.getByLabel('Folder').fill('Shipping');
    await form.getByRole('combobox', { name: /^Frame/ }).selectOption({ label: 'Greeting and signature' });
    const body = form.getByLabel('Text (HTML with placeholders)');
    await body.fill('<p>Track the parcel of ticket #{{ ticket.numbr }} online.</p>');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('alert').getByText('Unknown placeholder “ticket.numbr”').waitFor();
    expect(await body.getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);

    await body.fill('<p>Track the parcel of ticket #{{ ticket.number }} online.</p>');
    await form.getByRole('button', { name: 'Save' }).click();
    const saved = page.getByRole('form', { name: 'Edit template: Parcel tracking' });
    await saved.getByRole('status').getByText('Saved.').waitFor();
    await page.getByRole('list', { name: 'Answers in Greeting and signature' }).getByRole('button', { name: 'Parcel tracking' }).waitFor();

    const { email, reply } = await openReply();
    const editor = email.getByRole('textbox', { name: 'Message body' });
    await editor.waitFor({ timeout: 30_000 });
    await editor.focus();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('::parcel');
    await email.getByRole('option', { name: /^Parcel tracking/, selected: true }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await eventually(async () => {
      const text = (await editor.textContent()) ?? '';
      expect(text).toContain(`Track the parcel of ticket #${reply.ticket?.number} online.`);
      expect(text).toContain('Kind regards');
      expect(text).not.toContain('::parcel');
    });
  });
});
