import { DEMO } from './demo';
import type { DemoContact, DemoPeople } from './demo-people';
import type { MailAddress } from './mail';

// The demo's inbound emails, planned here once so that each service seeds its own part of the
// same story: mail the emails, tickets the ticket of each (its contact being the sender), the
// CRM an activity per email on the sender's record.

/** How many inbound demo emails there are. */
export const DEMO_EMAIL_COUNT = 20;

/** Demo email whose sender writes from an address two contacts share (C6). */
export const DEMO_SHARED_ADDRESS_EMAIL = 2;

/** Demo email from a sender the CRM does not know (C9); its ticket has no contact. */
export const DEMO_UNKNOWN_SENDER_EMAIL = 4;

/** Fixed id of demo email `n` (1-20): `00000000-0000-4000-8000-0000000e0001` and up. */
export function demoEmailId(n: number): string {
  return `00000000-0000-4000-8000-${(0xe0000 + n).toString(16).padStart(12, '0')}`;
}

/** What one demo email says. */
export interface DemoTopic {
  subject: string;
  language: 'cs' | 'en';
  paragraphs: string[];
}

/** What customers write about; the index picks the demo files (see mail's seed). */
export const DEMO_TOPICS: DemoTopic[] = [
  { subject: 'Order not delivered yet', language: 'en', paragraphs: ['My order was supposed to arrive on Monday, but nothing has come so far.', 'Could you tell me where the parcel is?'] },
  { subject: 'Invoice charged twice', language: 'en', paragraphs: ['I was charged twice for my last invoice.', 'Please refund the second payment to the same card.'] },
  { subject: 'Broken screen after update', language: 'en', paragraphs: ['Since the last update the screen flickers and goes black.', 'I attached a screenshot of what I see.'] },
  { subject: 'Change of billing address', language: 'en', paragraphs: ['We moved our office. Please use the new address on the next invoices.', 'The company ID stays the same.'] },
  { subject: 'Reklamace: nefunkční nabíječka', language: 'cs', paragraphs: ['Dobrý den, nabíječka přestala po týdnu fungovat.', 'Prosím o výměnu nebo vrácení peněz.'] },
  { subject: 'Question about my subscription', language: 'en', paragraphs: ['Does the yearly plan include phone support?', 'I would like to upgrade before the end of the month.'] },
  { subject: 'Wrong item in the package', language: 'en', paragraphs: ['I ordered the black version but received a white one.', 'How do I send it back?'] },
  { subject: 'Cannot log in to my account', language: 'en', paragraphs: ['The password reset email never arrives.', 'I checked the spam folder as well.'] },
  { subject: 'Dotaz k faktuře', language: 'cs', paragraphs: ['Dobrý den, na faktuře chybí číslo objednávky.', 'Můžete mi prosím poslat opravenou verzi?'] },
  { subject: 'Cancel my order, please', language: 'en', paragraphs: ['I found the product cheaper elsewhere and would like to cancel.', 'The order has not shipped yet.'] },
];

/** One inbound demo email, as every service sees it. */
export interface DemoInboundEmail {
  n: number;
  id: string;
  from: MailAddress;
  /** The CRM contact who sent it, which is also its ticket's contact; null for the unknown sender. */
  contact: DemoContact | null;
  /** Index into DEMO_TOPICS. */
  topicIndex: number;
  topic: DemoTopic;
  /** Hours before the seed ran that it arrived. */
  hoursAgo: number;
}

/** Senders write in their own language: Czech topics come from Czech customers. */
function speaks(contact: DemoContact, language: DemoTopic['language']): boolean {
  return language === 'en' || contact.people !== 'english';
}

/**
 * The 20 inbound demo emails: topic `n * 3 mod 10`; each sender a different customer of a
 * company (so the Companies widget has something to show), who speaks the topic's language;
 * email 2 from an address two contacts share (its ticket names the first of them), email 4 from
 * a stranger. Draws nothing at random: the same people give the same plan.
 */
export function demoInboundEmails(people: DemoPeople): DemoInboundEmail[] {
  const used = new Set<string>();
  const candidates = people.contacts.filter((c) => c.company && !c.sharedEmail);
  const sharer = people.contacts.find((c) => c.sharedEmail)!;
  return Array.from({ length: DEMO_EMAIL_COUNT }, (_, i): DemoInboundEmail => {
    const n = i + 1;
    const topicIndex = (i * 3) % DEMO_TOPICS.length;
    const topic = DEMO_TOPICS[topicIndex]!;
    const base = { n, id: demoEmailId(n), topicIndex, topic, hoursAgo: (DEMO_EMAIL_COUNT - n) * 5 + 1 };
    if (n === DEMO_UNKNOWN_SENDER_EMAIL) return { ...base, from: { ...DEMO.unknownSender }, contact: null };
    if (n === DEMO_SHARED_ADDRESS_EMAIL) return { ...base, from: { name: sharer.name, address: sharer.sharedEmail! }, contact: sharer };
    const contact = candidates.find((c) => !used.has(c.id) && speaks(c, topic.language))!;
    used.add(contact.id);
    return { ...base, from: { name: contact.name, address: contact.email }, contact };
  });
}
