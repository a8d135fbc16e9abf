import type { WidgetContext } from '@switchboard/contracts';
import { EventBus } from './event-bus';

const ticket = { id: '00000000-0000-4000-8000-00000000a001', number: 1234, title: 'Printer on fire' };

describe('EventBus', () => {
  it('delivers a payload to every handler of that event only', () => {
    const bus = new EventBus();
    const assigned: unknown[] = [];
    const locales: unknown[] = [];
    bus.on('ticket.assigned', (payload) => assigned.push(payload));
    bus.on('ticket.assigned', (payload) => assigned.push(payload.ticket.number));
    bus.on('locale.changed', (payload) => locales.push(payload.locale));

    bus.emit('ticket.assigned', { emailId: 'e1', ticket });

    expect(assigned).toEqual([{ emailId: 'e1', ticket }, 1234]);
    expect(locales).toEqual([]);
  });

  it('stops delivering after unsubscribe', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    const off = bus.on('locale.changed', ({ locale }) => seen.push(locale));
    bus.emit('locale.changed', { locale: 'cs' });
    off();
    bus.emit('locale.changed', { locale: 'en' });
    expect(seen).toEqual(['cs']);
  });

  it('keeps delivering to the other handlers when one throws, and reports the error', () => {
    const errors: Array<[unknown, string]> = [];
    const bus = new EventBus((error, type) => errors.push([error, type]));
    const seen: string[] = [];
    bus.on('context.changed', () => {
      throw new Error('widget bug');
    });
    bus.on('context.changed', (ctx: WidgetContext) => seen.push(ctx.page));

    bus.emit('context.changed', { page: 'email-detail', user: { id: 'u', name: 'U', locale: 'en' } });

    expect(seen).toEqual(['email-detail']);
    expect(errors).toHaveLength(1);
    expect((errors[0][0] as Error).message).toBe('widget bug');
    expect(errors[0][1]).toBe('context.changed');
  });

  it('lets a handler unsubscribe itself during delivery without skipping the next one', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    const off = bus.on('locale.changed', () => {
      seen.push('first');
      off();
    });
    bus.on('locale.changed', () => seen.push('second'));
    bus.emit('locale.changed', { locale: 'cs' });
    bus.emit('locale.changed', { locale: 'en' });
    expect(seen).toEqual(['first', 'second', 'second']);
  });

  it('forgets every handler on clear', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.on('locale.changed', ({ locale }) => seen.push(locale));
    bus.clear();
    bus.emit('locale.changed', { locale: 'cs' });
    expect(seen).toEqual([]);
  });
});
