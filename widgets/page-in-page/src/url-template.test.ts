import type { WidgetContext } from '@switchboard/contracts';
import { fillUrlTemplate } from './url-template';

const context: WidgetContext = {
  user: { id: 'u-1', name: 'Alex', locale: 'cs' },
  page: 'email-detail',
  emailId: 'e-1',
  ticket: { id: 't-1', number: 1042, title: 'Refund' },
};
const shell = 'https://switchboard.example';

describe('fillUrlTemplate', () => {
  it('fills placeholders from the context and the customer, URL-encoded', () => {
    const filled = fillUrlTemplate(
      'https://orders.example/?email={{contact.email}}&t={{ ticket.number }}&lang={{user.locale}}&x={{unknown}}',
      { context, customer: { name: 'Jana N.', address: 'jana+vip@customer.example' } },
      shell,
    );
    expect(filled).toEqual({ ok: true, url: new URL('https://orders.example/?email=jana%2Bvip%40customer.example&t=1042&lang=cs&x=') });
  });

  it('leaves a value the page does not know empty', () => {
    const filled = fillUrlTemplate('https://orders.example/?email={{contact.email}}', { context }, shell);
    expect(filled.ok && filled.url.href).toBe('https://orders.example/?email=');
  });

  it('refuses what is no web page of another origin', () => {
    expect(fillUrlTemplate('  ', { context }, shell)).toEqual({ ok: false, reason: 'empty' });
    expect(fillUrlTemplate('orders.example', { context }, shell)).toEqual({ ok: false, reason: 'invalid' });
    expect(fillUrlTemplate('javascript:alert(1)', { context }, shell)).toEqual({ ok: false, reason: 'scheme' });
    expect(fillUrlTemplate('data:text/html,<b>x</b>', { context }, shell)).toEqual({ ok: false, reason: 'scheme' });
    expect(fillUrlTemplate('https://switchboard.example/api/identity/me', { context }, shell)).toEqual({ ok: false, reason: 'same-origin' });
  });
});
