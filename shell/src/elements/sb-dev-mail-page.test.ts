import type { DevMailMessage, DevMailSummary } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import { waitFor } from '@switchboard/widget-sdk/testing';
import type { DevMailClient } from '../mail/dev-mail-client';
import { isolateElementTests } from './element-tests.fixture';
import './sb-dev-mail-page';
import type { SbDevMailMessage } from './sb-dev-mail-message';
import type { SbDevMailPage } from './sb-dev-mail-page';

const ID = '7d2e4f6a-8b0c-4d1e-9f2a-3b4c5d6e7f80';
const OTHER = '8e3f5a7b-9c1d-4e2f-8a3b-4c5d6e7f8091';

const summary: DevMailSummary = {
  id: ID,
  receivedAt: '2025-03-04T09:30:00.000Z',
  from: [{ address: 'support@demo.test', name: 'Support Desk' }],
  to: [{ address: 'jana@customer.test', name: 'Jana' }],
  cc: [{ address: 'boss@customer.test', name: '' }],
  subject: 'Your invoice',
  messageId: '<abc@demo.test>',
  size: 2048,
  attachments: [
    { fileName: 'invoice.pdf', contentType: 'application/pdf', size: 1500, contentId: null },
    { fileName: 'logo.png', contentType: 'image/png', size: 68, contentId: '<logo@demo>' },
  ],
};
const message: DevMailMessage = {
  ...summary,
  envelope: { from: 'support@demo.test', to: ['jana@customer.test', 'boss@customer.test', 'audit@demo.test'] },
  html: '<p>Hello <b>Jana</b></p><script>parent.hacked = true</script>',
  text: 'Hello Jana',
  headers: { 'in-reply-to': '<earlier@demo.test>' },
};

function fakeClient(overrides: Partial<DevMailClient> = {}) {
  const calls: string[] = [];
  const client = {
    list: async () => (calls.push('list'), [summary, { ...summary, id: OTHER, subject: '', attachments: [] }]),
    message: async (id: string) => (calls.push(`message ${id}`), message),
    clear: async () => void calls.push('clear'),
    raw: async () => new Blob(['raw']),
    ...overrides,
  } as DevMailClient;
  return { client, calls };
}

async function mountPage(client: DevMailClient, props: Partial<SbDevMailPage> = {}) {
  const page = document.createElement('sb-dev-mail-page') as SbDevMailPage;
  Object.assign(page, { client, admin: true, ...props });
  document.body.append(page);
  await page.updateComplete;
  return { page, root: page.shadowRoot as ShadowRoot };
}

const detail = (root: ShadowRoot) => (root.querySelector('sb-dev-mail-message') as SbDevMailMessage | null)?.shadowRoot ?? null;
const squash = (text: string | null | undefined) => text?.replace(/\s+/g, ' ').trim() ?? '';

isolateElementTests();

describe('sb-dev-mail-page', () => {
  it('lists the caught messages in a table with subject links, addresses, time and attachment count', async () => {
    const { root } = await mountPage(fakeClient().client);
    await waitFor(() => root.querySelectorAll('tbody tr').length === 2);

    expect(squash(root.querySelector('h1')?.textContent)).toBe('Sent mail');
    expect(squash(root.querySelector('caption')?.textContent)).toBe('Messages, newest first');
    expect([...root.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['Subject', 'From', 'To', 'Received', 'Attachments']);
    const cells = [...root.querySelectorAll('tbody tr:first-child td')].map((td) => squash(td.textContent));
    expect(cells[0]).toBe('Your invoice');
    expect(cells[1]).toBe('Support Desk <support@demo.test>');
    expect(cells[2]).toBe('Jana <jana@customer.test>, boss@customer.test');
    expect(cells[4]).toBe('2');
    expect(root.querySelector('tbody a')?.getAttribute('href')).toBe(`/dev/mail/${ID}`);
    expect(squash(root.querySelector('tbody tr:last-child a')?.textContent)).toBe('(no subject)');
    expect(squash(root.textContent)).toContain('Choose a message to see it.');
  });

  it('shows the chosen message: headers, envelope, attachments, and the HTML in a sandbox with no scripts', async () => {
    const { client, calls } = fakeClient();
    const { root } = await mountPage(client, { messageId: ID });
    await waitFor(() => detail(root)?.querySelector('iframe') != null);
    const shown = detail(root) as ShadowRoot;

    expect(calls).toContain(`message ${ID}`);
    expect(root.querySelector('tbody a')?.getAttribute('aria-current')).toBe('page');
    expect(squash(shown.querySelector('h2')?.textContent)).toBe('Your invoice');
    const fields = Object.fromEntries([...shown.querySelectorAll('dt')].map((dt) => [dt.textContent, squash(dt.nextElementSibling?.textContent)]));
    expect(fields).toMatchObject({
      From: 'Support Desk <support@demo.test>',
      To: 'Jana <jana@customer.test>',
      Cc: 'boss@customer.test',
      'Envelope recipients': 'jana@customer.test, boss@customer.test, audit@demo.test',
      'Message-ID': '<abc@demo.test>',
      Size: '2 kB',
      'in-reply-to': '<earlier@demo.test>',
    });
    expect([...shown.querySelectorAll('li')].map((li) => squash(li.textContent))).toEqual([
      'invoice.pdf (application/pdf, 1.5 kB)',
      'logo.png (image/png, 68 B, inline)',
    ]);
    const frame = shown.querySelector('iframe') as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('title')).toBe('Message body');
    expect(frame.getAttribute('srcdoc')).toBe(message.html);
  });

  it('shows the plain text when the message has no HTML', async () => {
    const { root } = await mountPage(fakeClient({ message: async () => ({ ...message, html: null }) }).client, { messageId: ID });
    await waitFor(() => detail(root)?.querySelector('pre') != null);
    expect(detail(root)?.querySelector('iframe')).toBeNull();
    expect(detail(root)?.querySelector('pre')?.textContent).toBe('Hello Jana');
  });

  it('says when the sink no longer keeps the message', async () => {
    const gone = fakeClient({ message: async () => Promise.reject(new ApiError(404, 'DEV_MAIL_MESSAGE_NOT_FOUND', 'gone')) });
    const { root } = await mountPage(gone.client, { messageId: ID });
    await waitFor(() => detail(root)?.querySelector('[role=alert]') != null);
    expect(squash(detail(root)?.querySelector('[role=alert]')?.textContent)).toBe('The sink no longer keeps this message.');
  });

  it('deletes every message with Delete all and goes back to the list', async () => {
    const { client, calls } = fakeClient();
    history.replaceState(null, '', `/dev/mail/${ID}`);
    const { root } = await mountPage(client, { messageId: ID });
    await waitFor(() => root.querySelectorAll('tbody tr').length === 2);
    const clear = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Delete all') as HTMLButtonElement;
    clear.click();
    await waitFor(() => calls.filter((c) => c === 'list').length === 2);
    expect(calls).toContain('clear');
    expect(location.pathname).toBe('/dev/mail');
  });

  it('explains that no sink runs when SMTP_URL points elsewhere, in Czech too', async () => {
    const { client, calls } = fakeClient();
    const { root } = await mountPage(client, { available: false, locale: 'cs' });
    expect(squash(root.textContent)).toContain('Vývojový poštovní server tu neběží');
    expect(root.querySelector('table')).toBeNull();
    expect(calls).toEqual([]);
  });

  it('tells an agent who is no administrator that the sent mail is theirs only, and asks the sink nothing', async () => {
    const { client, calls } = fakeClient();
    const { root } = await mountPage(client, { admin: false });
    expect(root.querySelector('[role=alert]')?.textContent).toBe("Only an administrator may read the sent mail: it holds every agent's messages.");
    expect(root.querySelector('table')).toBeNull();
    expect(calls).toEqual([]);
  });
});
