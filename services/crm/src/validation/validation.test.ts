import { normalizeDomain, normalizeIco, normalizeVatId } from './company-ids';
import { emailKey, normalizeEmail } from './email';
import { normalizePhone } from './phone';

describe('normalizeEmail', () => {
  it('keeps the address as typed and matches it trimmed and lowercased', () => {
    expect(normalizeEmail('  Jana.Novakova@Customer.Example ')).toEqual({
      address: 'Jana.Novakova@Customer.Example',
      key: 'jana.novakova@customer.example',
    });
    expect(normalizeEmail('office+cz@firma.cz')?.key).toBe('office+cz@firma.cz');
    expect(normalizeEmail('jiří@příklad.cz')?.key).toBe('jiří@příklad.cz');
    expect(emailKey(' A@B.CZ')).toBe('a@b.cz');
  });

  it.each(['', 'jana', 'jana@', '@firma.cz', 'jana@firma', 'ja na@firma.cz', 'jana@@firma.cz', '.jana@firma.cz', 'ja..na@firma.cz', 'jana@-firma.cz', 'jana@firma.c0', `${'a'.repeat(65)}@firma.cz`, 'Jana <jana@firma.cz>'])(
    'refuses %j',
    (raw) => expect(normalizeEmail(raw)).toBeNull(),
  );
});

describe('normalizePhone', () => {
  it('writes Czech numbers typed in any usual way in E.164', () => {
    for (const raw of ['602 123 456', '+420 602 123 456', '00420602123456', '+420602123456', '602-123-456']) {
      expect(normalizePhone(raw)).toBe('+420602123456');
    }
    expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhone('+421 905 123 456')).toBe('+421905123456');
  });

  it.each(['', '123', 'call me', '+420 12', '602 123 456 789 123', '+999 123 456 789'])('refuses %j', (raw) => {
    expect(normalizePhone(raw)).toBeNull();
  });
});

describe('normalizeIco', () => {
  it('accepts 8 digits whose check digit holds, also with spaces', () => {
    expect(normalizeIco('26168685')).toBe('26168685');
    expect(normalizeIco('261 68 685')).toBe('26168685');
    expect(normalizeIco('00006947')).toBe('00006947');
  });

  it.each(['26168684', '2616868', '261686850', 'abcdefgh', ''])('refuses %j', (raw) => expect(normalizeIco(raw)).toBeNull());
});

describe('normalizeVatId', () => {
  it('accepts Czech ids of 8 to 10 digits and the other EU shapes, compacted and upper-cased', () => {
    expect(normalizeVatId('CZ26168685')).toBe('CZ26168685');
    expect(normalizeVatId('cz 2616 8685')).toBe('CZ26168685');
    expect(normalizeVatId('CZ7103192745')).toBe('CZ7103192745');
    expect(normalizeVatId('CZ685203123')).toBe('CZ685203123');
    expect(normalizeVatId('DE123456789')).toBe('DE123456789');
    expect(normalizeVatId('ATU12345678')).toBe('ATU12345678');
    expect(normalizeVatId('NL123456789B01')).toBe('NL123456789B01');
    expect(normalizeVatId('SK2020123456')).toBe('SK2020123456');
  });

  it.each(['CZ26168684', 'CZ1234567', 'CZ12345678901', 'US123456789', 'DE12345678', '26168685', 'CZ', ''])('refuses %j', (raw) => {
    expect(normalizeVatId(raw)).toBeNull();
  });
});

describe('normalizeDomain', () => {
  it('lowercases and drops a leading @', () => {
    expect(normalizeDomain('@Firma.CZ')).toBe('firma.cz');
    expect(normalizeDomain('mail.firma.cz.')).toBe('mail.firma.cz');
  });

  it.each(['firma', 'fir ma.cz', '-firma.cz', ''])('refuses %j', (raw) => expect(normalizeDomain(raw)).toBeNull());
});
