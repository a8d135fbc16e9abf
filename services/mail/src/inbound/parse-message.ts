import type { MailAddress } from '@switchboard/contracts';
import { sanitizeReceivedHtml, type BlobStore } from '@switchboard/service-kit';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { sanitizeFileName } from '../attachments/file-name';
import { isInlineImage, sniffContentType } from '../attachments/sniff';
import { classifyInbound, readBounce, type BounceReport, type InboundKind } from './classify';
import { INBOUND_MAX_BYTES } from './limits';

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

async function storeAttachments(mail: ParsedMail, store: BlobStore): Promise<InboundAttachment[]> {
  const stored: InboundAttachment[] = [];
  for (const part of mail.attachments) {
    // The parts of a report are read, not kept as files.
    if (part.contentType.startsWith('message/delivery-status')) continue;
    const fileName = sanitizeFileName(part.filename ? clean(part.filename) : undefined);
    const put = await store.putBytes(part.content, { maxBytes: INBOUND_MAX_BYTES });
    const contentType = sniffContentType(put.head, put.size, fileName);
    const contentId = part.cid ? clean(part.cid).slice(0, 200) : null;
    stored.push({ blobSha256: put.sha256, size: put.size, fileName, contentType, contentId, inline: Boolean(contentId) && part.related === true && isInlineImage(contentType) });
  }
  return stored;
}

/**
 * Parses a stored raw message (mailparser), from `bytes` when the caller still has them, and
 * stores its attachments' bytes. mailparser reads broken MIME as well as it can; whatever it
 * cannot read throws, and the caller quarantines.
 */
export async function parseInbound(store: BlobStore, rawSha256: string, bytes: Buffer | null = null): Promise<ParsedInbound> {
  const mail = await simpleParser(bytes ?? store.open(rawSha256), { keepCidLinks: true, skipImageLinks: true });
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
    attachments: kind === 'bounce' ? [] : await storeAttachments(mail, store),
    bounce: kind === 'bounce' ? readBounce(mail) : null,
  };
}
