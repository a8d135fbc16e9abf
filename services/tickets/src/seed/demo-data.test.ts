import { DEMO, DEMO_UNKNOWN_SENDER_EMAIL, demoEmailId, demoId } from '@switchboard/contracts';
import { generateDemoData } from './demo-data';

const now = new Date('2025-06-01T12:00:00Z');
const data = generateDemoData(now);

describe('generateDemoData', () => {
  it('makes the same demo every time', () => {
    expect(generateDemoData(now)).toEqual(data);
    const later = generateDemoData(new Date(now.getTime() + 86_400_000));
    expect(later.tickets.map((t) => [t.id, t.title, t.assigneeId])).toEqual(data.tickets.map((t) => [t.id, t.title, t.assigneeId]));
  });

  it('has about 3,000 tickets of 400 contacts in 80 companies, with name-based ids', () => {
    expect(data.tickets).toHaveLength(3000);
    expect(data.contacts).toHaveLength(400);
    expect(data.companies).toHaveLength(80);
    expect(new Set(data.companies.map((c) => c.name)).size).toBe(80);
    expect(data.contacts[17]!.id).toBe(demoId('contact:17'));
    expect(data.companies[3]!.id).toBe(demoId('company:3'));
    expect(new Set(data.tickets.map((t) => t.id)).size).toBe(3000);
    expect(data.tickets.some((t) => /[ěščřžýáíéůú]/i.test(t.contact?.name ?? ''))).toBe(true);
  });

  it('fills every title and spreads tickets over the past months, oldest first', () => {
    expect(data.tickets.every((t) => !/[{}]/.test(t.title))).toBe(true);
    expect(new Set(data.tickets.map((t) => t.title)).size).toBeGreaterThan(1500);
    const times = data.tickets.map((t) => t.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(now.getTime() - times[0]!).toBeGreaterThan(150 * 86_400_000);
    expect(data.tickets.every((t) => t.updatedAt >= t.createdAt && t.updatedAt <= now)).toBe(true);
    expect(new Set(data.tickets.map((t) => t.status))).toEqual(new Set(['open', 'pending', 'closed']));
  });

  it('assigns a third to the demo agent, some to the admin, some to nobody', () => {
    const count = (id: string | null) => data.tickets.filter((t) => t.assigneeId === id).length;
    expect(count(DEMO.users.agent.id)).toBeGreaterThan(900);
    expect(count(DEMO.users.agent.id)).toBeLessThan(1100);
    expect(count(DEMO.users.admin.id)).toBeGreaterThan(200);
    expect(count(null)).toBeGreaterThan(400);
    const queues = new Set(data.tickets.map((t) => t.queueId));
    expect(queues).toEqual(new Set([DEMO.queues.support.id, DEMO.queues.billing.id]));
  });

  it('gives the agent favourites and emails on their own open tickets', () => {
    expect(data.favourites).toHaveLength(24);
    expect(data.favourites.every((f) => f.userId === DEMO.users.agent.id)).toBe(true);
    expect(data.emailLinks.map((l) => l.emailId)).toEqual(Array.from({ length: 20 }, (_, i) => demoEmailId(i + 1)));
    expect(demoEmailId(1)).toBe('00000000-0000-4000-8000-0000000e0001');
    const byId = new Map(data.tickets.map((t) => [t.id, t]));
    for (const l of data.emailLinks) {
      expect(byId.get(l.ticketId)).toMatchObject({ assigneeId: DEMO.users.agent.id });
      expect(byId.get(l.ticketId)!.status).not.toBe('closed');
    }
  });

  it("makes each demo email's sender its ticket's contact, and the unknown sender's ticket contactless", () => {
    const byId = new Map(data.tickets.map((t) => [t.id, t]));
    const contactOf = (n: number) => byId.get(data.emailLinks[n - 1]!.ticketId)!.contact;
    expect(contactOf(DEMO_UNKNOWN_SENDER_EMAIL)).toBeNull();
    const named = data.emailLinks.map((_, i) => contactOf(i + 1)).filter((c) => c !== null);
    expect(named).toHaveLength(19);
    expect(new Set(named.map((c) => c.id)).size).toBe(19);
    expect(named.every((c) => data.contacts.includes(c))).toBe(true);
  });
});
