import { candidateTsquery, emailTerms, prefixQuery, searchWords } from './search-words';

describe('searchWords', () => {
  it('folds case and diacritics and keeps letters and digits only', () => {
    expect(searchWords('Reklamace  ZBOŽÍ: 24-měsíců!')).toEqual(['reklamace', 'zbozi', '24', 'mesicu']);
    expect(searchWords("' & | ! :* <->")).toEqual([]);
  });

  it('matches every word as a prefix, each with its alternatives', () => {
    expect(prefixQuery([['laptpo', 'laptop'], ['upd']])).toBe('(laptpo:* | laptop:*) & (upd:*)');
  });
});

describe('emailTerms', () => {
  it('takes the subject first, drops stop words, short words and numbers, one term per six-letter stem', () => {
    expect(emailTerms('Laptop stopped working after update', 'Since the update my laptop does not start, order 7781.')).toEqual([
      { stem: 'laptop', word: 'laptop' },
      { stem: 'stoppe', word: 'stopped' },
      { stem: 'workin', word: 'working' },
      { stem: 'update', word: 'update' },
      { stem: 'since', word: 'since' },
      { stem: 'start', word: 'start' },
      { stem: 'order', word: 'order' },
    ]);
    expect(emailTerms('Reklamace', 'Dobrý den, reklamuji nabíječku.').map((t) => t.stem)).toEqual(['reklam', 'nabije']);
  });
});

describe('candidateTsquery', () => {
  it('finds candidates by any rare stem, or by two common ones together', () => {
    const stems = [
      { stem: 'order', common: true },
      { stem: 'nabije', common: false },
      { stem: 'cancel', common: true },
      { stem: 'refund', common: true },
    ];
    expect(candidateTsquery(stems, 6)).toBe('nabije:* | (order:* & cancel:*) | (order:* & refund:*) | (cancel:* & refund:*)');
    expect(candidateTsquery(stems, 2)).toBe('nabije:* | (order:* & cancel:*)');
    expect(candidateTsquery([{ stem: 'order', common: true }], 6)).toBe('order:*');
  });
});
