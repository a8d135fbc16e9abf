import type { Email, EmailTicket, TicketTags } from '@switchboard/contracts';
import type { Page } from 'playwright-core';
import { startSmtpSink, type SmtpSink } from '../infra/src/mail-sink/smtp-sink';
import { serviceCall } from './support/api';
import { axeViolations, launchBrowser, login, type TestBrowser } from './support/browser';
import { eventually } from './support/eventually';
import { startTestPlatform, type TestPlatform } from './support/platform';

// E13 in Chromium: "Send and Close as solved" from the composer; the SMTP sink gets the message
// once, the Email widget shows the macro's progress, and the Tickets widget shows the ticket closed.

let env: TestPlatform;
let sink: SmtpSink;
let browser: TestBrowser;
let page: Page;

/** The first demo email (inbound, from a customer) and the ticket the tickets seed links it to. */
const DEMO_EMAIL_ID = '00000000-0000-4000-8000-0000000e0001';

/** GETs a service's route through the gateway with a token of its audience, as the page's session. */
const api = <T>(audience: string, path: string) => serviceCall<T>(page, env.platform.shellUrl, audience, path);

const emailRegion = () => page.getByRole('region', { name: 'Email' });
const ticketsRegion = () => page.getByRole('region', { name: 'Tickets' });
const emailIdOfPage = () => /\/emails\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';

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

describe('send and run a macro (E13)', () => {
  it('sends with "Close as solved" from the menu; the sink has it once and the ticket is closed and tagged', async () => {
    const { ticket } = await api<EmailTicket>('tickets', `/emails/${DEMO_EMAIL_ID}/ticket`);
    const customer = (await api<Email>('mail', `/emails/${DEMO_EMAIL_ID}`)).from?.address ?? '';
    await page.goto(`${env.platform.shellUrl}/tickets/${ticket.id}`);
    await page.getByRole('main').getByRole('button', { name: 'New email' }).click();
    await eventually(() => expect(emailIdOfPage()).not.toBe(''));
    const emailId = emailIdOfPage();
    await emailRegion().getByRole('combobox', { name: 'Queue' }).selectOption({ label: 'Support' });
    await emailRegion().getByRole('button', { name: 'Suggestions for To' }).click();
    await emailRegion().getByRole('list', { name: 'Suggestions for To' }).getByRole('button', { name: customer }).click();
    await emailRegion().getByRole('textbox', { name: 'Subject' }).fill('Solved');
    await emailRegion().getByRole('textbox', { name: 'Message body' }).click();
    await page.keyboard.type('Your issue is solved.');

    // Keyboard: the menu opens on its first macro; Escape goes back to the button.
    const menuButton = emailRegion().getByRole('button', { name: 'Send and run a macro' });
    await menuButton.focus();
    await page.keyboard.press('Enter');
    const close = emailRegion().getByRole('menuitem', { name: 'Send and Close as solved' });
    await close.waitFor({ timeout: 30_000 });
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await eventually(async () => expect(await menuButton.getAttribute('aria-expanded')).toBe('false'));

    const before = sink.accepted.length;
    await menuButton.click();
    await close.click();
    await emailRegion().getByText(/Sent at \d{2}:\d{2}:\d{2}/).first().waitFor({ timeout: 60_000 });
    await emailRegion().getByText("Macro 'Close as solved': 3 of 3 done").waitFor({ timeout: 60_000 });
    await sink.waitForAccepted(before + 1);
    const sent = await api<Email>('mail', `/emails/${emailId}`);
    expect(sink.accepted.filter((m) => m.messageId === sent.messageId)).toHaveLength(1);
    expect(await axeViolations(page)).toEqual([]);

    const tags = await api<TicketTags>('tickets', `/tickets/${ticket.id}/tags`);
    expect(tags.tags).toContain('solved');
    await page.reload();
    const card = ticketsRegion().getByRole('region', { name: 'Assigned ticket' });
    await card.getByText('Closed').first().waitFor({ timeout: 30_000 });
  });
});
