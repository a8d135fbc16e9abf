import { DEMO, demoEmailId, demoId } from '@switchboard/contracts';
import { normalizeIco, normalizeVatId } from '../validation/company-ids';
import { normalizeEmail } from '../validation/email';
import { normalizePhone } from '../validation/phone';
import { generateCrmDemoData } from './demo-data';

const now = new Date('2025-06-01T12:00:00Z');
const data = generateCrmDemoData(now);

describe('generateCrmDemoData', () => {
  it("has the tickets' 80 companies and 400 contacts under the same ids, the same every time", () => {
    expect(data.companies).toHaveLength(80);
    expect(data.contacts).toHaveLength(400);
    expect(data.contacts[17]!.id).toBe(demoId('contact:17'));
    expect(data.companies[3]!.id).toBe(demoId('company:3'));
    expect(generateCrmDemoData(now)).toEqual(data);
  });

  it('holds only what the API itself would accept', () => {
    for (const company of data.companies) {
      if (company.ico) expect(normalizeIco(company.ico)).toBe(company.ico);
      if (company.vatId) expect(normalizeVatId(company.vatId)).toBe(company.vatId);
    }
    for (const contact of data.contacts) {
      for (const email of contact.emails) expect(normalizeEmail(email.address)?.address).toBe(email.address);
      for (const phone of contact.phones) expect([contact.name, normalizePhone(phone.number)]).toEqual([contact.name, phone.number]);
    }
  });

  it('lets two contacts share an address (C6) and keeps the unknown sender unknown (C9)', () => {
    const addresses = data.contacts.flatMap((c) => c.emails.map((e) => e.address));
    const shared = addresses.filter((a, i) => addresses.indexOf(a) !== i);
    expect(shared.length).toBeGreaterThanOrEqual(3);
    expect(addresses).not.toContain(DEMO.unknownSender.address);
  });

  it("fills the demo agent's calendar around now and gives the contacts activities", () => {
    const agentEvents = data.events.filter((e) => e.ownerId === DEMO.users.agent.id);
    expect(agentEvents.length).toBeGreaterThanOrEqual(15);
    expect(agentEvents.some((e) => Math.abs(e.startsAt.getTime() - now.getTime()) < 7 * 86_400_000)).toBe(true);
    expect(data.activities.length).toBeGreaterThan(300);
    expect(data.activities.some((a) => a.private)).toBe(true);
  });

  it("records the demo's inbound emails on their senders, under the key mail's events use", () => {
    const first = data.activities.find((a) => a.externalKey === `email:${demoEmailId(1)}:in`);
    expect(first).toMatchObject({ kind: 'email', direction: 'in', link: `/emails/${demoEmailId(1)}` });
    expect(data.contacts.some((c) => c.id === first!.contactId)).toBe(true);
    expect(data.activities.filter((a) => a.kind === 'email' && a.externalKey)).toHaveLength(19);
  });
});
