import type { PlatformEventName, WidgetContext } from '@switchboard/contracts';
import { EventBus } from './event-bus';
import { PageContext } from './page-context';

const initial: WidgetContext = {
  user: { id: 'u1', name: 'Alex Agent', locale: 'en' },
  page: 'email-detail',
  emailId: 'e1',
};
const ticket = { id: 't1', number: 1234, title: 'Printer on fire' };

function record(bus: EventBus, ...types: PlatformEventName[]) {
  const seen: Array<[string, unknown]> = [];
  for (const type of types) bus.on(type, (payload) => seen.push([type, payload]));
  return seen;
}

describe('PageContext', () => {
  it('follows ticket.assigned for its own email and announces context.changed', () => {
    const bus = new EventBus();
    const context = new PageContext(bus, initial);
    const seen = record(bus, 'context.changed');

    bus.emit('ticket.assigned', { emailId: 'e1', ticket: { ...ticket, extra: 'x' } as typeof ticket, contactId: 'c1', companyId: 'co1' });

    const expected = { ...initial, ticket, contactId: 'c1', companyId: 'co1' };
    expect(context.get()).toEqual(expected);
    expect(seen).toEqual([['context.changed', expected]]);
  });

  it('ignores an assignment of another email', () => {
    const bus = new EventBus();
    const context = new PageContext(bus, initial);
    const seen = record(bus, 'context.changed');
    bus.emit('ticket.assigned', { emailId: 'other', ticket });
    expect(context.get()).toEqual(initial);
    expect(seen).toEqual([]);
  });

  it('drops the old contact and company when the new ticket has none', () => {
    const bus = new EventBus();
    const context = new PageContext(bus, { ...initial, ticket, contactId: 'c1', companyId: 'co1' });
    context.setTicket({ id: 't2', number: 2, title: 'Other' });
    expect(context.get()).toEqual({ ...initial, ticket: { id: 't2', number: 2, title: 'Other' } });
  });

  it("adds the contact's name and email for its own contact, keeps them with the contact and drops them with it", () => {
    const bus = new EventBus();
    const context = new PageContext(bus, { ...initial, ticket, contactId: 'c1' });
    const seen = record(bus, 'context.changed');

    context.setContact('c2', { name: 'Someone else' });
    context.setContact('c1', { name: 'Jana Nováková', email: 'jana@example.cz' });
    const greeted = { ...initial, ticket, contactId: 'c1', contact: { name: 'Jana Nováková', email: 'jana@example.cz' } };
    expect(context.get()).toEqual(greeted);
    expect(seen).toEqual([['context.changed', greeted]]);

    context.setTicket({ ...ticket, title: 'Renamed' }, 'c1');
    expect(context.get().contact).toEqual({ name: 'Jana Nováková', email: 'jana@example.cz' });
    context.setTicket(ticket, 'c3');
    expect(context.get()).toEqual({ ...initial, ticket, contactId: 'c3' });
  });

  it('hands out copies, so one widget cannot change what the others see', () => {
    const context = new PageContext(new EventBus(), initial);
    const copy = context.get();
    copy.user.locale = 'cs';
    copy.emailId = 'hijacked';
    expect(context.get()).toEqual(initial);
  });

  it('announces a language switch once and shows it in the context', () => {
    const bus = new EventBus();
    const context = new PageContext(bus, initial);
    const seen = record(bus, 'locale.changed', 'context.changed');
    context.setLocale('cs');
    context.setLocale('cs');
    expect(seen).toEqual([['locale.changed', { locale: 'cs' }]]);
    expect(context.get().user.locale).toBe('cs');
  });

  it('stops following the bus after dispose', () => {
    const bus = new EventBus();
    const context = new PageContext(bus, initial);
    context.dispose();
    bus.emit('ticket.assigned', { emailId: 'e1', ticket });
    expect(context.get().ticket).toBeUndefined();
  });
});
