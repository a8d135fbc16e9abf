import { createDemoPrng, DEMO, DEMO_SEED, demoInboundEmails, generateDemoPeople, type MailAddress } from '@switchboard/contracts';

/** Fixed id of the file of demo email `n`. */
export function demoAttachmentId(n: number): string {
  return `00000000-0000-4000-8000-${(0xa0000 + n).toString(16).padStart(12, '0')}`;
}

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
  /** The sender's CRM contact; null for the unknown sender. */
  contactId: string | null;
  to: MailAddress[];
  subject: string;
  html: string;
  messageId: string;
  /** Hours before the seed ran that it arrived. */
  hoursAgo: number;
  file: DemoFileSpec | null;
}

/** Files of the first email of a topic, by topic index: the screenshot and the invoice. */
const FILES: Record<number, Omit<DemoFileSpec, 'id'>> = {
  1: { kind: 'pdf', fileName: 'invoice.pdf' },
  2: { kind: 'png', fileName: 'screenshot.png' },
};

/** Only the first round of topics has files. */
const FILES_UNTIL = 10;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The inbound demo emails of the shared plan (demoInboundEmails), the same every time (only their times follow the clock). */
export function demoEmails(): DemoEmail[] {
  return demoInboundEmails(generateDemoPeople(createDemoPrng(DEMO_SEED))).map((plan, i) => {
    const { topic } = plan;
    const czech = topic.language === 'cs';
    const firstName = (plan.from.name ?? '').split(' ')[0];
    const html = [
      ...(czech ? [] : ['<p>Hello,</p>']),
      ...topic.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
      `<p>${czech ? 'S pozdravem' : 'Best regards'},<br>${escapeHtml(firstName)}</p>`,
    ].join('');
    const file = FILES[plan.topicIndex];
    return {
      id: plan.id,
      from: plan.from,
      contactId: plan.contact?.id ?? null,
      to: [{ name: DEMO.queues.support.name, address: DEMO.queues.support.fromAddress }],
      subject: topic.subject,
      html,
      messageId: `<demo-${plan.n}@customer.example>`,
      hoursAgo: plan.hoursAgo,
      file: i < FILES_UNTIL && file ? { id: demoAttachmentId(plan.n), ...file } : null,
    };
  });
}
