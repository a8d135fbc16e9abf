import type { Email, EmailList, EmailTicket } from '@switchboard/contracts';
import type { Page } from 'playwright-core';
import { serviceCall } from './support/api';
import { launchBrowser, login, type TestBrowser } from './support/browser';
import { DEMO_EMAIL_ID, openEmailPage, switchUser, widgetRegion } from './support/email-page';
import { eventually } from './support/eventually';
import { startTestPlatform, type TestPlatform } from './support/platform';

// Issue 13: an agent answers a customer; the customer's reply, sent from the dev mail page
// through the platform's inbound SMTP listener, lands in the same ticket's thread.

let env: TestPlatform;
let browser: TestBrowser;
let page: Page;

/** Calls a service through the gateway with the signed-in user's token of its audience. */
const api = <T>(audience: string, method: 'GET' | 'POST' | 'PATCH', path: string, data?: object) =>
  serviceCall<T>(page, env.platform.shellUrl, audience, path, { method, data });

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

describe("a customer's reply through the dev mail page", () => {
  const subjectWord = `Inbound${Date.now()}`;
  const replyText = `Still broken after the restart, ${subjectWord}.`;
  let ticket: EmailTicket['ticket'];
  let sent: Email;

  it('starts with the agent answering the demo email of a ticket', async () => {
    ({ ticket } = await api<EmailTicket>('tickets', 'GET', `/emails/${DEMO_EMAIL_ID}/ticket`));
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

  it("shows the reply in the same ticket's thread, and on its email page", async () => {
    await switchUser(page, env.platform.shellUrl, 'agent@demo.test');
    let reply: EmailList['items'][number] | undefined;
    await eventually(async () => {
      const thread = await api<EmailList>('mail', 'GET', `/tickets/${ticket.id}/emails`);
      reply = thread.items.find((item) => item.direction === 'inbound' && item.subject.includes(subjectWord));
      expect(reply).toBeDefined();
    });
    expect(reply).toMatchObject({ status: 'received', ticket: { id: ticket.id } });
    expect(reply!.subject).toContain(`[#${ticket.number}]`);
    await openEmailPage(page, env.platform.shellUrl, reply!.id);
    await widgetRegion(page, 'Email').getByText(replyText).first().waitFor({ timeout: 30_000 });
  });
});
