import { errorMessage } from './errors';
import { createTranslator, defineCatalog, type Catalog, type CatalogKey } from './i18n';

type Key = 'greeting' | 'onlyEnglish' | 'count';

const catalog: Catalog<Key> = {
  en: { greeting: 'Hello {name}', onlyEnglish: 'English only', count: '{shown} of {total}, {shown} shown' },
  // A catalog that lost a key at runtime (e.g. a stale deployment) must still render English.
  cs: { greeting: 'Ahoj {name}', count: '{shown} z {total}' } as Catalog<Key>['cs'],
};

describe('createTranslator', () => {
  const translate = createTranslator(catalog);

  it('translates into the requested language', () => {
    expect(translate('cs')('greeting', { name: 'Eva' })).toBe('Ahoj Eva');
    expect(translate('en')('greeting', { name: 'Eva' })).toBe('Hello Eva');
  });

  it('falls back to English for a key missing in the language', () => {
    expect(translate('cs')('onlyEnglish')).toBe('English only');
  });

  it('falls back to the key itself when no language has it', () => {
    expect(translate('cs')('nowhere' as Key)).toBe('nowhere');
  });

  it('fills every occurrence of a placeholder and keeps unknown ones', () => {
    expect(translate('en')('count', { shown: 3, total: 10 })).toBe('3 of 10, 3 shown');
    expect(translate('en')('greeting', { other: 'x' })).toBe('Hello {name}');
  });

  it('returns the text untouched without params', () => {
    expect(translate('en')('greeting')).toBe('Hello {name}');
  });
});

describe('defineCatalog', () => {
  it('takes its keys from English and translates like any catalog', () => {
    const messages = defineCatalog({ en: { hello: 'Hello', unknownError: 'Something went wrong' }, cs: { hello: 'Ahoj', unknownError: 'Něco se pokazilo' } });
    const key: CatalogKey<typeof messages> = 'hello';
    expect(createTranslator(messages)('cs')(key)).toBe('Ahoj');
    // @ts-expect-error every language has exactly the English keys
    defineCatalog({ en: { hello: 'Hello' }, cs: {} });
  });
});

describe('errorMessage', () => {
  const t = createTranslator(defineCatalog({ en: { unknownError: 'Something went wrong' }, cs: { unknownError: 'Něco se pokazilo' } }))('en');

  it("says the error's own text, else the catalog's unknownError", () => {
    expect(errorMessage(new Error('Queue is required'), t)).toBe('Queue is required');
    expect(errorMessage(new Error(''), t)).toBe('Something went wrong');
    expect(errorMessage('boom', t)).toBe('Something went wrong');
  });
});
