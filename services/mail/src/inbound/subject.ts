/** The `[#number]` tag mail puts in subjects (see `taggedSubject` in send.service), anywhere in the subject. */
const TAG = /\[#(\d{1,15})\]/;

/** The ticket number a subject's tag names, or null. */
export function ticketNumberOf(subject: string): number | null {
  const match = TAG.exec(subject);
  const number = match ? Number(match[1]) : Number.NaN;
  return Number.isSafeInteger(number) && number > 0 ? number : null;
}

/** Reply and forward prefixes of common clients, English and Czech among them. */
const PREFIX = /^\s*((re|fw|fwd|aw|wg|odp|vs|sv|tr)\s*(\[\d+\])?\s*:\s*)+/i;

/** Title of a ticket filed for a subject: no reply prefixes, no tag, at most 300 characters. */
export function ticketTitleOf(subject: string): string {
  const title = subject.replace(new RegExp(TAG, 'g'), ' ').replace(PREFIX, '').replace(/\s+/g, ' ').trim();
  return Array.from(title || '(no subject)').slice(0, 300).join('');
}

/** The Message-IDs an email replies to: In-Reply-To first, then References newest first. */
export function referencedIds(inReplyTo: string | undefined, references: string | string[] | undefined): string[] {
  const ids = (text: string) => text.match(/<[^<>\s]+>/g) ?? [];
  const referenced = ids(Array.isArray(references) ? references.join(' ') : (references ?? '')).reverse();
  return [...new Set([...ids(inReplyTo ?? ''), ...referenced])].slice(0, 50);
}
