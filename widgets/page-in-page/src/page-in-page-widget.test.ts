/**
 * @jest-environment-options {"settings": {"disableIframePageLoading": true}}
 */
// The frames' pages are not fetched: the tests check what the widget asks of the browser.
import type { WidgetContext } from '@switchboard/contracts';
import { createMemoryHost, type MemoryHost } from '@switchboard/widget-sdk';
import { getButton, getByLabel, queryDeep, textOf, waitFor } from '@switchboard/widget-sdk/testing';
import { DEFAULT_HEIGHT } from './agent-prefs';
import type { PageInPageWidget } from './page-in-page-widget';
import './widget';

const EMAIL_ID = '11111111-1111-4111-8111-111111111111';
const context: WidgetContext = {
  user: { id: '00000000-0000-4000-8000-000000000001', name: 'Alex Agent', locale: 'en' },
  page: 'email-detail',
  emailId: EMAIL_ID,
};

/** A Storage in memory. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, String(v)),
  };
}

let host: MemoryHost;
let storage: Storage;

function mount(settings: Record<string, unknown> = {}, locale: 'en' | 'cs' = 'en', keep = false): PageInPageWidget {
  host = createMemoryHost({ context: { ...context, user: { ...context.user, locale } } });
  if (!keep) storage = memoryStorage();
  const element = document.createElement('sb-page-in-page-widget');
  Object.assign(element, { host, settings, storage });
  document.body.append(element);
  return element;
}

const frame = (element: Element) => queryDeep<HTMLIFrameElement>(element, 'iframe')[0];
const submit = (element: Element, url: string) => {
  getByLabel(element, 'Page address').value = url;
  getButton(element, 'Show').click();
};

// happy-dom logs every frame it does not load; the browser itself is what e2e/kb.e2e.test.ts checks.
beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
afterEach(() => {
  document.body.replaceChildren();
  jest.restoreAllMocks();
});

describe('<sb-page-in-page-widget>', () => {
  it("frames the layout's address, placeholders filled from the page and URL-encoded, with only what a page needs", async () => {
    const element = mount({ url: 'https://orders.example/?email={{contact.email}}' });
    expect(host.emitted).toEqual([{ type: 'email.participantsRequested', payload: { emailId: EMAIL_ID } }]);
    host.emit('email.participants', { emailId: EMAIL_ID, customer: { name: 'Jana', address: 'jana+vip@customer.example' } });
    await waitFor(() => frame(element)?.getAttribute('src') === 'https://orders.example/?email=jana%2Bvip%40customer.example');
    const iframe = frame(element)!;
    expect(iframe.getAttribute('sandbox')).toBe('allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox allow-same-origin');
    expect(iframe.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(iframe.getAttribute('allow')).toBe('');
    expect(iframe.title).toBe('Page orders.example');
    const open = queryDeep<HTMLAnchorElement>(element, 'a')[0]!;
    expect([textOf(open), open.target, open.rel]).toEqual(['Open in new window', '_blank', 'noopener noreferrer']);
    expect(textOf(element)).toContain('Some sites refuse to be shown inside another page');
  });

  it("lets the agent type their own address, remembered per agent, and go back to the layout's", async () => {
    const element = mount({ url: 'https://orders.example/' });
    await waitFor(() => frame(element));
    submit(element, 'https://status.example/today');
    await waitFor(() => frame(element)?.getAttribute('src') === 'https://status.example/today');
    element.remove();

    const again = mount({ url: 'https://orders.example/' }, 'en', true);
    await waitFor(() => frame(again)?.getAttribute('src') === 'https://status.example/today');
    getButton(again, "Use the layout's address").click();
    await waitFor(() => frame(again)?.getAttribute('src') === 'https://orders.example/');
  });

  it('gives up the address the agent typed once the layout sets a new one (the layout editor)', async () => {
    const element = mount({ url: 'https://orders.example/' });
    await waitFor(() => frame(element));
    submit(element, 'https://status.example/today');
    await waitFor(() => frame(element)?.getAttribute('src') === 'https://status.example/today');
    element.remove();

    const again = mount({ url: 'https://orders.example/?v=2' }, 'en', true);
    await waitFor(() => frame(again)?.getAttribute('src') === 'https://orders.example/?v=2');
    expect(getByLabel(again, 'Page address').value).toBe('https://orders.example/?v=2');
    expect(queryDeep(again, 'button').map(textOf)).not.toContain("Use the layout's address");
  });

  it('reloads, and changes the height, remembered per agent', async () => {
    const element = mount({ url: 'https://orders.example/' });
    await waitFor(() => frame(element));
    const first = frame(element);
    getButton(element, 'Reload').click();
    await waitFor(() => frame(element) && frame(element) !== first);
    const box = () => queryDeep(element, '.frame')[0]!;
    expect(box().style.height).toBe(`${DEFAULT_HEIGHT}px`);
    getButton(element, 'Taller').click();
    await waitFor(() => box().style.height === `${DEFAULT_HEIGHT + 80}px`);
    element.remove();
    const again = mount({ url: 'https://orders.example/' }, 'en', true);
    await waitFor(() => queryDeep(again, '.frame')[0]?.style.height === `${DEFAULT_HEIGHT + 80}px`);
  });

  it('says why an address gives no page, and never frames the shell itself', async () => {
    const element = mount();
    await waitFor(() => textOf(element).includes('Type the address of a page'));
    submit(element, 'javascript:alert(1)');
    await waitFor(() => textOf(element).includes('Only http and https pages can be shown.'));
    submit(element, `${location.origin}/api/identity/me`);
    await waitFor(() => textOf(element).includes('Pages of Switchboard itself cannot be shown here.'));
    expect(frame(element)).toBeUndefined();
  });

  it("shows a message instead of a blank box when the shell's policy refuses the site", async () => {
    const element = mount({ url: 'https://blocked.example/page' });
    await waitFor(() => frame(element));
    const violation = new Event('securitypolicyviolation') as SecurityPolicyViolationEvent;
    Object.assign(violation, { effectiveDirective: 'frame-src', violatedDirective: 'frame-src', blockedURI: 'https://blocked.example/page' });
    document.dispatchEvent(violation);
    await waitFor(() => queryDeep(element, '[role="alert"]').length === 1);
    expect(textOf(queryDeep(element, '[role="alert"]')[0]!)).toContain('The site blocked.example is not allowed to be shown here.');
    expect(frame(element)).toBeUndefined();
    expect(queryDeep<HTMLAnchorElement>(element, 'a')[0]?.href).toBe('https://blocked.example/page');
  });

  it('speaks Czech', async () => {
    const element = mount({}, 'cs');
    await waitFor(() => textOf(element).includes('Zadejte adresu stránky'));
    expect(getByLabel(element, 'Adresa stránky').type).toBe('url');
  });
});
