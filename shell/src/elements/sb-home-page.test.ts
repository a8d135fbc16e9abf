import type { EmailTicket, RecentEmails, User } from '@switchboard/contracts';
import { waitFor } from '@switchboard/widget-sdk/testing';
import type { TicketsClient } from '../session/tickets-client';
import { isolateElementTests } from './element-tests.fixture';
import './sb-home-page';
import type { SbHomePage } from './sb-home-page';

const USER: User = { id: 'u1', email: 'agent@demo.test', name: 'Alice Agent', role: 'agent', locale: 'en', teams: [], queues: [] };
const EMAIL_ID = '3b0f6c1e-8d2a-4f57-9c1e-2a4b6d8f0a1c';
const unread = {
  emailId: EMAIL_ID,
  ticket: { id: 't1', number: 1042, title: 'Printer still broken' },
  linkedAt: '2026-12-05T09:30:00.000Z',
  linkedBy: 'service:mail',
} as unknown as EmailTicket;

async function mount(unreadEmails: () => Promise<RecentEmails>, locale: 'en' | 'cs' = 'en') {
  const element = document.createElement('sb-home-page') as SbHomePage;
  const tickets = { unreadEmails, recentEmails: async () => ({ items: [] }) } as unknown as TicketsClient;
  Object.assign(element, { user: { ...USER, locale }, tickets });
  document.body.append(element);
  const root = element.shadowRoot as ShadowRoot;
  await waitFor(() => root.querySelector('h2') && !root.querySelector('[role="status"]'));
  return root;
}

isolateElementTests();

describe('sb-home-page: unread customer emails (issue 13)', () => {
  it("lists the agent's unread emails by ticket, each opening its email", async () => {
    const root = await mount(async () => ({ items: [unread] }));
    const section = root.querySelector('section[aria-labelledby="unread-title"]')!;
    expect(section.querySelector('h2')!.textContent).toBe('Unread customer emails');
    const link = section.querySelector('a')!;
    expect(link.getAttribute('href')).toBe(`/emails/${EMAIL_ID}`);
    expect(link.textContent).toContain('#1042');
    expect(link.textContent).toContain('Printer still broken');
    expect(link.textContent).toContain('received');
  });

  it('says in Czech when everything is read, and offers a retry when the list fails', async () => {
    const read = await mount(async () => ({ items: [] }), 'cs');
    expect(read.querySelector('section[aria-labelledby="unread-title"]')!.textContent).toContain('Všechny e-maily od zákazníků');
    document.body.replaceChildren();

    let calls = 0;
    const failing = await mount(async () => {
      calls += 1;
      if (calls === 1) throw new Error('tickets down');
      return { items: [unread] };
    });
    const alert = failing.querySelector('section[aria-labelledby="unread-title"] [role="alert"]')!;
    expect(alert.textContent).toContain('Unread emails could not be loaded.');
    alert.querySelector('button')!.click();
    await waitFor(() => failing.querySelector('section[aria-labelledby="unread-title"] a'));
  });
});
