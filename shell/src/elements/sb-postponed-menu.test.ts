import type { EmailSummary } from '@switchboard/contracts';
import { waitFor } from '@switchboard/widget-sdk/testing';
import { PostponedEmails } from '../mail/postponed-emails';
import { isolateElementTests } from './element-tests.fixture';
import './sb-postponed-menu';
import type { SbPostponedMenu } from './sb-postponed-menu';

const EMAIL_ID = '6c1f3d2a-9b8e-4f7a-8c6d-5e4f3a2b1c0d';

const summary = (overrides: Partial<EmailSummary> = {}): EmailSummary => ({
  id: EMAIL_ID,
  direction: 'outbound',
  status: 'draft',
  from: null,
  to: [{ address: 'jana@customer.test', name: 'Jana' }],
  subject: 'Refund for order 42',
  preview: '',
  important: false,
  postponed: true,
  ticket: null,
  attachmentCount: 0,
  updatedAt: '2025-01-02T10:00:00.000Z',
  sentAt: null,
  ...overrides,
});

async function mountMenu(load: () => Promise<EmailSummary[]>, locale: 'en' | 'cs' = 'en') {
  let loads = 0;
  const store = new PostponedEmails({ postponed: () => ((loads += 1), load()) });
  await store.refresh();
  const menu = document.createElement('sb-postponed-menu') as SbPostponedMenu;
  menu.store = store;
  menu.locale = locale;
  document.body.append(menu);
  await menu.updateComplete;
  const root = menu.shadowRoot as ShadowRoot;
  return { menu, store, root, toggle: root.querySelector('button.toggle') as HTMLButtonElement, loads: () => loads };
}

/** The button's name as assistive technology computes it from its content: text minus aria-hidden parts. */
function accessibleName(button: HTMLElement): string {
  const copy = button.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('[aria-hidden=true]').forEach((hidden) => hidden.remove());
  return copy.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

isolateElementTests();

describe('sb-postponed-menu', () => {
  it('names the button with the count, shows a badge, and keeps the list closed', async () => {
    const { toggle, root } = await mountMenu(async () => [summary(), summary({ id: 'a6c1f3d2-9b8e-4f7a-8c6d-5e4f3a2b1c0d' })]);
    expect(accessibleName(toggle)).toBe('Postponed (2)');
    expect(root.querySelector('.badge')?.getAttribute('aria-hidden')).toBe('true');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.getAttribute('aria-controls')).toBe('postponed-panel');
    expect(root.querySelector('#postponed-panel')?.hasAttribute('hidden')).toBe(true);
  });

  it('shows no badge for none, and speaks Czech', async () => {
    const { toggle, root } = await mountMenu(async () => [], 'cs');
    expect(root.querySelector('.badge')).toBeNull();
    expect(accessibleName(toggle)).toBe('Odložené (0)');
    toggle.click();
    await waitFor(() => root.textContent?.includes('Žádné odložené e-maily.') ?? false);
  });

  it('opens a region listing each email as a link to its page, reloading the list', async () => {
    const { toggle, root, loads } = await mountMenu(async () => [summary()]);
    toggle.click();
    await waitFor(() => root.querySelector('ul a') !== null);
    expect(loads()).toBe(2);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const region = root.querySelector('[role=region]');
    expect(region?.getAttribute('aria-labelledby')).toBe('postponed-title');
    expect(root.querySelector('#postponed-title')?.textContent).toBe('Postponed emails');
    const link = root.querySelector('ul a') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe(`/emails/${EMAIL_ID}`);
    expect(link.textContent?.replace(/\s+/g, ' ')).toMatch(/Refund for order 42 To: Jana <jana@customer.test> saved /);
  });

  it('goes to the chosen email and closes', async () => {
    const { toggle, root } = await mountMenu(async () => [summary()]);
    toggle.click();
    await waitFor(() => root.querySelector('ul a') !== null);
    (root.querySelector('ul a') as HTMLAnchorElement).click();
    await waitFor(() => toggle.getAttribute('aria-expanded') === 'false');
    expect(location.pathname).toBe(`/emails/${EMAIL_ID}`);
  });

  it('closes on Escape with focus back on the button, and on a click elsewhere', async () => {
    const { menu, toggle, root } = await mountMenu(async () => [summary()]);
    toggle.click();
    await waitFor(() => root.querySelector('ul a') !== null);
    (root.querySelector('ul a') as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await menu.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(root.activeElement).toBe(toggle);

    toggle.click();
    await menu.updateComplete;
    document.body.click();
    await menu.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it('says when the list cannot be loaded, and Retry loads it', async () => {
    let fail = true;
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { toggle, root } = await mountMenu(async () => {
      if (fail) throw new Error('mail is down');
      return [summary()];
    });
    expect(accessibleName(toggle)).toBe('Postponed');
    toggle.click();
    await waitFor(() => root.querySelector('[role=alert]') !== null);
    expect(root.querySelector('[role=alert]')?.textContent).toContain('Postponed emails could not be loaded.');
    fail = false;
    (root.querySelector('[role=alert] button') as HTMLButtonElement).click();
    await waitFor(() => root.querySelector('ul a') !== null);
    expect(accessibleName(toggle)).toBe('Postponed (1)');
    jest.restoreAllMocks();
  });
});
