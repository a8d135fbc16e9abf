import { activity, ticket } from './crm-pages.fixture';
import { activityKind, dayHeading, groupByDay, itemTarget, journeyItems, localDay } from './journey';

const email = (n: number, at: string, direction: 'in' | 'out') =>
  activity(n, at, { kind: 'email', direction, link: `/emails/00000000-0000-4000-8000-${String(n).padStart(12, '0')}` });

describe('the customer journey timeline', () => {
  const activities = [email(3, '2026-12-07T15:00', 'in'), activity(2, '2026-12-07T09:00'), email(1, '2026-12-01T10:00', 'out')];
  const tickets = [ticket(1042, '2026-12-05T12:00'), ticket(1001, '2026-11-20T12:00')];

  it('puts activities and tickets on one timeline, newest first', () => {
    const items = journeyItems(activities, tickets, 'all', false);
    expect(items.map((i) => (i.type === 'ticket' ? `#${i.ticket.number}` : i.activity.title))).toEqual([
      'Activity 3',
      'Activity 2',
      '#1042',
      'Activity 1',
      '#1001',
    ]);
  });

  it('holds back tickets older than the oldest loaded activity while older activities remain', () => {
    const items = journeyItems(activities, tickets, 'all', true);
    expect(items.filter((i) => i.type === 'ticket').map((i) => i.type === 'ticket' && i.ticket.number)).toEqual([1042]);
  });

  it('narrows to emails by direction, to one kind, or to tickets', () => {
    expect(journeyItems(activities, tickets, 'email-in', false).map((i) => i.type === 'activity' && i.activity.title)).toEqual(['Activity 3']);
    expect(journeyItems(activities, tickets, 'email-out', false)).toHaveLength(1);
    expect(journeyItems(activities, tickets, 'ticket', false).every((i) => i.type === 'ticket')).toBe(true);
    expect(journeyItems([], tickets, 'call', false)).toEqual([]);
    expect([activityKind('all'), activityKind('email-in'), activityKind('call'), activityKind('ticket')]).toEqual([undefined, 'email', 'call', null]);
  });

  it('groups by local day and names days in Czech and English', () => {
    const days = groupByDay(journeyItems(activities, tickets, 'all', false));
    expect(days.map((d) => [d.day, d.items.length])).toEqual([
      ['2026-12-07', 2],
      ['2026-12-05', 1],
      ['2026-12-01', 1],
      ['2026-11-20', 1],
    ]);
    expect(localDay(new Date('2026-12-07T00:30').toISOString())).toBe('2026-12-07');
    expect(dayHeading('2026-12-07', 'cs')).toBe('pondělí 7. prosince 2026');
    expect(dayHeading('2026-12-07', 'en')).toBe('Monday, 7 December 2026');
  });

  it('opens an email activity at its email, others at their ticket, tickets at their page', () => {
    expect(itemTarget({ type: 'activity', at: '', activity: activities[0] })).toBe('/emails/00000000-0000-4000-8000-000000000003');
    const onTicket = activity(9, '2026-12-07T09:00', { ticketId: tickets[0].id });
    expect(itemTarget({ type: 'activity', at: '', activity: onTicket })).toBe(`/tickets/${tickets[0].id}`);
    expect(itemTarget({ type: 'activity', at: '', activity: activities[1] })).toBeNull();
    expect(itemTarget({ type: 'ticket', at: '', ticket: tickets[1] })).toBe(`/tickets/${tickets[1].id}`);
  });
});
