import type { Email } from '@switchboard/contracts';
import type { Page } from 'playwright-core';
import { serviceCall } from './support/api';
import { axeViolations, launchBrowser, login, type TestBrowser } from './support/browser';
import { eventually } from './support/eventually';
import { startTestPlatform, type TestPlatform } from './support/platform';

let env: TestPlatform;
let browser: TestBrowser;
/** Two tabs of one browser on the same draft (T1): they talk over BroadcastChannel and mail's stream. */
let tabA: Page;
let tabB: Page;
let emailId = '';

const region = (tab: Page, title = 'Email') => tab.getByRole('region', { name: title });
const subject = (tab: Page, name = 'Subject') => region(tab).getByRole('textbox', { name });
const body = (tab: Page) => region(tab).getByRole('textbox', { name: 'Message body' });
const dialog = (tab: Page, name = 'Changed in another tab or device') => region(tab).getByRole('dialog', { name });

/** The draft as mail has it, read through the gateway with the page's session. */
const saved = () => serviceCall<Email>(tabA, env.platform.shellUrl, 'mail', `/emails/${emailId}`);

/** A PATCH of the draft by the same agent on another device, through the gateway. */
const saveFromAnotherDevice = (body: object) =>
  serviceCall<Email>(tabA, env.platform.shellUrl, 'mail', `/emails/${emailId}`, { method: 'PATCH', data: body });

/** The serious and critical axe violations that touch the Email widget. */
const emailWidgetViolations = async (tab: Page) => (await axeViolations(tab)).filter((line) => line.includes('sb-email-widget'));

beforeAll(async () => {
  env = await startTestPlatform();
  browser = await launchBrowser();
  tabA = await browser.context.newPage();
  await login(tabA, env.platform.shellUrl, 'agent@demo.test', 'demo');
  await tabA.getByRole('button', { name: 'New email' }).first().click();
  await eventually(() => expect(/\/emails\/([0-9a-f-]{36})/.test(tabA.url())).toBe(true));
  emailId = /\/emails\/([0-9a-f-]{36})/.exec(tabA.url())![1];
  await body(tabA).waitFor({ timeout: 30_000 });
  tabB = await browser.context.newPage();
  await tabB.goto(tabA.url());
  await body(tabB).waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await env?.teardown();
});

describe('one draft in two tabs, live (issue 14)', () => {
  it('shows what is typed in one tab in the other without a reload, subject and body', async () => {
    await subject(tabA).fill('Refund for order 7781');
    await eventually(async () => expect(await subject(tabB).inputValue()).toBe('Refund for order 7781'));
    await body(tabA).click();
    await tabA.keyboard.type('Dear Jana, the refund is on its way.');
    await eventually(async () => expect(await body(tabB).textContent()).toBe('Dear Jana, the refund is on its way.'));
    // B builds on A's text: no conflict, and both edits reach the server.
    await body(tabB).click();
    await tabB.keyboard.press('End');
    await tabB.keyboard.type(' Kind regards');
    await eventually(async () => expect(await body(tabA).textContent()).toBe('Dear Jana, the refund is on its way. Kind regards'));
    await eventually(async () => expect((await saved()).html).toBe('<p>Dear Jana, the refund is on its way. Kind regards</p>'), 30_000);
    await expect(dialog(tabA).count()).resolves.toBe(0);
    await expect(dialog(tabB).count()).resolves.toBe(0);
  });

  it('opens the dialog when another device saves the subject this tab is editing; a per-field choice settles every tab', async () => {
    const before = await saved();
    await subject(tabA).fill('Subject typed in tab A');
    // Another device saves its own subject before tab A's autosave goes out.
    const laptop = await saveFromAnotherDevice({ version: before.version, subject: 'Subject from the laptop' });
    const group = dialog(tabA).getByRole('group', { name: 'Subject' });
    await group.waitFor({ timeout: 15_000 });
    await expect(group.textContent()).resolves.toContain('Subject typed in tab A');
    await expect(group.textContent()).resolves.toContain('Subject from the laptop');
    // Tab B had not touched the subject: it simply follows the laptop.
    await eventually(async () => expect(await subject(tabB).inputValue()).toBe('Subject from the laptop'));
    await group.getByRole('button', { name: 'Keep yours: Subject' }).click();
    await eventually(async () => expect(await dialog(tabA).count()).toBe(0));
    await eventually(async () => expect(await subject(tabB).inputValue()).toBe('Subject typed in tab A'));
    await eventually(async () => expect((await saved()).subject).toBe('Subject typed in tab A'), 30_000);
    expect((await saved()).version).toBeGreaterThan(laptop.version);
  });

  it('has an accessible dialog in English and Czech, and Apply all takes the other values', async () => {
    const before = await saved();
    await subject(tabA).fill('Once more from tab A');
    await saveFromAnotherDevice({ version: before.version, subject: 'Once more from the laptop' });
    await dialog(tabA).waitFor({ timeout: 15_000 });
    expect(await emailWidgetViolations(tabA)).toEqual([]);
    await dialog(tabA).getByRole('button', { name: 'Decide later' }).click();
    await tabA.getByLabel('Language').selectOption('cs');
    const email = region(tabA, 'E-mail').or(region(tabA)).first();
    await email.getByRole('button', { name: 'Zobrazit změny' }).click();
    const czech = email.getByRole('dialog', { name: 'Změněno v jiné kartě nebo zařízení' });
    await czech.waitFor({ timeout: 15_000 });
    expect(await emailWidgetViolations(tabA)).toEqual([]);
    await czech.getByRole('button', { name: 'Použít všechny změny' }).click();
    await eventually(async () => expect((await saved()).subject).toBe('Once more from the laptop'), 30_000);
    await eventually(async () => expect(await subject(tabB, 'Předmět').or(subject(tabB)).first().inputValue()).toBe('Once more from the laptop'));
  });
});
