import { DEMO } from './demo';
import { DEMO_SHARED_ADDRESS_EMAIL, DEMO_UNKNOWN_SENDER_EMAIL, demoEmailId, demoInboundEmails } from './demo-emails';
import { createDemoPrng, DEMO_SEED, generateDemoPeople } from './demo-people';

const people = generateDemoPeople(createDemoPrng(DEMO_SEED));
const emails = demoInboundEmails(people);

describe('demoInboundEmails', () => {
  it('plans 20 emails with fixed ids, the same every time', () => {
    expect(emails.map((e) => e.id)).toEqual(Array.from({ length: 20 }, (_, i) => demoEmailId(i + 1)));
    expect(demoEmailId(1)).toBe('00000000-0000-4000-8000-0000000e0001');
    expect(demoInboundEmails(generateDemoPeople(createDemoPrng(DEMO_SEED)))).toEqual(emails);
  });

  it('sends each from its contact\'s own address, a different customer of a company each', () => {
    const known = emails.filter((e) => e.n !== DEMO_UNKNOWN_SENDER_EMAIL && e.n !== DEMO_SHARED_ADDRESS_EMAIL);
    for (const email of known) expect(email.from).toEqual({ name: email.contact!.name, address: email.contact!.email });
    expect(known.every((e) => e.contact!.company !== null)).toBe(true);
    expect(new Set(emails.map((e) => e.contact?.id)).size).toBe(20);
  });

  it('has Czech topics written by Czech customers', () => {
    const czech = emails.filter((e) => e.topic.language === 'cs');
    expect(czech.length).toBeGreaterThan(0);
    expect(czech.every((e) => e.contact === null || e.contact.people !== 'english')).toBe(true);
  });

  it('has one email from an address two contacts share (C6) and one from a stranger (C9)', () => {
    const shared = emails[DEMO_SHARED_ADDRESS_EMAIL - 1]!;
    expect(people.contacts.filter((c) => c.sharedEmail === shared.from.address)).toHaveLength(2);
    expect(shared.contact?.sharedEmail).toBe(shared.from.address);
    const stranger = emails[DEMO_UNKNOWN_SENDER_EMAIL - 1]!;
    expect(stranger).toMatchObject({ contact: null, from: DEMO.unknownSender });
    expect(people.contacts.some((c) => c.email === stranger.from.address || c.sharedEmail === stranger.from.address)).toBe(false);
  });
});
