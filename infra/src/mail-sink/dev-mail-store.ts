import { randomUUID } from 'node:crypto';
import { DEV_MAIL_CAPACITY, type DevMailAddress, type DevMailMessage, type DevMailSummary } from '@switchboard/contracts';
import type { AddressObject, ParsedMail } from 'mailparser';

/** Headers shown with a message besides From/To/Cc/Subject/Message-ID, as sent (lower-case names). */
const HEADERS_OF_INTEREST = [
  'date',
  'reply-to',
  'in-reply-to',
  'references',
  'importance',
  'x-priority',
  'auto-submitted',
  'mime-version',
  'content-type',
  'x-mailer',
];

/** A received message as the sink keeps it. */
export interface StoredMessage {
  /** What GET /messages/:id answers. */
  message: DevMailMessage;
  /** The bytes as received (.eml). */
  raw: Buffer;
}

/** What the SMTP session said besides the message: MAIL FROM and RCPT TO. */
export interface Envelope {
  from: string;
  to: string[];
}

function addresses(value: AddressObject | AddressObject[] | undefined): DevMailAddress[] {
  const groups = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return groups.flatMap((group) =>
    group.value.flatMap((entry) => [
      ...(entry.address ? [{ address: entry.address, name: entry.name ?? '' }] : []),
      // A group ("Team: a@x, b@x;") lists its members in `group`.
      ...(entry.group ?? []).map((member) => ({ address: member.address ?? '', name: member.name ?? '' })),
    ]),
  );
}

function interestingHeaders(parsed: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    if (!HEADERS_OF_INTEREST.includes(key) || key in headers) continue;
    // The raw line is `Name: value`, possibly folded over several lines.
    headers[key] = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
  }
  return headers;
}

/** Turns a parsed message into what the API shows. */
export function toStoredMessage(parsed: ParsedMail, raw: Buffer, envelope: Envelope, receivedAt = new Date()): StoredMessage {
  const summary: DevMailSummary = {
    id: randomUUID(),
    receivedAt: receivedAt.toISOString(),
    from: addresses(parsed.from),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: parsed.subject ?? '',
    messageId: parsed.messageId ?? null,
    size: raw.length,
    attachments: parsed.attachments.map((attachment) => ({
      fileName: attachment.filename ?? '',
      contentType: attachment.contentType,
      size: attachment.size,
      contentId: attachment.contentId || null,
    })),
  };
  return {
    raw,
    message: {
      ...summary,
      envelope,
      html: parsed.html || null,
      text: parsed.text ?? null,
      headers: interestingHeaders(parsed),
    },
  };
}

/** The last messages the sink received, newest first; the oldest is forgotten past the capacity. */
export class DevMailStore {
  private readonly messages: StoredMessage[] = [];

  constructor(
    /** How many messages to keep. */
    private readonly capacity = DEV_MAIL_CAPACITY,
  ) {}

  /** Keeps a message. */
  add(message: StoredMessage): void {
    this.messages.unshift(message);
    if (this.messages.length > this.capacity) this.messages.length = this.capacity;
  }

  /** Summaries, newest first. */
  list(): DevMailSummary[] {
    return this.messages.map(({ message }) => ({
      id: message.id,
      receivedAt: message.receivedAt,
      from: message.from,
      to: message.to,
      cc: message.cc,
      subject: message.subject,
      messageId: message.messageId,
      size: message.size,
      attachments: message.attachments,
    }));
  }

  /** One message, or undefined. */
  get(id: string): StoredMessage | undefined {
    return this.messages.find(({ message }) => message.id === id);
  }

  /** Forgets every message. */
  clear(): void {
    this.messages.length = 0;
  }
}
