import { addressLabel, headerSafe, isValidAddress, parseAddress, splitEntries } from './addresses';

describe('addresses', () => {
  it('parses bare, named and quoted entries', () => {
    expect(parseAddress(' jana@customer.test ')).toEqual({ address: 'jana@customer.test' });
    expect(parseAddress('Jana Nováková <jana@customer.test>')).toEqual({ address: 'jana@customer.test', name: 'Jana Nováková' });
    expect(parseAddress('"Nováková, Jana" <jana@customer.test>')).toEqual({ address: 'jana@customer.test', name: 'Nováková, Jana' });
  });

  it('refuses what the server would refuse', () => {
    for (const bad of ['jana', 'jana@', '@customer.test', 'jana@customer', 'ja na@customer.test', 'Jana <jana@>', `${'a'.repeat(250)}@b.cz`]) {
      expect(parseAddress(bad)).toBeUndefined();
    }
    expect(isValidAddress('first.last+tag@mail.customer.test')).toBe(true);
  });

  it('never lets CR or LF into a name or address', () => {
    expect(headerSafe('Subject\r\nBcc: evil@x.test')).toBe('Subject Bcc: evil@x.test');
    expect(parseAddress('Evil\r\nBcc: x <jana@customer.test>')).toEqual({ address: 'jana@customer.test', name: 'Evil Bcc: x' });
  });

  it('splits pasted lists at commas, semicolons and line breaks, not inside quotes or brackets', () => {
    expect(splitEntries('a@x.test, b@y.test;c@z.test\r\nd@w.test,')).toEqual(['a@x.test', 'b@y.test', 'c@z.test', 'd@w.test']);
    expect(splitEntries('"Doe, John" <john@x.test>, jane@y.test')).toEqual(['"Doe, John" <john@x.test>', 'jane@y.test']);
  });

  it('labels an address with its name when there is one', () => {
    expect(addressLabel({ address: 'a@x.test' })).toBe('a@x.test');
    expect(addressLabel({ address: 'a@x.test', name: 'A' })).toBe('A <a@x.test>');
  });
});
