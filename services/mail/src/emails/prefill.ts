import type { MailAddress } from '@switchboard/contracts';
import { sanitizeEmailHtml } from '@switchboard/service-kit';

/** What a reply or forward is made from: the parts of the earlier email it needs. */
export interface OriginalEmail {
  direction: 'inbound' | 'outbound';
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  html: string;
  /** When it was sent or received. */
  date: Date;
  messageId: string | null;
  references: string | null;
}

/** How the new draft answers the original. */
export type ReplyMode = 'reply' | 'replyAll' | 'forward';

/** What a reply or forward starts with. */
export interface Prefill {
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  html: string;
  inReplyTo: string | null;
  references: string | null;
}

const REPLY_PREFIX = /^\s*(re|aw|sv|odp)\s*(\[\d+\])?\s*:\s*/i;
const FORWARD_PREFIX = /^\s*(fwd?|tr|wg|pd)\s*:\s*/i;

function stripPrefixes(subject: string, prefix: RegExp): string {
  let rest = subject;
  while (prefix.test(rest)) rest = rest.replace(prefix, '');
  return rest.trim();
}

/** `Re: <subject>`, with earlier reply prefixes (`Re:`, `RE:`, `AW:`, `Re[2]:`...) folded into one. */
export function replySubject(subject: string): string {
  return `Re: ${stripPrefixes(subject, REPLY_PREFIX)}`;
}

/** `Fwd: <subject>`, with earlier forward prefixes (`Fwd:`, `FW:`...) folded into one. */
export function forwardSubject(subject: string): string {
  return `Fwd: ${stripPrefixes(subject, FORWARD_PREFIX)}`;
}

/** Adds addresses not yet listed (compared case-insensitively) and not excluded. */
function addUnique(list: MailAddress[], seen: Set<string>, candidates: MailAddress[]): void {
  for (const candidate of candidates) {
    const key = candidate.address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    list.push(candidate);
  }
}

/**
 * Recipients of a reply: the original's sender (for an email we sent: its To). Reply-all also
 * takes the other To and Cc recipients. `ownAddresses` (our queues' From addresses, lower-cased)
 * never become recipients.
 */
export function replyRecipients(
  original: OriginalEmail,
  mode: 'reply' | 'replyAll',
  ownAddresses: Set<string>,
): { to: MailAddress[]; cc: MailAddress[] } {
  const seen = new Set(ownAddresses);
  const to: MailAddress[] = [];
  const cc: MailAddress[] = [];
  const primary = original.direction === 'inbound' ? (original.from ? [original.from] : []) : original.to;
  addUnique(to, seen, primary);
  if (mode === 'replyAll') {
    addUnique(to, seen, original.to);
    addUnique(cc, seen, original.cc);
  }
  return { to, cc };
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const displayName = (address: MailAddress | null) => (address ? address.name || address.address : 'Unknown sender');
const formatAddress = (address: MailAddress) =>
  address.name ? `${address.name} <${address.address}>` : address.address;
const formatDate = (date: Date) => date.toUTCString().replace(/:\d\d GMT$/, ' UTC');

/** The quoted original under an empty first paragraph: "On <date>, <name> wrote:" and a blockquote. */
export function quoteHtml(original: OriginalEmail): string {
  const attribution = `On ${formatDate(original.date)}, ${displayName(original.from)} wrote:`;
  return sanitizeEmailHtml(`<p></p><p>${escapeHtml(attribution)}</p><blockquote>${original.html}</blockquote>`);
}

/** The original under a "Forwarded message" header block (From, Date, Subject, To, Cc). */
export function forwardHtml(original: OriginalEmail): string {
  const header = [
    '---------- Forwarded message ----------',
    `From: ${original.from ? formatAddress(original.from) : ''}`,
    `Date: ${formatDate(original.date)}`,
    `Subject: ${original.subject}`,
    `To: ${original.to.map(formatAddress).join(', ')}`,
    ...(original.cc.length > 0 ? [`Cc: ${original.cc.map(formatAddress).join(', ')}`] : []),
  ];
  return sanitizeEmailHtml(`<p></p><p>${header.map(escapeHtml).join('<br>')}</p><div>${original.html}</div>`);
}

/** RFC 5322 threading of an answer: In-Reply-To is the original's id, References its chain plus it. */
export function threading(original: OriginalEmail): { inReplyTo: string | null; references: string | null } {
  if (!original.messageId) return { inReplyTo: null, references: original.references };
  const references = original.references ? `${original.references} ${original.messageId}` : original.messageId;
  return { inReplyTo: original.messageId, references };
}

/** Everything a reply, reply-all or forward starts with. */
export function prefillFrom(original: OriginalEmail, mode: ReplyMode, ownAddresses: Set<string>): Prefill {
  if (mode === 'forward') {
    return { to: [], cc: [], subject: forwardSubject(original.subject), html: forwardHtml(original), ...threading(original) };
  }
  return {
    ...replyRecipients(original, mode, ownAddresses),
    subject: replySubject(original.subject),
    html: quoteHtml(original),
    ...threading(original),
  };
}
