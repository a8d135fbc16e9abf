import { formatAddresses, formatBytes } from './format';

describe('formatBytes', () => {
  it.each([
    [0, 'en', '0 B'],
    [999, 'en', '999 B'],
    [1500, 'en', '1.5 kB'],
    [1500, 'cs', '1,5 kB'],
    [20_971_520, 'en', '21 MB'],
  ] as const)('formats %i bytes in %s as %s', (bytes, locale, text) => {
    expect(formatBytes(bytes, locale)).toBe(text);
  });
});

describe('formatAddresses', () => {
  it('joins addresses, with display names where given', () => {
    expect(formatAddresses([{ address: 'a@x.test', name: 'A' }, { address: 'b@x.test', name: '' }, { address: 'c@x.test' }])).toBe(
      'A <a@x.test>, b@x.test, c@x.test',
    );
  });
});
