import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmailTicket } from '@switchboard/contracts';
import type { Frame, Page } from 'playwright-core';
import { launchBrowser, login, type TestBrowser } from './support/browser';
import { DEMO_EMAIL_ID, EVENT_ECHO_DIST, frameOrder, openEmailPage, ORDER_LOOKUP_DIST, sandboxFrame, widgetRegion } from './support/email-page';
import { eventually } from './support/eventually';
import { startTestPlatform, type TestPlatform } from './support/platform';
import { RegistryApi } from './support/registry';
import { selfSignedCertificate, startTlsBackend, type TlsBackend } from './support/tls-backend';

let env: TestPlatform;
let browser: TestBrowser;
let page: Page;
let orders: Frame;
let ticket: EmailTicket['ticket'];
/** The widget's own backends: it declares both in `connect`, the admin approved the first. */
let approvedBackend: TlsBackend;
let unapprovedBackend: TlsBackend;
let orderLookupDist: string;

/** A copy of a widget build whose widget.json also declares `connect`. */
function withConnect(dist: string, connect: string[]): string {
  const copy = mkdtempSync(join(tmpdir(), 'sb-connect-'));
  cpSync(dist, copy, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(copy, 'widget.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(copy, 'widget.json'), JSON.stringify({ ...manifest, connect }));
  return copy;
}

const echoed = () => widgetRegion(page, 'Event echo').getByRole('list', { name: 'Inserted texts' }).getByRole('listitem');
const insertButtons = () => orders.getByRole('button', { name: /^Insert order ORD-\d+ into reply$/ });

/** Marks the shell stores in its own storage, which the sandboxed widget must not read. */
const SHELL_SECRET = 'e2e-shell-secret';

beforeAll(async () => {
  env = await startTestPlatform();
  const { shellUrl } = env.platform;
  const credentials = selfSignedCertificate();
  approvedBackend = await startTlsBackend('approved', credentials);
  unapprovedBackend = await startTlsBackend('unapproved', credentials);
  orderLookupDist = withConnect(ORDER_LOOKUP_DIST, [approvedBackend.origin, unapprovedBackend.origin]);
  const admin = await RegistryApi.as(shellUrl, 'admin@demo.test');
  for (const dist of [orderLookupDist, EVENT_ECHO_DIST]) {
    const published = await admin.publishDist(dist);
    if (published.manifest.connect) {
      await admin.ok('PUT', `/widgets/${published.name}/versions/${published.version}/connect`, { origins: [approvedBackend.origin] });
    }
    await admin.activate(published.name, published.version);
  }
  const agent = await RegistryApi.as(shellUrl, 'agent@demo.test');
  await agent.saveLayout([{ widget: 'email' }, { widget: 'tickets' }, { widget: 'order-lookup' }, { widget: 'event-echo' }]);
  browser = await launchBrowser({ ignoreHTTPSErrors: true });
  page = await browser.context.newPage();
  await login(page, shellUrl, 'agent@demo.test', 'demo');
  const tokenRes = await page.request.post(`${shellUrl}/api/identity/token`, { data: { audience: 'tickets' } });
  const { token } = (await tokenRes.json()) as { token: string };
  const linked = await page.request.get(`${shellUrl}/api/tickets/emails/${DEMO_EMAIL_ID}/ticket`, { headers: { authorization: `Bearer ${token}` } });
  ticket = ((await linked.json()) as EmailTicket).ticket;
});

afterAll(async () => {
  await browser?.close();
  await env?.teardown();
  await approvedBackend?.close();
  await unapprovedBackend?.close();
  if (orderLookupDist) rmSync(orderLookupDist, { recursive: true, force: true });
});

describe('an untrusted widget (Order lookup) on the email detail page', () => {
  it('runs in an iframe sandboxed without allow-same-origin, outside the shell document', async () => {
    await openEmailPage(page, env.platform.shellUrl, DEMO_EMAIL_ID);
    expect(await frameOrder(page)).toEqual(['Email', 'Tickets', 'Order lookup', 'Event echo']);
    const iframe = widgetRegion(page, 'Order lookup').locator('iframe[title="Order lookup"]');
    const sandbox = ((await iframe.getAttribute('sandbox')) ?? '').split(/\s+/);
    expect(sandbox).toContain('allow-scripts');
    expect(sandbox).not.toContain('allow-same-origin');
    orders = await sandboxFrame(page, 'Order lookup');
    await orders.getByRole('heading', { name: 'Orders of this contact' }).waitFor({ timeout: 30_000 });
    await expect(orders.evaluate(() => self.origin)).resolves.toBe('null');
    // Its code ran only in the iframe: the shell's window has no container of it.
    await expect(page.evaluate(() => 'switchboard_order_lookup' in window)).resolves.toBe(false);
  });

  it('shows the page context it gets over the bridge', async () => {
    await orders.getByText(`Contact of ticket #${ticket.number}`).waitFor();
    expect(await orders.getByRole('list', { name: 'Orders' }).getByRole('listitem').count()).toBeGreaterThan(0);
  });

  it('emits a declared event through the bridge to a widget that listens for it', async () => {
    await widgetRegion(page, 'Event echo').getByText('Nothing inserted yet.').waitFor();
    const first = insertButtons().first();
    const number = /ORD-\d+/.exec((await first.getAttribute('aria-label')) ?? (await first.textContent()) ?? '')?.[0] ?? '';
    expect(number).not.toBe('');
    await first.click();
    await orders.getByText(`Order ${number} inserted into the reply`).waitFor();
    await echoed().filter({ hasText: number }).waitFor();
    expect(await echoed().count()).toBe(1);
  });

  it('cannot read cookies, storage, the shell document or the session', async () => {
    await page.evaluate((secret) => {
      localStorage.setItem('e2e-secret', secret);
      sessionStorage.setItem('e2e-secret', secret);
    }, SHELL_SECRET);
    const probes = await orders.evaluate(async (shellOrigin) => {
      const attempt = (read: () => unknown) => {
        try {
          return `read: ${String(read())}`;
        } catch (error) {
          return `threw ${(error as Error).name}`;
        }
      };
      let session: string;
      try {
        const response = await fetch(`${shellOrigin}/api/identity/me`, { credentials: 'include' });
        session = `answered ${response.status}`;
      } catch (error) {
        session = `threw ${(error as Error).name}`;
      }
      return {
        cookie: attempt(() => document.cookie),
        setCookie: attempt(() => (document.cookie = 'planted=1')),
        localStorage: attempt(() => localStorage.getItem('e2e-secret')),
        sessionStorage: attempt(() => sessionStorage.getItem('e2e-secret')),
        parentDocument: attempt(() => window.parent.document.title),
        parentLocalStorage: attempt(() => window.parent.localStorage.getItem('e2e-secret')),
        parentSessionStorage: attempt(() => window.parent.sessionStorage.getItem('e2e-secret')),
        topLocation: attempt(() => window.top?.location.href),
        session,
      };
    }, new URL(env.platform.shellUrl).origin);
    expect(probes).toEqual({
      cookie: 'threw SecurityError',
      setCookie: 'threw SecurityError',
      localStorage: 'threw SecurityError',
      sessionStorage: 'threw SecurityError',
      parentDocument: 'threw SecurityError',
      parentLocalStorage: 'threw SecurityError',
      parentSessionStorage: 'threw SecurityError',
      topLocation: 'threw SecurityError',
      session: 'threw TypeError',
    });
    const shellCookies = await browser.context.cookies(env.platform.shellUrl);
    expect(shellCookies.map((c) => c.name)).not.toContain('planted');
  });

  it('calls its own backend on an origin an admin approved, and is blocked from one it declared that was not approved', async () => {
    const approved = approvedBackend.origin;
    const unapproved = unapprovedBackend.origin;
    const pageCsp = (await page.request.get(`${env.platform.shellUrl}/emails/${DEMO_EMAIL_ID}`)).headers()['content-security-policy'] ?? '';
    const connectSrc = /connect-src [^;]*/.exec(pageCsp)?.[0] ?? '';
    expect(connectSrc.split(' ')).toContain(approved);
    expect(connectSrc).not.toContain(unapproved);
    const srcdoc = (await widgetRegion(page, 'Order lookup').locator('iframe[title="Order lookup"]').getAttribute('srcdoc')) ?? '';
    expect(srcdoc).toContain(approved);
    expect(srcdoc).not.toContain(unapproved);

    const calls = await orders.evaluate(
      (origins) =>
        Promise.all(
          origins.map(async (origin) => {
            try {
              const response = await fetch(`${origin}/orders?contact=1`);
              return `answered ${response.status} ${await response.text()}`;
            } catch (error) {
              return `threw ${(error as Error).name}`;
            }
          }),
        ),
      [approved, unapproved],
    );
    expect(calls).toEqual(['answered 200 {"backend":"approved"}', 'threw TypeError']);
    expect(approvedBackend.requests).toEqual(['GET /orders?contact=1']);
    expect(unapprovedBackend.requests).toEqual([]);
  });

  it('ignores forged bridge messages from another origin and from outside its port', async () => {
    const { shellUrl, widgetOrigin } = env.platform;
    const shellOrigin = new URL(shellUrl).origin;
    const urlBefore = page.url();
    const tabs = page.getByRole('navigation', { name: 'Open tabs' }).getByRole('tab');
    const tabsBefore = await tabs.allTextContents();
    const pagesBefore = browser.context.pages().length;
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { e2eSeen: string[] }).e2eSeen = seen;
      window.addEventListener('message', (event) => seen.push(`${event.origin} ${(event.data as { type?: string } | null)?.type}`));
    });
    const forged = [
      { type: 'sb:ready' },
      { type: 'navigate', path: `/tickets/${ticket.id}` },
      { type: 'openTab', path: `/tickets/${ticket.id}`, title: 'Forged' },
      { type: 'emit', event: 'composer.insertText', payload: { text: 'forged text' } },
    ];

    // A window of another origin (the widget CDN) that this page opened: it holds a reference to the shell.
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.evaluate((url) => void window.open(url, '_blank'), `${widgetOrigin}/throwing/widget.json`),
    ]);
    await popup.waitForLoadState();
    await popup.evaluate(
      ({ messages, target }) => {
        for (const message of messages) window.opener.postMessage(message, target);
      },
      { messages: forged, target: shellOrigin },
    );
    // The widget itself, posting to the shell's window instead of over its port.
    await orders.evaluate((messages) => {
      for (const message of messages) window.parent.postMessage(message, '*');
    }, forged.slice(1));
    await eventually(async () => {
      const seen = await page.evaluate(() => (window as unknown as { e2eSeen: string[] }).e2eSeen);
      expect(seen.filter((entry) => entry.startsWith(widgetOrigin))).toHaveLength(forged.length);
      expect(seen.filter((entry) => entry.startsWith('null '))).toHaveLength(forged.length - 1);
    });
    await popup.close();

    // A real insert afterwards goes through, so the forged ones had their chance to arrive first.
    await insertButtons().last().click();
    await eventually(async () => expect(await echoed().count()).toBe(2));
    expect(await echoed().allTextContents()).not.toContainEqual(expect.stringContaining('forged'));
    expect(page.url()).toBe(urlBefore);
    expect(await tabs.allTextContents()).toEqual(tabsBefore);
    expect(browser.context.pages()).toHaveLength(pagesBefore);
    await orders.getByRole('heading', { name: 'Orders of this contact' }).waitFor();
  });

  it("follows the agent's language: its texts, its iframe's name and its document's lang", async () => {
    await page.getByLabel('Language').selectOption('cs');
    await orders.getByRole('heading', { name: 'Objednávky tohoto kontaktu' }).waitFor({ timeout: 30_000 });
    await widgetRegion(page, 'Objednávky').locator('iframe[title="Objednávky"]').waitFor();
    await expect(orders.evaluate(() => document.documentElement.lang)).resolves.toBe('cs');

    await page.getByLabel('Jazyk').selectOption('en');
    await orders.getByRole('heading', { name: 'Orders of this contact' }).waitFor({ timeout: 30_000 });
    await expect(orders.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
  });
});
