import { escapeLike, namePrefixCondition, prefixConditions, searchWords, wordConditions } from './search-words';

describe('searchWords', () => {
  it('splits words, at most five', () => {
    expect(searchWords('  Jana   Nováková ')).toEqual(['Jana', 'Nováková']);
    expect(searchWords('a b c d e f g')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(searchWords(undefined)).toEqual([]);
    expect(searchWords('   ')).toEqual([]);
  });

  it('takes a phone number as one word of digits', () => {
    expect(searchWords('+420 602 123 456')).toEqual(['420602123456']);
    expect(searchWords('602-123')).toEqual(['602123']);
    expect(searchWords('12')).toEqual(['12']);
  });
});

describe('wordConditions', () => {
  it('looks long words up by trigrams and filters by short ones', () => {
    expect(wordConditions(['novak', 'j'], 'c.search', 'c.sort_name')).toEqual({
      sql: [`c.search like '%' || crm.fold(?) || '%'`, 'strpos(c.search, crm.fold(?)) > 0'],
      params: ['novak', 'j'],
    });
  });

  it('without a long word, reads the first short one as a name prefix', () => {
    expect(wordConditions(['li', 'b'], 'c.search', 'c.sort_name').sql).toEqual([
      `c.sort_name like crm.fold(?) || '%'`,
      'strpos(c.search, crm.fold(?)) > 0',
    ]);
  });

  it('takes wildcards literally', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
  });
});

describe('prefixConditions', () => {
  it('asks the word index for every part of two letters or more as a prefix, and filters by one-letter parts', () => {
    expect(prefixConditions(['jana.novakova@', 'k'], 'c.words', 'c.search')).toEqual({
      sql: [`c.words @@ to_tsquery('simple', crm.fold(?))`, 'strpos(c.search, crm.fold(?)) > 0'],
      params: ['jana:* & novakova:* ', 'k'].map((p) => p.trim()),
    });
  });

  it('keeps tsquery syntax out of the words, and gives up without a part of two letters', () => {
    expect(prefixConditions(["o'brien|!(x)", 'a&b:*'], 'c.words', 'c.search')?.params[0]).toBe('brien:*');
    expect(prefixConditions(['%', 'a'], 'c.words', 'c.search')).toBeNull();
  });
});

describe('namePrefixCondition', () => {
  it('asks for the whole query, folded, as the beginning of the name, its wildcards taken literally', () => {
    expect(namePrefixCondition(['Jana', 'Nov%'], 'c.sort_name')).toEqual({ sql: ["c.sort_name like crm.fold(?) || '%'"], params: ['Jana Nov\\%'] });
  });
});
