import type { HeldInbound, HeldInboundList, HeldInboundQuery, QueueMailbox, QueueMailboxList, User } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import { getButton, queryDeep, textOf, typeInto, waitFor } from '@switchboard/widget-sdk/testing';
import { imapUrlOf } from '../inbound/inbound-admin-client';
import { INBOUND_PATH, isTabRoute, matchRoute } from '../navigation/routes';
import { isolateElementTests } from './element-tests.fixture';
import './sb-inbound-page';
import type { SbInboundPage } from './sb-inbound-page';

isolateElementTests();

const SUPPORT = { id: '00000000-0000-4000-8000-000000000201', name: 'Support', fromAddress: 'support@demo.test' };
const BILLING = { id: '00000000-0000-4000-8000-000000000202', name: 'Billing', fromAddress: 'billing@demo.test' };

const held = (id: string, state: HeldInbound['state'], subject: string, retriable = true): HeldInbound => ({
  id,
  state,
  reason: state === 'quarantined' ? 'tickets refused to file it' : 'message over 25 MB',
  sender: 'jana@customer.test',
  subject,
  receivedAt: '2026-12-05T10:00:00.000Z',
  source: 'smtp',
  queueId: SUPPORT.id,
  size: 2048,
  retriable,
});

/** Mail's admin routes in memory: the URL's host is what an answer shows; the URL itself is only recorded. */
class MemoryInbound {
  mailboxes_: Record<string, QueueMailbox> = {
    [SUPPORT.id]: { configured: false, host: null, folder: 'INBOX' },
    [BILLING.id]: { configured: true, host: 'imap.billing.example', folder: 'Invoices' },
  };
  urls: string[] = [];
  queries: HeldInboundQuery[] = [];
  retried: string[] = [];
  items: HeldInbound[] = [held('11111111-1111-4111-8111-111111111111', 'quarantined', 'Broken printer'), held('22222222-2222-4222-8222-222222222222', 'refused', 'Huge scan', false)];

  async mailboxes(): Promise<QueueMailboxList> {
    return { items: [BILLING, SUPPORT].map((queue) => ({ queue, mailbox: this.mailboxes_[queue.id]! })) };
  }
  async setMailbox(queueId: string, url: string, folder: string): Promise<QueueMailbox> {
    const parsed = new URL(url);
    if (!parsed.username) throw new ApiError(400, 'INVALID_IMAP_URL', 'Not an IMAP URL: the IMAP URL names no user');
    this.urls.push(url);
    return (this.mailboxes_[queueId] = { configured: true, host: parsed.hostname, folder });
  }
  async clearMailbox(queueId: string): Promise<QueueMailbox> {
    return (this.mailboxes_[queueId] = { configured: false, host: null, folder: 'INBOX' });
  }
  async held(query: HeldInboundQuery): Promise<HeldInboundList> {
    this.queries.push(query);
    return { items: this.items.filter((item) => !query.state || item.state === query.state) };
  }
  async retry(id: string) {
    this.retried.push(id);
    this.items = this.items.filter((item) => item.id !== id);
    return { spoolId: '33333333-3333-4333-8333-333333333333' };
  }
}

const user = (role: User['role'], locale: User['locale'] = 'en'): User => ({ id: 'u1', email: 'a@demo.test', name: 'A', role, locale, teams: [], queues: [] });

function mount(role: User['role'], locale: User['locale'] = 'en') {
  const source = new MemoryInbound();
  const page = document.createElement('sb-inbound-page') as SbInboundPage;
  Object.assign(page, { user: user(role, locale), locale, source });
  document.body.append(page);
  return { page, source };
}

const rows = (page: HTMLElement, element: string) => queryDeep(page, `${element} tbody tr`).map((row) => textOf(row).replace(/\s+/g, ' ').trim());
const input = (page: HTMLElement, name: string) => queryDeep<HTMLInputElement>(page, `input[name="${name}"]`)[0]!;
const statusText = (page: HTMLElement) => queryDeep(page, '[role="status"]').map(textOf).join(' ');

it('is a closable tab at /admin/inbound', () => {
  expect(matchRoute(`${INBOUND_PATH}/`)).toEqual({ name: 'inbound', path: INBOUND_PATH });
  expect(isTabRoute(matchRoute(INBOUND_PATH))).toBe(true);
});

it('builds the IMAP URL mail stores sealed, with the user and password encoded', () => {
  expect(imapUrlOf({ security: 'tls', host: ' imap.acme.example ', port: '', user: 'help@acme.example', password: 'p@ss:w/rd' })).toBe(
    'imaps://help%40acme.example:p%40ss%3Aw%2Frd@imap.acme.example',
  );
  expect(imapUrlOf({ security: 'starttls', host: 'mail.local', port: '1143', user: 'desk', password: 'x' })).toBe('imap://desk:x@mail.local:1143');
});

it("lets an administrator set a queue's mailbox, shows only its host and folder, and stop polling it", async () => {
  const { page, source } = mount('admin');
  await waitFor(() => rows(page, 'sb-queue-mailboxes').length === 2);
  expect(rows(page, 'sb-queue-mailboxes')[0]).toContain('imap.billing.example, folder Invoices');
  expect(rows(page, 'sb-queue-mailboxes')[1]).toContain('Not set');

  getButton(page, 'Set mailbox of Support').click();
  await waitFor(() => input(page, 'host'));
  typeInto(input(page, 'host'), 'imap.support.example');
  typeInto(input(page, 'user'), 'desk@support.example');
  typeInto(input(page, 'password'), 's3cret');
  getButton(page, 'Save and start polling').click();
  await waitFor(() => statusText(page).includes('Support now polls imap.support.example.'));
  expect(source.urls).toEqual(['imaps://desk%40support.example:s3cret@imap.support.example']);
  expect(rows(page, 'sb-queue-mailboxes')[1]).toContain('imap.support.example, folder INBOX');
  expect(queryDeep(page, 'form')).toEqual([]);
  expect(textOf(page.shadowRoot!)).not.toContain('s3cret');

  getButton(page, 'Stop polling for Billing').click();
  await waitFor(() => statusText(page).includes('Billing no longer polls a mailbox.'));
  expect(rows(page, 'sb-queue-mailboxes')[0]).toContain('Not set');
});

it("says why mail refused a mailbox, and keeps the form to correct it", async () => {
  const { page, source } = mount('admin');
  await waitFor(() => rows(page, 'sb-queue-mailboxes').length === 2);
  getButton(page, 'Set mailbox of Support').click();
  await waitFor(() => input(page, 'host'));
  typeInto(input(page, 'host'), 'imap.support.example');
  typeInto(input(page, 'user'), ' ');
  typeInto(input(page, 'password'), 'x');
  getButton(page, 'Save and start polling').click();
  const alert = await waitFor(() => queryDeep(page, 'sb-queue-mailboxes [role="alert"]')[0]);
  expect(textOf(alert)).toContain('the IMAP URL names no user');
  expect(source.urls).toEqual([]);
  expect(input(page, 'host').value).toBe('imap.support.example');
});

it('lists held messages newest first with their reason, filters them, and files a quarantined one again', async () => {
  const { page, source } = mount('admin');
  await waitFor(() => rows(page, 'sb-held-inbound').length === 2);
  expect(rows(page, 'sb-held-inbound')[0]).toContain('Broken printer');
  expect(rows(page, 'sb-held-inbound')[0]).toContain('tickets refused to file it');
  expect(rows(page, 'sb-held-inbound')[1]).toContain('Refused');
  expect(queryDeep(page, 'sb-held-inbound tbody button').map(textOf)).toEqual(['File again: Broken printer']);

  const filter = queryDeep<HTMLSelectElement>(page, 'sb-held-inbound select')[0]!;
  filter.value = 'refused';
  filter.dispatchEvent(new Event('change'));
  await waitFor(() => rows(page, 'sb-held-inbound').length === 1);
  expect(source.queries.at(-1)).toEqual({ state: 'refused', limit: 200 });
  filter.value = 'all';
  filter.dispatchEvent(new Event('change'));
  await waitFor(() => rows(page, 'sb-held-inbound').length === 2);

  getButton(page, 'File again: Broken printer').click();
  await waitFor(() => statusText(page).includes('“Broken printer” is being filed again.'));
  expect(source.retried).toEqual(['11111111-1111-4111-8111-111111111111']);
  await waitFor(() => rows(page, 'sb-held-inbound').length === 1);
});

it('speaks Czech to a Czech administrator', async () => {
  const { page } = mount('admin', 'cs');
  await waitFor(() => rows(page, 'sb-queue-mailboxes').length === 2);
  expect(textOf(page.shadowRoot!.querySelector('h1')!)).toBe('Příchozí pošta');
  expect(rows(page, 'sb-queue-mailboxes')[1]).toContain('Nenastavena');
  getButton(page, 'Nastavit schránku fronty Support');
});

it('shows others only that the page is an administrator’s, and asks mail nothing', async () => {
  const { page, source } = mount('agent');
  await waitFor(() => page.shadowRoot?.querySelector('p.muted'));
  expect(textOf(page.shadowRoot!.querySelector('p.muted')!)).toBe('Only an administrator can see and change inbound mail settings.');
  expect(queryDeep(page, 'button, input, select')).toEqual([]);
  expect(source.queries).toEqual([]);
});
