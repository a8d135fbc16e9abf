import { recipientSuggestions, type SuggestionSource } from './suggestions';

const contactId = 'c0000000-0000-4000-8000-000000000001';
const own = new Set(['support@mail.test']);

describe('recipientSuggestions', () => {
  it('lists each address once, the contact first, and never our own queues', () => {
    const emails: SuggestionSource[] = [
      {
        direction: 'inbound',
        contactId,
        from: { address: 'Jana@Customer.example' },
        to: [{ address: 'SUPPORT@mail.test' }],
        cc: [{ address: 'eva@customer.example' }],
      },
      {
        direction: 'outbound',
        contactId: null,
        from: { address: 'support@mail.test', name: 'Support' },
        to: [{ address: 'petr@customer.example' }, { address: 'jana@customer.example', name: 'Jana' }],
        cc: [{ address: 'EVA@customer.example', name: 'Eva' }],
      },
    ];
    expect(recipientSuggestions(emails, contactId, own).items).toEqual([
      { address: 'Jana@Customer.example', name: 'Jana', reason: 'contact' },
      { address: 'eva@customer.example', name: 'Eva', reason: 'correspondent' },
      { address: 'petr@customer.example', reason: 'correspondent' },
    ]);
  });

  it('pairs the first To of an outbound email with its contact, not the others', () => {
    const emails: SuggestionSource[] = [
      {
        direction: 'outbound',
        contactId,
        from: null,
        to: [{ address: 'jana@customer.example' }, { address: 'petr@customer.example' }],
        cc: [],
      },
    ];
    expect(recipientSuggestions(emails, contactId, own).items.map((i) => [i.address, i.reason])).toEqual([
      ['jana@customer.example', 'contact'],
      ['petr@customer.example', 'correspondent'],
    ]);
    expect(recipientSuggestions(emails, null, own).items.every((i) => i.reason === 'correspondent')).toBe(true);
  });
});
