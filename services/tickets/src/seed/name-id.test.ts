import { DEMO_NAMESPACE, nameId } from './name-id';

describe('nameId', () => {
  it('matches RFC 4122 version 5 (the DNS namespace example)', () => {
    expect(nameId('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('is stable and distinct per name in the demo namespace', () => {
    expect(nameId('contact:1')).toBe(nameId('contact:1', DEMO_NAMESPACE));
    expect(nameId('contact:1')).not.toBe(nameId('contact:2'));
    expect(nameId('contact:1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
