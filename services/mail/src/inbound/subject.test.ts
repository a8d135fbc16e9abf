import { referencedIds, ticketNumberOf, ticketTitleOf } from './subject';

describe('inbound subjects', () => {
  it('reads the [#number] tag anywhere in the subject', () => {
    expect(ticketNumberOf('Re: [#1042] Printer')).toBe(1042);
    expect(ticketNumberOf('Printer [#7]')).toBe(7);
    expect(ticketNumberOf('Printer #7')).toBeNull();
    expect(ticketNumberOf('[#0] zero')).toBeNull();
    expect(ticketNumberOf('[#9999999999999999] too long')).toBeNull();
  });

  it('titles a new ticket without reply prefixes and tags', () => {
    expect(ticketTitleOf('Re: Fwd: ODP: [#12] Printer on fire')).toBe('Printer on fire');
    expect(ticketTitleOf('  ')).toBe('(no subject)');
    expect(Array.from(ticketTitleOf('ž'.repeat(400)))).toHaveLength(300);
  });

  it('lists In-Reply-To first, then References newest first, once each', () => {
    expect(referencedIds('<c@x>', ['<a@x>', '<b@x>', '<c@x>'])).toEqual(['<c@x>', '<b@x>', '<a@x>']);
    expect(referencedIds(undefined, '<a@x> <b@x>')).toEqual(['<b@x>', '<a@x>']);
    expect(referencedIds(undefined, undefined)).toEqual([]);
  });
});
