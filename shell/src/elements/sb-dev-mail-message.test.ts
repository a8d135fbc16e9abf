import type { DevMailMessage } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import { waitFor } from '@switchboard/widget-sdk/testing';
import type { DevMailClient } from '../mail/dev-mail-client';
import { isolateElementTests } from './element-tests.fixture';
import './sb-dev-mail-message';
import type { SbDevMailMessage } from './sb-dev-mail-message';

const ID = '7d2e4f6a-8b0c-4d1e-9f2a-3b4c5d6e7f80';
const message: DevMailMessage = {
  id: ID,
  receivedAt: '2025-03-04T09:30:00.000Z',
  from: [{ address: 'support@demo.test', name: 'Support Desk' }],
  to: [{ address: 'jana@customer.test', name: 'Jana' }],
  cc: [],
  subject: '[#1042] Your invoice',
  messageId: '<abc@demo.test>',
  size: 2048,
  attachments: [],
  envelope: { from: 'support@demo.test', to: ['jana@customer.test'] },
  html: null,
  text: 'Hello Jana',
  headers: {},
};

async function mount(reply: DevMailClient['reply'], locale: 'en' | 'cs' = 'en') {
  const element = document.createElement('sb-dev-mail-message') as SbDevMailMessage;
  const client = { message: async () => message, reply } as unknown as DevMailClient;
  Object.assign(element, { client, locale, messageId: ID });
  document.body.append(element);
  const root = element.shadowRoot as ShadowRoot;
  await waitFor(() => root.querySelector('form'));
  return root;
}

const submit = (root: ShadowRoot) => (root.querySelector('button[type="submit"]') as HTMLButtonElement).click();

isolateElementTests();

describe('sb-dev-mail-message: Reply as the customer (issue 13)', () => {
  it('sends the typed answer for this message and says it was delivered', async () => {
    const calls: Array<[string, string]> = [];
    const root = await mount(async (id, text) => (calls.push([id, text]), { messageId: '<r@customer.test>', response: '250 OK' }));
    expect(root.textContent).toContain('from jana@customer.test');
    (root.querySelector('textarea') as HTMLTextAreaElement).value = 'Still broken.';
    submit(root);
    await waitFor(() => root.querySelector('[role="status"]')?.textContent?.includes('Delivered'));
    expect(calls).toEqual([[ID, 'Still broken.']]);
  });

  it('shows why a reply was not delivered', async () => {
    const root = await mount(async () => {
      throw new ApiError(409, 'DEV_MAIL_REPLY_NOT_DELIVERED', 'The reply was not delivered: this platform runs no inbound SMTP listener');
    }, 'cs');
    submit(root);
    await waitFor(() => root.querySelector('[role="alert"]')?.textContent?.includes('Odpověď nebyla doručena.'));
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('no inbound SMTP listener');
  });
});
