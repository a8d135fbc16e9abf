import type { Email, EmailList, EmailTicket, RecentEmails, TicketList } from '@switchboard/contracts';
import nodemailer from 'nodemailer';
import type { Page } from 'playwright-core';
import { freePort } from '../infra/src/free-port';
import { serviceCall } from './support/api';
import { axeViolations, launchBrowser, login, type TestBrowser } from './support/browser';
import { DEMO_EMAIL_ID, switchUser, widgetRegion } from './support/email-page';
import { eventually } from './support/eventually';
import { startTestPlatform, type TestPlatform } from './support/platform';

// Issue 13: an agent answers a customer; the customer's reply, sent from the dev mail page
// through the platform's inbound SMTP listener, lands in the same ticket's thread and on the
// assignee's home page as unread until they open it. A reply with only the [#number] in its
// subject threads too, and a new message files a new ticket.

let env: TestPlatform;
let browser: TestBrowser;
let page: Page;
let inboundPort: number;

/** Calls a service through the gateway with the signed-in user's token of its audience. */
const api = <T>(audience: string, method: 'GET' | 'POST' | 'PATCH', path: string, data?: object) =>
  serviceCall<T>(page, env.platform.shellUrl, audience, path, { method, data });

/** The signed-in user's id: the subject of their tokens. */
async function myId(): Promise<string> {
  const answer = await page.request.post(`${env.platform.shellUrl}/api/identity/token`, { data: { audience: 'tickets' } });
  const { token } = (await answer.json()) as { token: string };
  return (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;
}

/** Delivers a customer's message to the platform's inbound SMTP listener, as their mail server would. */
async function deliver(to: string, subject: string, text: string): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: inboundPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ from: 'Jana Customer <jana@customer.test>', to, subject, text });
  } finally {
    transport.close();
  }
}

beforeAll(async () => {
  inboundPort = await freePort();
  env = await startTestPlatform({ inboundSmtpPort: inboundPort });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await login(page, env.platform.shellUrl, 'agent@demo.test', 'demo');
});

afterAll(async () => {
  await browser?.close();
  await env?.teardown();
});

describe("a customer's reply through the dev mail page", () => {
  const subjectWord = `Inbound${Date.now()}`;
  const replyText = `Still broken after the restart, ${subjectWord}.`;
  let ticket: EmailTicket['ticket'];
  let sent: Email;
  let reply: EmailList['items'][number] | undefined;

  it('starts with the agent answering the demo email of a ticket assigned to them', async () => {
    ({ ticket } = await api<EmailTicket>('tickets', 'GET', `/emails/${DEMO_EMAIL_ID}/ticket`));
    await api('tickets', 'PATCH', `/tickets/${ticket.id}`, { assigneeId: await myId() });
    const draft = await api<Email>('mail', 'POST', '/drafts', { replyTo: { emailId: DEMO_EMAIL_ID, mode: 'reply' } });
    const saved = await api<Email>('mail', 'PATCH', `/emails/${draft.id}`, {
      version: draft.version,
      subject: `${draft.subject} ${subjectWord}`,
      html: '<p>Please restart the printer.</p>',
    });
    await api<Email>('mail', 'POST', `/emails/${draft.id}/send`, { version: saved.version });
    await eventually(async () => {
      sent = await api<Email>('mail', 'GET', `/emails/${draft.id}`);
      expect(sent.status).toBe('sent');
    }, 60_000);
    expect(sent.ticket?.id).toBe(ticket.id);
  });

  it('lets an administrator reply as the customer from the dev mail page', async () => {
    await switchUser(page, env.platform.shellUrl, 'admin@demo.test');
    await page.goto(`${env.platform.shellUrl}/dev/mail`);
    await page.getByRole('link', { name: new RegExp(subjectWord) }).click();
    await page.getByRole('textbox', { name: "The customer's answer" }).fill(replyText);
    await page.getByRole('button', { name: 'Send the reply' }).click();
    await page.getByRole('status').filter({ hasText: 'Delivered' }).waitFor({ timeout: 30_000 });
  });

  it("shows the reply in the same ticket's thread, and as unread on the assignee's home page until they open it", async () => {
    await switchUser(page, env.platform.shellUrl, 'agent@demo.test');
    await eventually(async () => {
      const thread = await api<EmailList>('mail', 'GET', `/tickets/${ticket.id}/emails`);
      reply = thread.items.find((item) => item.direction === 'inbound' && item.subject.includes(subjectWord));
      expect(reply).toBeDefined();
    });
    expect(reply).toMatchObject({ status: 'received', ticket: { id: ticket.id } });
    expect(reply!.subject).toContain(`[#${ticket.number}]`);

    // Unread on the assignee's home page until they open it there.
    await page.goto(env.platform.shellUrl);
    const unread = page.getByRole('region', { name: 'Unread customer emails' });
    const link = unread.getByRole('link', { name: new RegExp(`#${ticket.number}`) });
    await link.first().waitFor({ timeout: 30_000 });
    await link.first().click();
    await page.waitForURL(`**/emails/${reply!.id}`);
    await widgetRegion(page, 'Email').getByText(replyText).first().waitFor({ timeout: 30_000 });
    await eventually(async () => {
      const left = await api<RecentEmails>('tickets', 'GET', '/emails/unread?limit=50');
      expect(left.items.map((item) => item.emailId)).not.toContain(reply!.id);
    });
  });

  it("threads a message that names only the [#number] in its subject into the ticket, shown in the open email page's thread without reload", async () => {
    // The ticket's email page is open and following its thread.
    const streamOpened = page.waitForResponse((response) => response.url().includes(`/tickets/${ticket.id}/emails/changes`) && response.status() === 200);
    await page.goto(`${env.platform.shellUrl}/emails/${reply!.id}`);
    await streamOpened;
    const email = widgetRegion(page, 'Email');
    await email.getByRole('list').getByRole('button', { name: sent.subject, exact: true }).waitFor({ timeout: 30_000 });
    await page.evaluate(() => ((window as unknown as { sbNotReloaded?: boolean }).sbNotReloaded = true));

    const subject = `About [#${ticket.number}] once more ${subjectWord}`;
    await deliver(sent.from!.address, subject, 'Any news?');
    await email.getByRole('list').getByRole('button', { name: subject, exact: true }).waitFor({ timeout: 30_000 });
    await email.locator('[aria-live="polite"]').filter({ hasText: `New email from Jana Customer: ${subject}.` }).waitFor({ state: 'attached' });
    expect(await page.evaluate(() => (window as unknown as { sbNotReloaded?: boolean }).sbNotReloaded)).toBe(true);
    const thread = await api<EmailList>('mail', 'GET', `/tickets/${ticket.id}/emails`);
    expect(thread.items.map((item) => item.subject)).toContain(subject);
  });

  it('files a new message into a new ticket of the queue', async () => {
    const subject = `New question ${subjectWord}`;
    await deliver(sent.from!.address, subject, 'My scanner is broken too.');
    let found: TicketList['items'] = [];
    await eventually(async () => {
      found = (await api<TicketList>('tickets', 'GET', `/tickets?q=${encodeURIComponent(subjectWord)}`)).items.filter((item) => item.title === subject);
      expect(found).toHaveLength(1);
    });
    expect(found[0]).toMatchObject({ status: 'open', queueId: ticket.queueId });
    expect(found[0]!.id).not.toBe(ticket.id);
    const thread = await api<EmailList>('mail', 'GET', `/tickets/${found[0]!.id}/emails`);
    expect(thread.items).toMatchObject([{ direction: 'inbound', status: 'received', subject }]);
  });
});

describe("the administrators' Inbound mail page", () => {
  it("sets a queue's IMAP mailbox from the top panel's link, shows only its host, stops polling it, and has no serious violations in English and Czech", async () => {
    await switchUser(page, env.platform.shellUrl, 'admin@demo.test');
    await page.getByRole('link', { name: 'Inbound mail' }).click();
    await page.waitForURL('**/admin/inbound');
    const mailboxes = page.getByRole('table', { name: 'Queue mailboxes' });
    await mailboxes.getByRole('row', { name: /Support/ }).getByText(/Not set/).waitFor({ timeout: 15_000 });
    await page.getByRole('table', { name: 'Held messages' }).or(page.getByText('No message is held.')).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Set mailbox of Support' }).click();
    await page.getByRole('combobox', { name: 'Connection' }).selectOption('starttls');
    await page.getByRole('textbox', { name: 'Server' }).fill('127.0.0.1');
    await page.getByRole('textbox', { name: 'Port' }).fill('1');
    await page.getByRole('textbox', { name: 'User name' }).fill('desk');
    await page.getByLabel('Password').fill('e2e-secret');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save and start polling' }).click();
    await page.getByRole('status').filter({ hasText: 'Support now polls 127.0.0.1.' }).waitFor({ timeout: 15_000 });
    await mailboxes.getByRole('row', { name: /Support/ }).getByText('127.0.0.1, folder INBOX').waitFor();
    expect(await page.content()).not.toContain('e2e-secret');

    await page.getByRole('button', { name: 'Stop polling for Support' }).click();
    await page.getByRole('status').filter({ hasText: 'Support no longer polls a mailbox.' }).waitFor({ timeout: 15_000 });

    await page.getByLabel('Language').selectOption('cs');
    await page.getByRole('heading', { name: 'Příchozí pošta', level: 1 }).waitFor({ timeout: 15_000 });
    await page.getByRole('table', { name: 'Schránky front' }).getByRole('row', { name: /Support/ }).getByText(/Nenastavena/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Jazyk').selectOption('en');
    await page.getByRole('heading', { name: 'Inbound mail', level: 1 }).waitFor({ timeout: 15_000 });
  });
});
