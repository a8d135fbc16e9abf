import type { ParsedMail } from 'mailparser';

/** What a received message is: a person's message, an automatic answer (RFC 3834) or a bounce (RFC 3464). */
export type InboundKind = 'message' | 'auto-reply' | 'bounce';

/** What a bounce says about the email it reports on. */
export interface BounceReport {
  /** Message-ID of the outbound email that failed, as our emails store it (`<...>`), or null. */
  originalMessageId: string | null;
  /** The reporting server's words: Diagnostic-Code, else Status, else a generic line. */
  reason: string;
  /** The SMTP reply code in the diagnostic (e.g. 550), or null. */
  code: number | null;
}

const header = (mail: ParsedMail, name: string): string => {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value);
};

const isReport = (mail: ParsedMail): boolean => {
  const type = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  return type?.value?.toLowerCase() === 'multipart/report' && type.params?.['report-type']?.toLowerCase() === 'delivery-status';
};

/** Sorts a parsed message: a DSN is a bounce; Auto-Submitted, Precedence bulk/junk/list and the common vendor headers an auto-reply. */
export function classifyInbound(mail: ParsedMail): InboundKind {
  if (isReport(mail)) return 'bounce';
  const autoSubmitted = header(mail, 'auto-submitted').trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto-reply';
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(header(mail, 'precedence').trim().toLowerCase())) return 'auto-reply';
  if (header(mail, 'x-autoreply') || header(mail, 'x-autorespond') || header(mail, 'x-auto-response-suppress').match(/all|oof|autoreply/i)) {
    return 'auto-reply';
  }
  return 'message';
}

/** `Name: value` fields of a DSN part or of returned headers (continuation lines folded). */
function fields(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!map.has(name)) map.set(name, line.slice(colon + 1).trim());
  }
  return map;
}

/** Reads a DSN: the failed recipient's diagnostic, and the Message-ID of the returned message's headers. */
export function readBounce(mail: ParsedMail): BounceReport {
  const partText = (types: string[]) =>
    mail.attachments.filter((part) => types.includes(part.contentType.toLowerCase())).map((part) => part.content.toString('utf8')).join('\n');
  // mailparser reads a message/delivery-status part as body text, not as an attachment.
  const status = fields(partText(['message/delivery-status', 'message/global-delivery-status']) || (mail.text ?? ''));
  const returned = fields(partText(['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers']));
  const diagnostic = status.get('diagnostic-code')?.replace(/^[a-z-]+;\s*/i, '') ?? '';
  const reason = diagnostic || (status.get('status') ? `status ${status.get('status')}` : 'the receiving server reported the email undeliverable');
  const code = /\b([45]\d\d)\b/.exec(diagnostic)?.[1];
  const messageId = returned.get('message-id') ?? status.get('original-message-id') ?? null;
  return { originalMessageId: messageId?.match(/<[^>]+>/)?.[0] ?? null, reason: reason.slice(0, 1000), code: code ? Number(code) : null };
}
