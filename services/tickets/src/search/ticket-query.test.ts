import { parseTicketQuery } from './ticket-query';

describe('parseTicketQuery', () => {
  it('reads #1234 as a ticket number only', () => {
    expect(parseTicketQuery('#1234')).toEqual({ number: 1234 });
    expect(parseTicketQuery('  #42 ')).toEqual({ number: 42 });
  });

  it('reads a bare number as the number or a title word', () => {
    expect(parseTicketQuery('4471')).toEqual({ number: 4471, terms: '4471', rare: true });
  });

  it('joins the words, each a prefix of a title word, with AND', () => {
    expect(parseTicketQuery('Refund ord')).toEqual({ terms: 'Refund ord' });
    expect(parseTicketQuery('Žádost o vrácení')).toEqual({ terms: 'Žádost o vrácení' });
  });

  it('strips tsquery syntax so user input cannot break the query', () => {
    expect(parseTicketQuery(`it's & (a|b) !c:* <-> d`)).toEqual({ terms: 'it s a b c d' });
    expect(parseTicketQuery(`'&|!():*`)).toEqual({});
    expect(parseTicketQuery('#')).toEqual({});
    expect(parseTicketQuery('##12')).toEqual({ terms: '12' });
  });

  it('treats empty input and over-long numbers sensibly', () => {
    expect(parseTicketQuery(undefined)).toEqual({});
    expect(parseTicketQuery('   ')).toEqual({});
    expect(parseTicketQuery('1234567890123456')).toEqual({ terms: '1234567890123456', rare: true });
  });

  it('marks queries of long numbers only as rare', () => {
    expect(parseTicketQuery('54321 4471').rare).toBe(true);
    expect(parseTicketQuery('12').rare).toBeUndefined();
    expect(parseTicketQuery('order 54321').rare).toBeUndefined();
    expect(parseTicketQuery('fv2024').rare).toBeUndefined();
  });

  it('keeps at most eight words', () => {
    expect(parseTicketQuery('a b c d e f g h i j').terms).toBe('a b c d e f g h');
  });
});
