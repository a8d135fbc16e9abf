import { DEMO, type MailAddress } from '@switchboard/contracts';

/** Fixed id of demo email `n` (1-20), the ids the tickets seed links to the demo agent's tickets. */
export function demoEmailId(n: number): string {
  return `00000000-0000-4000-8000-${(0xe0000 + n).toString(16).padStart(12, '0')}`;
}

/** Fixed id of the file of demo email `n`. */
export function demoAttachmentId(n: number): string {
  return `00000000-0000-4000-8000-${(0xa0000 + n).toString(16).padStart(12, '0')}`;
}

/** How many inbound demo emails there are. */
export const DEMO_EMAIL_COUNT = 20;

/** A file of a demo email; the bytes are made in code (demo-files.ts). */
export interface DemoFileSpec {
  id: string;
  kind: 'png' | 'pdf';
  fileName: string;
}

/** One inbound demo email. */
export interface DemoEmail {
  id: string;
  from: MailAddress;
  to: MailAddress[];
  subject: string;
  html: string;
  messageId: string;
  /** Hours before the seed ran that it arrived. */
  hoursAgo: number;
  file: DemoFileSpec | null;
}

const CUSTOMERS: MailAddress[] = [
  { name: 'Jana Nováková', address: 'jana.novakova@customer.example' },
  { name: 'Petr Svoboda', address: 'petr.svoboda@customer.example' },
  { name: 'Emily Clarke', address: 'emily.clarke@example.org' },
  { name: 'Tomáš Dvořák', address: 'tomas.dvorak@example.net' },
  { name: 'Lucie Černá', address: 'lucie.cerna@customer.example' },
  { name: 'James Wilson', address: 'j.wilson@example.com' },
  { name: 'Martin Procházka', address: 'martin.prochazka@example.net' },
  { name: 'Sarah Thompson', address: 'sarah.t@example.org' },
  { name: 'Kateřina Veselá', address: 'katerina.vesela@customer.example' },
  { name: 'Oliver Brown', address: 'oliver.brown@example.com' },
];

const TOPICS: { subject: string; paragraphs: string[] }[] = [
  {
    subject: 'Order not delivered yet',
    paragraphs: ['My order was supposed to arrive on Monday, but nothing has come so far.', 'Could you tell me where the parcel is?'],
  },
  {
    subject: 'Invoice charged twice',
    paragraphs: ['I was charged twice for my last invoice.', 'Please refund the second payment to the same card.'],
  },
  {
    subject: 'Broken screen after update',
    paragraphs: ['Since the last update the screen flickers and goes black.', 'I attached a screenshot of what I see.'],
  },
  {
    subject: 'Change of billing address',
    paragraphs: ['We moved our office. Please use the new address on the next invoices.', 'The company ID stays the same.'],
  },
  {
    subject: 'Reklamace: nefunkční nabíječka',
    paragraphs: ['Dobrý den, nabíječka přestala po týdnu fungovat.', 'Prosím o výměnu nebo vrácení peněz.'],
  },
  {
    subject: 'Question about my subscription',
    paragraphs: ['Does the yearly plan include phone support?', 'I would like to upgrade before the end of the month.'],
  },
  {
    subject: 'Wrong item in the package',
    paragraphs: ['I ordered the black version but received a white one.', 'How do I send it back?'],
  },
  {
    subject: 'Cannot log in to my account',
    paragraphs: ['The password reset email never arrives.', 'I checked the spam folder as well.'],
  },
  {
    subject: 'Dotaz k faktuře',
    paragraphs: ['Dobrý den, na faktuře chybí číslo objednávky.', 'Můžete mi prosím poslat opravenou verzi?'],
  },
  {
    subject: 'Cancel my order, please',
    paragraphs: ['I found the product cheaper elsewhere and would like to cancel.', 'The order has not shipped yet.'],
  },
];

/** Files of the first email of a topic, by topic index: the screenshot and the invoice. */
const FILES: Record<number, Omit<DemoFileSpec, 'id'>> = {
  1: { kind: 'pdf', fileName: 'invoice.pdf' },
  2: { kind: 'png', fileName: 'screenshot.png' },
};

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The inbound demo emails, the same every time (only their times follow the clock). */
export function demoEmails(): DemoEmail[] {
  return Array.from({ length: DEMO_EMAIL_COUNT }, (_, i) => {
    const n = i + 1;
    const from = CUSTOMERS[i % CUSTOMERS.length];
    const topicIndex = (i * 3) % TOPICS.length;
    const topic = TOPICS[topicIndex];
    const czech = topic.paragraphs[0].startsWith('Dobrý den');
    const firstName = (from.name ?? '').split(' ')[0];
    const html = [
      ...(czech ? [] : ['<p>Hello,</p>']),
      ...topic.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
      `<p>${czech ? 'S pozdravem' : 'Best regards'},<br>${escapeHtml(firstName)}</p>`,
    ].join('');
    return {
      id: demoEmailId(n),
      from,
      to: [{ name: DEMO.queues.support.name, address: DEMO.queues.support.fromAddress }],
      subject: topic.subject,
      html,
      messageId: `<demo-${n}@customer.example>`,
      hoursAgo: (DEMO_EMAIL_COUNT - n) * 5 + 1,
      file: i < TOPICS.length && FILES[topicIndex] ? { id: demoAttachmentId(n), ...FILES[topicIndex] } : null,
    };
  });
}
