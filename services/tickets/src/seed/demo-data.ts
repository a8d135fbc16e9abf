import {
  createDemoPrng,
  DEMO,
  DEMO_EMAIL_COUNT,
  DEMO_SEED,
  demoId,
  demoInboundEmails,
  generateDemoPeople,
  type DemoCompany,
  type DemoContact,
  type DemoPrng,
  type TicketPriority,
  type TicketStatus,
} from '@switchboard/contracts';
import { CITIES, PRODUCTS, TITLES } from './demo-catalog';

/** How much demo data to make. */
export interface DemoSize {
  tickets: number;
  contacts: number;
  companies: number;
  /** Favourites of the demo agent. */
  favourites: number;
  /** Emails linked to the demo agent's tickets, at most DEMO_EMAIL_COUNT. */
  emailLinks: number;
}

/** The demo the service seeds: ~3,000 tickets of 400 contacts in 80 companies. */
export const DEMO_SIZE: DemoSize = { tickets: 3000, contacts: 400, companies: 80, favourites: 24, emailLinks: DEMO_EMAIL_COUNT };

/** One demo ticket, in creation order (the sequence numbers them in this order). */
export interface DemoTicket {
  id: string;
  title: string;
  status: TicketStatus;
  priority: TicketPriority;
  queueId: string;
  /** The customer; null only on the unknown sender's ticket (C9). */
  contact: DemoContact | null;
  assigneeId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Everything the seed inserts. */
export interface DemoData {
  companies: DemoCompany[];
  contacts: DemoContact[];
  tickets: DemoTicket[];
  favourites: { userId: string; ticketId: string }[];
  emailLinks: { emailId: string; ticketId: string; linkedAt: Date }[];
}

const DAY = 86_400_000;

/** Other agents of the demo team, so that "mine" is a real filter. */
const OTHER_AGENTS = [1, 2, 3, 4].map((n) => demoId(`agent:${n}`));

function makeTitle(prng: DemoPrng, template: string): string {
  return template
    .replace('{order}', String(prng.int(1000, 99999)))
    .replace('{invoice}', `FV${prng.int(2024, 2026)}${String(prng.int(1, 9999)).padStart(4, '0')}`)
    .replace('{product}', prng.pick(PRODUCTS))
    .replace('{city}', prng.pick(CITIES));
}

function makeTicket(prng: DemoPrng, i: number, contacts: DemoContact[], now: number): DemoTicket {
  const billing = prng.chance(0.3);
  const createdAt = new Date(now - prng.next() * 180 * DAY);
  const age = now - createdAt.getTime();
  const updatedAt = new Date(createdAt.getTime() + prng.next() * Math.min(age, 20 * DAY));
  // Old tickets are mostly closed; this week's are mostly open.
  const closedShare = Math.min(0.9, age / (60 * DAY));
  const status = prng.weighted({ open: (1 - closedShare) * 70, pending: (1 - closedShare) * 30, closed: closedShare * 100 });
  const roll = prng.next();
  const assigneeId = roll < 1 / 3 ? DEMO.users.agent.id : roll < 0.45 ? DEMO.users.admin.id : roll < 0.65 ? null : prng.pick(OTHER_AGENTS);
  return {
    id: demoId(`ticket:${i}`),
    title: makeTitle(prng, prng.pick(billing ? TITLES.billing : TITLES.support)),
    status,
    priority: prng.weighted({ low: 20, normal: 55, high: 20, urgent: 5 }),
    queueId: billing ? DEMO.queues.billing.id : DEMO.queues.support.id,
    contact: prng.pick(contacts),
    assigneeId,
    createdAt,
    updatedAt,
  };
}

/**
 * Generates the demo deterministically: the same ids, names, titles and assignments every time.
 * Only the timestamps move with `now`, so that the demo always looks recent.
 */
export function generateDemoData(now: Date = new Date(), size: DemoSize = DEMO_SIZE, seed = DEMO_SEED): DemoData {
  const prng = createDemoPrng(seed);
  // The customers come first from the shared source, so the CRM seeds the same people (same ids).
  const people = generateDemoPeople(prng, size);
  const { companies, contacts } = people;
  const tickets = Array.from({ length: size.tickets }, (_, i) => makeTicket(prng, i, contacts, now.getTime())).sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
  );

  const agentTickets = tickets.filter((t) => t.assigneeId === DEMO.users.agent.id);
  const favouriteIds = new Set<string>();
  while (favouriteIds.size < Math.min(size.favourites, tickets.length)) {
    // Mostly the agent's own tickets, some a colleague's the agent keeps an eye on.
    favouriteIds.add(prng.pick(prng.chance(0.75) && agentTickets.length > 0 ? agentTickets : tickets).id);
  }
  const favourites = [...favouriteIds].map((ticketId) => ({ userId: DEMO.users.agent.id, ticketId }));

  // The agent's most recently active open tickets get the home page's emails.
  const linkable = agentTickets.filter((t) => t.status !== 'closed').slice(-size.emailLinks);
  // Each demo email's ticket is its sender's: the sender becomes the ticket's contact.
  const inbound = demoInboundEmails(people);
  const emailLinks = linkable.map((t, i) => {
    const email = inbound[i]!;
    t.contact = email.contact;
    return { emailId: email.id, ticketId: t.id, linkedAt: t.updatedAt };
  });

  return { companies, contacts, tickets, favourites, emailLinks };
}
