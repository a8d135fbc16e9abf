import { anyOf, candidateTsquery, emailTerms, everyOf, searchWords, titleCandidates } from './search-words';

describe('searchWords', () => {
  it('folds case and diacritics and keeps letters and digits only', () => {
    expect(searchWords('Reklamace  ZBOŽÍ: 24-měsíců!')).toEqual(['reklamace', 'zbozi', '24', 'mesicu']);
    expect(searchWords("' & | ! :* <->")).toEqual([]);
  });

  it('matches every word, each as any of its alternatives spelled out, and never passes tsquery syntax on', () => {
    expect(everyOf([['laptop', 'laptops', 'laptop'], ['upd', 'update']])).toBe('(laptop | laptops) & (upd | update)');
    expect(anyOf(['zbozi', "x' | y", 'a:*', 'zboží'])).toBe('(zbozi | zboží)');
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
  it("finds candidates by any rare stem's words, or by the words of two common ones together", () => {
    const stems = [
      { words: ['order', 'orders'], common: true },
      { words: ['nabijecka'], common: false },
      { words: ['cancel'], common: true },
      { words: ['refund', 'refunds'], common: true },
    ];
    expect(candidateTsquery(stems, 6)).toBe(
      '(nabijecka) | ((order | orders) & (cancel)) | ((order | orders) & (refund | refunds)) | ((cancel) & (refund | refunds))',
    );
    expect(candidateTsquery(stems, 2)).toBe('(nabijecka) | ((order | orders) & (cancel))');
    expect(candidateTsquery([{ words: ['order'], common: true }], 6)).toBe('(order)');
  });
});

describe('titleCandidates', () => {
  const stems = [
    { words: ['order', 'orders', 'ordered', 'orderly'], common: true },
    { words: ['nabijecka'], common: false },
    { words: ['cancel'], common: true },
    { words: ['refund', 'refunds'], common: true },
  ];

  it("finds rare stems' titles by any of their words and common stems' by pairs of their most used words", () => {
    expect(titleCandidates(stems, 6, 2)).toEqual({
      rare: '(nabijecka)',
      pairs: {
        first: ['order', 'orders', 'order', 'order', 'orders', 'orders', 'cancel', 'cancel'],
        second: ['cancel', 'cancel', 'refund', 'refunds', 'refund', 'refunds', 'refund', 'refunds'],
      },
      sole: [],
    });
    expect(titleCandidates(stems, 2, 1)).toEqual({ rare: '(nabijecka)', pairs: { first: ['order'], second: ['cancel'] }, sole: [] });
  });

  it('takes any word of the one stem when it is common and alone, as candidateTsquery does', () => {
    expect(titleCandidates([{ words: ['order', 'orders'], common: true }], 6, 1)).toEqual({ rare: null, pairs: { first: [], second: [] }, sole: ['order', 'orders'] });
    expect(titleCandidates([stems[0]!, stems[1]!], 6, 3)).toEqual({ rare: '(nabijecka)', pairs: { first: [], second: [] }, sole: [] });
  });
});
