import type { MailAddress } from '@switchboard/contracts';
// The sanitizer alone: a parse worker does not load the whole kit (S3 client, OpenTelemetry).
import { sanitizeReceivedHtml } from '@switchboard/service-kit/html';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { sanitizeFileName } from '../attachments/file-name';
import { classifyInbound, readBounce, type BounceReport, type InboundKind } from './classify';

/** An attachment of a received email, its bytes already in the blob store. */
export interface InboundAttachment {
  blobSha256: string;
  size: number;
  fileName: string;
  /** Sniffed from the bytes, never taken from the sender's label. */
  contentType: string;
  inline: boolean;
  contentId: string | null;
}

/** A received message as mail stores it. */
export interface ParsedInbound {
  kind: InboundKind;
  /** `<...>`, or null when the message has none. */
  messageId: string | null;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  /** Sanitized as outbound bodies are; each remote image is `remote:<position>` of `remoteImages`. */
  html: string;
  /** The addresses of the body's http(s) images, shown only once the agent allows them. */
  remoteImages: string[];
  inReplyTo: string | undefined;
  references: string | string[] | undefined;
  attachments: InboundAttachment[];
  /** Set for a bounce. */
  bounce: BounceReport | null;
}

/** PostgreSQL text refuses NUL; a broken message may carry them anywhere. */
const clean = (text: string): string => text.replaceAll('\u0000', '');

function addresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const list = (Array.isArray(field) ? field : field ? [field] : []).flatMap((object) => object.value);
  return list
    .filter((entry) => entry.address && /^[^\s@]+@[^\s@]+$/.test(entry.address))
    .map((entry) => ({ address: clean(entry.address!).slice(0, 254), ...(entry.name ? { name: clean(entry.name).slice(0, 200) } : {}) }));
}

/** An attachment as parsed, its bytes not stored yet. */
export interface MessagePart {
  content: Uint8Array;
  /** Sanitized. */
  fileName: string;
  contentId: string | null;
  related: boolean;
}

/** A parsed message before its attachments are stored: what the parse workers answer. */
export interface ParsedMessage extends Omit<ParsedInbound, 'attachments'> {
  parts: MessagePart[];
}

/** The attachments to keep: none of a bounce, and never the parts of a report (they are read, not kept as files). */
const partsOf = (mail: ParsedMail, kind: InboundKind): MessagePart[] =>
  kind === 'bounce'
    ? []
    : mail.attachments
        .filter((part) => !part.contentType.startsWith('message/delivery-status'))
        .map((part) => ({
          content: part.content,
          fileName: sanitizeFileName(part.filename ? clean(part.filename) : undefined),
          contentId: part.cid ? clean(part.cid).slice(0, 200) : null,
          related: part.related === true,
        }));

/**
 * Parses raw message bytes (mailparser) and sanitizes the body: CPU only, no I/O, so the parse
 * workers run it (`parse-worker.ts`). mailparser reads broken MIME as well as it can; whatever
 * it cannot read throws, and the caller quarantines.
 */
export async function parseMessage(bytes: Buffer): Promise<ParsedMessage> {
  const mail = await simpleParser(bytes, { keepCidLinks: true, skipImageLinks: true });
  const kind = classifyInbound(mail);
  const body = sanitizeReceivedHtml(typeof mail.html === 'string' && mail.html ? mail.html : (mail.textAsHtml ?? ''));
  return {
    kind,
    messageId: mail.messageId ? clean(mail.messageId).slice(0, 995) : null,
    from: addresses(mail.from)[0] ?? null,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject: clean(mail.subject ?? '').slice(0, 998),
    html: clean(body.html),
    remoteImages: body.remoteImages.map(clean),
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    parts: partsOf(mail, kind),
    bounce: kind === 'bounce' ? readBounce(mail) : null,
  };
}
