import { createHash } from 'node:crypto';
import { createDemoPrng, DEMO, DEMO_NAMESPACE, DEMO_SEED, demoId, generateDemoPeople } from './demo';

/** RFC 4122 version 5 with node's SHA-1, to check the contracts' own digest against. */
function nodeNameId(name: string, namespace = DEMO_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('demoId', () => {
  it('matches RFC 4122 version 5 (the DNS namespace example)', () => {
    expect(demoId('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('is stable and distinct per name in the demo namespace', () => {
    expect(demoId('contact:1')).toBe(demoId('contact:1', DEMO_NAMESPACE));
    expect(demoId('contact:1')).not.toBe(demoId('contact:2'));
    expect(demoId('contact:1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('agrees with node:crypto for names of every padding length, and non-ASCII ones', () => {
    const names = ['', 'contact:0', 'Nováková', ...Array.from({ length: 140 }, (_, n) => 'x'.repeat(n))];
    for (const name of names) expect(demoId(name)).toBe(nodeNameId(name));
  });
});

describe('generateDemoPeople', () => {
  const people = generateDemoPeople(createDemoPrng(DEMO_SEED));

  it('draws the same customers every time, with the ids the tickets seed uses', () => {
    expect(people.companies).toHaveLength(80);
    expect(people.contacts).toHaveLength(400);
    expect(people.companies[0]).toMatchObject({ id: demoId('company:0'), name: 'Vertex Stavby a.s.', domain: 'vertex-stavby.example' });
    expect(people.contacts[2]).toMatchObject({
      id: demoId('contact:2'),
      name: 'Adéla Jelínková',
      email: 'adela.jelinkova@atlas-finance.example',
      company: { name: 'Atlas Finance a.s.' },
    });
    expect(generateDemoPeople(createDemoPrng(DEMO_SEED))).toEqual(people);
  });

  it('gives every contact its own primary address and two contacts each of three companies a shared one', () => {
    expect(new Set(people.contacts.map((c) => c.email)).size).toBe(400);
    expect(new Set(people.companies.map((c) => c.domain)).size).toBe(80);
    expect(people.sharedEmails).toHaveLength(3);
    for (const shared of people.sharedEmails) {
      expect(people.contacts.filter((c) => c.sharedEmail === shared)).toHaveLength(2);
    }
    expect(people.contacts.some((c) => c.email === DEMO.unknownSender.address)).toBe(false);
  });
});
