import { createHash, randomBytes } from 'node:crypto';
import type { Email, EmailTicket } from '@switchboard/contracts';
import type { Locator, Page } from 'playwright-core';
import { startSmtpSink, type SmtpSink } from '../infra/src/mail-sink/smtp-sink';
import { launchBrowser, login, type TestBrowser } from './support/browser';
import { eventually } from './support/eventually';
import { startTestPlatform, type TestPlatform } from './support/platform';

let env: TestPlatform;
let sink: SmtpSink;
let browser: TestBrowser;
let page: Page;

/** The first demo email (inbound, from a customer) and the ticket the tickets seed links it to. */
const DEMO_EMAIL_ID = '00000000-0000-4000-8000-0000000e0001';

/** GETs a service's route through the gateway with a token of its audience, as the page's session. */
async function apiGet(audience: 'mail' | 'tickets', path: string) {
  const base = env.platform.shellUrl;
  const tokenRes = await page.request.post(`${base}/api/identity/token`, { data: { audience } });
  expect(tokenRes.ok()).toBe(true);
  const { token } = (await tokenRes.json()) as { token: string };
  const res = await page.request.get(`${base}/api/${audience}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok()) throw new Error(`GET ${path}: ${res.status()} ${await res.text()}`);
  return res;
}

/** The JSON answer of `apiGet`. */
const api = async <T>(audience: 'mail' | 'tickets', path: string): Promise<T> => (await (await apiGet(audience, path)).json()) as T;

const emailRegion = () => page.getByRole('region', { name: 'Email' });
const ticketsRegion = () => page.getByRole('region', { name: 'Tickets' });
const statusOf = () => emailRegion().getByRole('status').filter({ hasText: /Saved at|Sent at|Queued|Sending|Failed/ });
const editor = () => emailRegion().getByRole('textbox', { name: 'Message body' });
const emailIdOfPage = () => /\/emails\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Drops files on a drop zone the way a browser does: a `drop` event carrying a DataTransfer. */
async function dropFiles(zone: Locator, files: Array<{ name: string; type: string; bytes: Buffer }>): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.type, base64: f.bytes.toString('base64') }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }
    return transfer;
  }, payload);
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

beforeAll(async () => {
  sink = await startSmtpSink();
  env = await startTestPlatform({ smtpUrl: sink.url });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await login(page, env.platform.shellUrl, 'agent@demo.test', 'demo');
});

afterAll(async () => {
  await browser?.close();
  await env?.teardown();
  await sink?.close();
});

describe('writing an email from a ticket and sending it', () => {
  const report = { name: 'quarterly-report.pdf', type: 'application/pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(300_000)]) };
  const photo = {
    name: 'photo.png',
    type: 'image/png',
    bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(120_000)]),
  };
  let ticket: EmailTicket['ticket'];
  let customer: string;
  let draftId: string;

  it('opens a new email from the ticket page, prefilled with the ticket', async () => {
    ({ ticket } = await api<EmailTicket>('tickets', `/emails/${DEMO_EMAIL_ID}/ticket`));
    customer = (await api<Email>('mail', `/emails/${DEMO_EMAIL_ID}`)).from?.address ?? '';
    expect(customer).toMatch(/@/);
    await page.goto(`${env.platform.shellUrl}/tickets/${ticket.id}`);
    await page.getByRole('main').getByRole('button', { name: 'New email' }).click();
    await eventually(() => expect(emailIdOfPage()).not.toBe(''));
    draftId = emailIdOfPage();
    await expect(emailRegion().getByText(`#${ticket.number}`).first().waitFor({ timeout: 30_000 })).resolves.toBeUndefined();
  });

  it('picks a queue, a suggested recipient, a subject, formatted text and two dropped files, and saves them', async () => {
    await emailRegion().getByRole('combobox', { name: 'Queue' }).selectOption({ label: 'Support' });
    await emailRegion().getByRole('button', { name: 'Suggestions for To' }).click();
    await emailRegion().getByRole('list', { name: 'Suggestions for To' }).getByRole('button', { name: customer }).click();
    await emailRegion().getByRole('textbox', { name: 'Subject' }).fill('Your refund is on its way');
    await editor().click();
    await page.keyboard.type('Hello, ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('good news');
    await page.keyboard.press('Control+b');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- first step');
    await dropFiles(emailRegion().getByRole('group', { name: 'Attachments' }), [report, photo]);
    for (const file of [report, photo]) await emailRegion().getByRole('listitem').filter({ hasText: file.name }).first().waitFor();
    await eventually(async () => {
      const saved = await api<Email>('mail', `/emails/${draftId}`);
      expect(saved.to.map((a) => a.address)).toEqual([customer]);
      expect(saved.subject).toBe('Your refund is on its way');
      expect(saved.html).toContain('<strong>good news</strong>');
      expect(saved.html).toMatch(/<ul><li><p>first step<\/p><\/li><\/ul>|<ul><li>first step<\/li><\/ul>/);
      expect(saved.attachments.map((a) => a.fileName).sort()).toEqual([report.name, photo.name].sort());
    }, 30_000);
    await expect(statusOf().first().textContent()).resolves.toMatch(/Saved at \d{2}:\d{2}:\d{2}/);
  });

  it('shows everything again after a reload', async () => {
    await page.reload();
    await editor().waitFor({ timeout: 30_000 });
    // The select lists the agent's queues once they load; until then it shows "Loading…".
    const queue = emailRegion().getByRole('combobox', { name: 'Queue' });
    await eventually(async () => expect(await queue.locator('option:checked').textContent()).toBe('Support'));
    await emailRegion().getByText(customer).first().waitFor();
    await expect(emailRegion().getByRole('textbox', { name: 'Subject' }).inputValue()).resolves.toBe('Your refund is on its way');
    await expect(editor().innerHTML()).resolves.toContain('<strong>good news</strong>');
    await expect(editor().textContent()).resolves.toContain('first step');
    for (const file of [report, photo]) await emailRegion().getByRole('listitem').filter({ hasText: file.name }).first().waitFor();
  });

  it('sends it: the SMTP server receives exactly what was written, and the widget shows "Sent"', async () => {
    const before = sink.accepted.length;
    await emailRegion().getByRole('button', { name: 'Send', exact: true }).click();
    await emailRegion().getByText(/Sent at \d{2}:\d{2}:\d{2}/).first().waitFor({ timeout: 60_000 });
    await sink.waitForAccepted(before + 1);
    const sent = await api<Email>('mail', `/emails/${draftId}`);
    expect(sent.status).toBe('sent');
    const received = sink.accepted.find((m) => m.messageId === sent.messageId);
    expect(received).toBeDefined();
    const mail = received!.mail!;
    expect(mail.from?.value[0].address).toBe('support@demo.test');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : []).toEqual([customer]);
    expect(mail.subject).toBe(`[#${ticket.number}] Your refund is on its way`);
    expect(mail.html).toContain('<strong>good news</strong>');
    expect(mail.text).toContain('Hello, good news');
    expect(mail.text).toContain('first step');
    const files = Object.fromEntries(mail.attachments.map((a) => [a.filename, sha256(a.content)]));
    expect(files).toEqual({ [report.name]: sha256(report.bytes), [photo.name]: sha256(photo.bytes) });
    expect(mail.headers.get('x-switchboard-email-id')).toBe(draftId);
  });
});

describe('sending an email that has no ticket', () => {
  it('creates a ticket, and the Tickets widget on the page shows it', async () => {
    await page.goto(env.platform.shellUrl);
    await page.getByRole('button', { name: 'New email' }).first().click();
    await eventually(() => expect(emailIdOfPage()).not.toBe(''));
    const emailId = emailIdOfPage();
    await editor().waitFor({ timeout: 30_000 });
    await emailRegion().getByRole('combobox', { name: 'Queue' }).selectOption({ label: 'Support' });
    const to = emailRegion().getByRole('textbox', { name: 'To', exact: true });
    await to.fill('new.customer@example.com');
    await to.press('Enter');
    await emailRegion().getByRole('textbox', { name: 'Subject' }).fill('Welcome aboard');
    await editor().click();
    await page.keyboard.type('Thank you for your first order.');
    const before = sink.accepted.length;
    await emailRegion().getByRole('button', { name: 'Send', exact: true }).click();
    await emailRegion().getByText(/Sent at/).first().waitFor({ timeout: 60_000 });

    const sent = await api<Email>('mail', `/emails/${emailId}`);
    expect(sent.ticket).not.toBeNull();
    const linked = await api<EmailTicket>('tickets', `/emails/${emailId}/ticket`);
    expect(linked.ticket).toMatchObject({ id: sent.ticket!.id, title: 'Welcome aboard', assigneeId: expect.any(String) });
    await ticketsRegion().getByText(`#${linked.ticket.number}`).first().waitFor({ timeout: 15_000 });
    await emailRegion().getByText(`#${linked.ticket.number}`).first().waitFor();
    await sink.waitForAccepted(before + 1);
    const mail = sink.accepted.find((m) => m.messageId === sent.messageId)?.mail;
    expect(mail?.subject).toBe(`[#${linked.ticket.number}] Welcome aboard`);
  });
});

// Two tabs on one draft: e2e/live-sync.e2e.test.ts (issue 14 replaced the save-time conflict notice with live sync).

describe('choose from ticket', () => {
  it("adds a file of the ticket's earlier email to a reply, byte for byte", async () => {
    const demoIds = Array.from({ length: 20 }, (_, i) => `00000000-0000-4000-8000-0000000e${String(i + 1).padStart(4, '0')}`);
    let original: Email | undefined;
    for (const id of demoIds) {
      const email = await api<Email>('mail', `/emails/${id}`);
      if (email.attachments.length > 0) {
        original = email;
        break;
      }
    }
    expect(original).toBeDefined();
    const file = original!.attachments[0];
    await page.goto(`${env.platform.shellUrl}/emails/${original!.id}`);
    await emailRegion().getByRole('button', { name: 'Reply', exact: true }).click();
    await eventually(() => expect(['', original!.id]).not.toContain(emailIdOfPage()));
    const replyId = emailIdOfPage();
    await editor().waitFor({ timeout: 30_000 });

    await emailRegion().getByRole('button', { name: 'Choose from ticket' }).click();
    const dialog = emailRegion().getByRole('dialog');
    await dialog.getByRole('list').getByRole('checkbox').first().waitFor({ timeout: 15_000 });
    await dialog.getByRole('listitem').filter({ hasText: file.fileName }).getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'OK' }).click();
    await emailRegion().getByRole('listitem').filter({ hasText: file.fileName }).first().waitFor({ timeout: 15_000 });

    const reply = await api<Email>('mail', `/emails/${replyId}`);
    expect(reply.attachments.map((a) => [a.fileName, a.size])).toEqual([[file.fileName, file.size]]);
    const bytesOf = async (emailId: string, attachmentId: string) =>
      Buffer.from(await (await apiGet('mail', `/emails/${emailId}/attachments/${attachmentId}/content`)).body());
    expect(sha256(await bytesOf(replyId, reply.attachments[0].id))).toBe(sha256(await bytesOf(original!.id, file.id)));
  });
});

describe('the composer in Czech', () => {
  it('relabels every control when the agent switches the language, and keeps what was typed', async () => {
    await page.goto(env.platform.shellUrl);
    await page.getByRole('button', { name: 'New email' }).first().click();
    await editor().waitFor({ timeout: 30_000 });
    await emailRegion().getByRole('textbox', { name: 'Subject' }).fill('Typed before the switch');

    await page.getByLabel('Language').selectOption('cs');
    const main = page.getByRole('main');
    await main.getByRole('textbox', { name: 'Předmět' }).waitFor({ timeout: 30_000 });
    await expect(main.getByRole('textbox', { name: 'Předmět' }).inputValue()).resolves.toBe('Typed before the switch');
    for (const name of ['Odeslat', 'Zahodit', 'Odložit', 'Vybrat soubory']) {
      await main.getByRole('button', { name, exact: true }).first().waitFor();
    }
    // Toolbar buttons are named with their shortcut.
    await main.getByRole('button', { name: /^Tučně \(Ctrl\+B\)$/ }).waitFor();
    await main.getByRole('combobox', { name: 'Fronta' }).waitFor();
    await main.getByRole('textbox', { name: 'Text zprávy' }).waitFor();
    await main.getByRole('group', { name: 'Přílohy' }).waitFor();

    await page.getByLabel('Jazyk').selectOption('en');
    await emailRegion().getByRole('textbox', { name: 'Subject' }).waitFor({ timeout: 30_000 });
  });
});
