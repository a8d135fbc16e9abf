import type { CalendarEvent } from '@switchboard/contracts';
import {
  addDays,
  addMonths,
  dayKey,
  dayTitle,
  eventCounts,
  eventsOn,
  fromLocalInput,
  gridRange,
  monthGrid,
  monthTitle,
  moveDay,
  startOfDay,
  toLocalInput,
  weekdayNames,
} from './calendar-dates';

const at = (day: string, time: string) => new Date(`${day}T${time}`).toISOString();

function event(id: string, startsAt: string, endsAt: string, cancelled = false): CalendarEvent {
  return {
    id,
    ownerId: 'o',
    kind: 'callback',
    title: id,
    startsAt,
    endsAt,
    contactId: null,
    ticketId: null,
    notes: null,
    cancelled,
    version: 1,
    createdAt: startsAt,
    updatedAt: startsAt,
  };
}

describe('the month grid', () => {
  it('runs Monday to Sunday from the week of the 1st to the week of the last day', () => {
    const grid = monthGrid({ year: 2026, month: 11 }); // December 2026: Tue 1st … Thu 31st
    expect(grid).toHaveLength(5);
    expect(grid[0]).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(grid[4][0]).toBe('2026-12-28');
    expect(grid[4][6]).toBe('2027-01-03');
  });

  it('has four weeks for a February starting on a Monday and six for a month spread over them', () => {
    expect(monthGrid({ year: 2027, month: 1 })).toHaveLength(4); // 1 Feb 2027 is a Monday, 28 days
    expect(monthGrid({ year: 2026, month: 7 })).toHaveLength(6); // August 2026: Sat 1st … Mon 31st
  });

  it('asks for events from midnight of its first day to midnight after its last', () => {
    const range = gridRange(monthGrid({ year: 2026, month: 11 }));
    expect(range).toEqual({ from: startOfDay('2026-11-30').toISOString(), to: startOfDay('2027-01-04').toISOString() });
  });

  it('keeps days whole across a daylight-saving change', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', -1)).toBe('2026-10-24');
  });
});

describe('keyboard moves', () => {
  it('moves a day with the side arrows and a week with up and down, across month ends', () => {
    expect(moveDay('2026-12-31', { key: 'ArrowRight' })).toBe('2027-01-01');
    expect(moveDay('2026-12-01', { key: 'ArrowLeft' })).toBe('2026-11-30');
    expect(moveDay('2026-12-03', { key: 'ArrowUp' })).toBe('2026-11-26');
    expect(moveDay('2026-12-30', { key: 'ArrowDown' })).toBe('2027-01-06');
  });

  it('goes to the week’s Monday with Home and its Sunday with End', () => {
    expect(moveDay('2026-12-03', { key: 'Home' })).toBe('2026-11-30');
    expect(moveDay('2026-12-03', { key: 'End' })).toBe('2026-12-06');
    expect(moveDay('2026-12-06', { key: 'End' })).toBe('2026-12-06');
  });

  it('moves a month with Page Up / Page Down and a year with Shift, keeping the day where the month has it', () => {
    expect(moveDay('2026-12-15', { key: 'PageUp' })).toBe('2026-11-15');
    expect(moveDay('2027-01-31', { key: 'PageDown' })).toBe('2027-02-28');
    expect(moveDay('2028-02-29', { key: 'PageDown', shiftKey: true })).toBe('2029-02-28');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });

  it('leaves other keys to the browser', () => {
    expect(moveDay('2026-12-15', { key: 'Tab' })).toBeNull();
    expect(moveDay('2026-12-15', { key: 'a' })).toBeNull();
  });
});

describe('events on days', () => {
  const grid = monthGrid({ year: 2026, month: 11 });

  it('counts live events on every day they touch; an event ending at midnight stays on its day', () => {
    const counts = eventCounts(
      [
        event('a', at('2026-12-07', '09:00'), at('2026-12-07', '10:00')),
        event('b', at('2026-12-07', '23:00'), at('2026-12-09', '01:00')),
        event('c', at('2026-12-10', '22:00'), at('2026-12-11', '00:00')),
        event('x', at('2026-12-12', '09:00'), at('2026-12-12', '10:00'), true),
      ],
      grid,
    );
    expect(Object.fromEntries(counts)).toEqual({ '2026-12-07': 2, '2026-12-08': 1, '2026-12-09': 1, '2026-12-10': 1 });
  });

  it('lists a day’s events by start, cancelled ones included', () => {
    const late = event('late', at('2026-12-07', '15:00'), at('2026-12-07', '16:00'));
    const early = event('early', at('2026-12-07', '08:00'), at('2026-12-07', '08:30'), true);
    expect(eventsOn([late, early], '2026-12-07').map((e) => e.id)).toEqual(['early', 'late']);
    expect(eventsOn([late, early], '2026-12-08')).toEqual([]);
  });
});

describe('dates in the agent’s language', () => {
  it('names weekdays, months and days in Czech and English', () => {
    expect(weekdayNames('en')).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(weekdayNames('cs')).toEqual(['po', 'út', 'st', 'čt', 'pá', 'so', 'ne']);
    expect(monthTitle({ year: 2026, month: 11 }, 'en')).toBe('December 2026');
    expect(monthTitle({ year: 2026, month: 11 }, 'cs')).toBe('prosinec 2026');
    expect(dayTitle('2026-12-07', 'en')).toBe('Monday, 7 December 2026');
    expect(dayTitle('2026-12-07', 'cs')).toBe('pondělí 7. prosince 2026');
  });

  it('round-trips a datetime-local field in the local time zone', () => {
    const iso = at('2026-12-07', '09:30');
    expect(toLocalInput(iso)).toBe('2026-12-07T09:30');
    expect(fromLocalInput('2026-12-07T09:30')).toBe(iso);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('2026-13-40T99:99')).toBeNull();
    expect(dayKey(new Date(iso))).toBe('2026-12-07');
  });
});
