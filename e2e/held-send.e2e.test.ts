import type { DevMailList, Email, EmailList } from '@switchboard/contracts';
import type { Page } from 'playwright-core';
import { serviceCall, type ServiceCallInit } from './support/api';
import { axeViolations, launchBrowser, login, type TestBrowser } from './support/browser';
import { eventually } from './support/eventually';
import { startTestPlatform, type TestPlatform } from './support/platform';

// Issue 14, E14 and E15 in Chromium: Undo send within the agent's window (also after a reload),
// Send later at a chosen time, and a scheduled send held back by the customer's reply. Delivery
// goes to the platform's dev mail sink; the customer replies through its inbound SMTP listener.

let env: TestPlatform;
let agentBrowser: TestBrowser;
let adminBrowser: TestBrowser;
let page: Page;
let admin: Page;
const word = `Held${Date.now()}`;
/** The email of the first test, delivered after its Undo: the later drafts reply to it, in its ticket. */
let first: Email;

const mail = <T>(path: string, init?: ServiceCallInit) => serviceCall<T>(page, env.platform.shellUrl, 'mail', path, init);
/** The dev mail sink's API as the administrator (a token of audience `mail`, at /api/dev-mail). */
async function devMail<T>(path: string, init: ServiceCallInit = {}): Promise<T> {
  const shell = env.platform.shellUrl;
  const { token } = (await (await admin.request.post(`${shell}/api/identity/token`, { data: { audience: 'mail' } })).json()) as { token: string };
  const res = await admin.request.fetch(`${shell}/api/dev-mail${path}`, { method: init.method ?? 'GET', data: init.data, headers: { authorization: `Bearer ${token}` } });
  if (!res.ok()) throw new Error(`${init.method ?? 'GET'} /api/dev-mail${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}
/** How many messages the SMTP sink caught with this Message-ID. */
const deliveries = async (messageId: string | null) => (await devMail<DevMailList>('/messages')).items.filter((m) => m.messageId === messageId).length;

const emailRegion = () => page.getByRole('region', { name: 'Email' });
const editor = () => emailRegion().getByRole('textbox', { name: 'Message body' });
const subjectBox = () => emailRegion().getByRole('textbox', { name: 'Subject' });
const emailWidgetViolations = async () => (await axeViolations(page)).filter((line) => line.includes('sb-email-widget'));
const emailIdOfPage = () => /\/emails\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';

/** A reply to the first email (its ticket, its customer), with a line of text, opened in the page. */
async function openReply(text: string): Promise<Email> {
  const draft = await mail<Email>('/drafts', { method: 'POST', data: { replyTo: { emailId: first.id, mode: 'reply' } } });
  const saved = await mail<Email>(`/emails/${draft.id}`, { method: 'PATCH', data: { version: draft.version, html: `<p>${text}</p>` } });
  await page.goto(`${env.platform.shellUrl}/emails/${draft.id}`);
  await editor().waitFor({ timeout: 30_000 });
  return saved;
}

beforeAll(async () => {
  env = await startTestPlatform();
  agentBrowser = await launchBrowser();
  adminBrowser = await launchBrowser();
  page = await agentBrowser.context.newPage();
  admin = await adminBrowser.context.newPage();
  await login(page, env.platform.shellUrl, 'agent@demo.test', 'demo');
  await login(admin, env.platform.shellUrl, 'admin@demo.test', 'demo');
  // Long enough for a reload on a busy machine; the test platform's default is 0.
  await mail('/settings/send', { method: 'PUT', data: { undoSendSeconds: 45 } });
  // Two browsers and a platform: slow to start on a busy machine.
}, 300_000);

afterAll(async () => {
  await agentBrowser?.close();
  await adminBrowser?.close();
  await env?.teardown();
});

describe('Undo send (E14)', () => {
  it('takes the email back within the window, after a reload too: nothing is delivered and nothing typed is lost', async () => {
    await page.getByRole('button', { name: 'New email' }).first().click();
    await eventually(() => expect(emailIdOfPage()).not.toBe(''));
    const emailId = emailIdOfPage();
    await editor().waitFor({ timeout: 30_000 });
    await emailRegion().getByRole('combobox', { name: 'Queue' }).selectOption({ label: 'Support' });
    const to = emailRegion().getByRole('textbox', { name: 'To', exact: true });
    await to.fill('jana.undo@example.com');
    await to.press('Enter');
    await subjectBox().fill(`Your refund ${word}`);
    await editor().click();
    await page.keyboard.type('Dear Jana, the refund is on its way.');
    await emailRegion().getByRole('button', { name: 'Send', exact: true }).click();

    const undo = emailRegion().getByRole('button', { name: /^Undo sending/ });
    await undo.waitFor({ timeout: 30_000 });
    await emailRegion().getByText(/Sending in \d+ s/).waitFor();
    expect(await emailWidgetViolations()).toEqual([]);
    // The window is the server's: a reload shows it again.
    await page.reload();
    await undo.waitFor({ timeout: 30_000 });
    await undo.click();

    await editor().waitFor({ timeout: 30_000 });
    await expect(subjectBox().inputValue()).resolves.toContain(`Your refund ${word}`);
    await expect(editor().textContent()).resolves.toBe('Dear Jana, the refund is on its way.');
    await emailRegion().getByText('jana.undo@example.com').first().waitFor();
    const back = await mail<Email>(`/emails/${emailId}`);
    expect(back).toMatchObject({ status: 'draft', releaseAt: null });

    // Sent again with a short window: delivered once, so the undone send never reached the sink (same Message-ID).
    await mail('/settings/send', { method: 'PUT', data: { undoSendSeconds: 2 } });
    await emailRegion().getByRole('button', { name: 'Send', exact: true }).click();
    await emailRegion().getByText(/Sent at \d{2}:\d{2}:\d{2}/).first().waitFor({ timeout: 60_000 });
    first = await mail<Email>(`/emails/${emailId}`);
    expect(first.messageId).toBe(back.messageId);
    await eventually(async () => expect(await deliveries(first.messageId)).toBe(1));
    await mail('/settings/send', { method: 'PUT', data: { undoSendSeconds: 45 } });
  });
});

describe('Send later (E15)', () => {
  it('schedules from the keyboard in the agent’s time zone, cancels, and goes out once at its time', async () => {
    const draft = await openReply(`Scheduled answer ${word}`);
    const later = emailRegion().getByRole('button', { name: 'Send later…' });
    await later.focus();
    await page.keyboard.press('Enter');
    const dialog = emailRegion().getByRole('dialog', { name: 'Send later' });
    await dialog.waitFor();
    const at = dialog.getByLabel('Send at');
    await eventually(async () => expect(await at.evaluate((input) => input === (input.getRootNode() as ShadowRoot).activeElement)).toBe(true));
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    await dialog.getByText(`Time zone: ${zone}`).waitFor();
    expect(await emailWidgetViolations()).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await later.click();
    await dialog.getByRole('button', { name: 'Tomorrow at 8:00' }).click();
    await dialog.getByRole('button', { name: 'Schedule' }).click();
    await emailRegion().getByText(/Scheduled for .* \(.+\)/).first().waitFor({ timeout: 30_000 });
    const postponed = await mail<EmailList>('/emails?folder=postponed');
    expect(postponed.items.map((item) => item.id)).toContain(draft.id);
    expect(await emailWidgetViolations()).toEqual([]);

    await emailRegion().getByRole('button', { name: 'Cancel sending' }).click();
    await editor().waitFor({ timeout: 30_000 });
    await expect(editor().textContent()).resolves.toBe(`Scheduled answer ${word}`);

    await later.click();
    await dialog.getByRole('button', { name: 'Tomorrow at 8:00' }).click();
    await dialog.getByRole('button', { name: 'Schedule' }).click();
    await emailRegion().getByRole('button', { name: 'Change time' }).waitFor({ timeout: 30_000 });
    // A short time for the test (the dialog picks whole minutes).
    const scheduled = await mail<Email>(`/emails/${draft.id}`);
    await mail(`/emails/${draft.id}/schedule`, { method: 'POST', data: { version: scheduled.version, sendAt: new Date(Date.now() + 3000).toISOString() } });
    await emailRegion().getByText(/Sent at \d{2}:\d{2}:\d{2}/).first().waitFor({ timeout: 60_000 });
    const sent = await mail<Email>(`/emails/${draft.id}`);
    expect(new Date(sent.sentAt!).getTime()).toBeGreaterThanOrEqual(new Date(sent.releaseAt!).getTime());
    await eventually(async () => expect(await deliveries(sent.messageId)).toBe(1));
  });

  it('holds a scheduled send back when the customer writes first, and tells the agent', async () => {
    const draft = await openReply(`Held answer ${word}`);
    const scheduled = await mail<Email>(`/emails/${draft.id}/send`, {
      method: 'POST',
      data: { version: draft.version, sendAt: new Date(Date.now() + 60 * 60 * 1000).toISOString() },
    });
    await page.reload();
    await emailRegion().getByRole('button', { name: 'Cancel sending' }).waitFor({ timeout: 30_000 });

    const message = (await devMail<DevMailList>('/messages')).items.find((m) => m.messageId === first.messageId)!;
    await devMail(`/messages/${message.id}/reply`, { method: 'POST', data: { text: `One more question, ${word}` } });
    await eventually(async () => {
      const thread = await mail<EmailList>(`/tickets/${first.ticket!.id}/emails`);
      expect(thread.items.some((item) => item.direction === 'inbound')).toBe(true);
    }, 30_000);
    await mail(`/emails/${draft.id}/schedule`, { method: 'POST', data: { version: scheduled.version, sendAt: new Date(Date.now() + 2000).toISOString() } });

    await emailRegion().getByRole('alert').filter({ hasText: 'Held back' }).waitFor({ timeout: 60_000 });
    const held = await mail<Email>(`/emails/${draft.id}`);
    expect(held).toMatchObject({ status: 'draft', postponed: true });
    expect(held.heldAt).not.toBeNull();
    expect(await deliveries(held.messageId)).toBe(0);
  });
});
