import { CrmErrorCode, type ContactEmail, type ContactPhone, type PhoneLabel } from '@switchboard/contracts';
import { invalidField } from '../errors';
import { normalizeEmail } from '../validation/email';
import { normalizePhone } from '../validation/phone';

/** A list as stored: entries as shown (primary first) and the keys they are matched by. */
export interface CheckedList<T> {
  entries: T[];
  keys: string[];
}

/** The one primary entry first (the first entry when none is marked), the others in order. */
function primaryFirst<T extends { primary: boolean }>(entries: T[], field: string, marked: (boolean | undefined)[]): T[] {
  const primaries = marked.flatMap((p, i) => (p ? [i] : []));
  if (primaries.length > 1) throw invalidField(CrmErrorCode.severalPrimary, `${field}/${primaries[1]}/primary`, 'true');
  const first = primaries[0] ?? 0;
  return entries.map((entry, i) => ({ ...entry, primary: i === first })).sort((a, b) => Number(b.primary) - Number(a.primary));
}

/** Checks a contact's addresses: each an address, none twice (ignoring case), at most one primary. */
export function checkEmails(input: { address: string; primary?: boolean }[]): CheckedList<ContactEmail> {
  const keys: string[] = [];
  const entries = input.map((item, i) => {
    const email = normalizeEmail(item.address);
    if (!email) throw invalidField(CrmErrorCode.invalidEmail, `/emails/${i}/address`, item.address);
    if (keys.includes(email.key)) throw invalidField(CrmErrorCode.duplicateEmail, `/emails/${i}/address`, item.address);
    keys.push(email.key);
    return { address: email.address, primary: false };
  });
  const ordered = primaryFirst(entries, '/emails', input.map((item) => item.primary));
  return { entries: ordered, keys };
}

/** Checks a contact's numbers: each a valid number (stored in E.164), none twice, at most one primary. */
export function checkPhones(input: { number: string; label?: PhoneLabel; primary?: boolean }[]): CheckedList<ContactPhone> {
  const keys: string[] = [];
  const entries = input.map((item, i) => {
    const number = normalizePhone(item.number);
    if (!number) throw invalidField(CrmErrorCode.invalidPhone, `/phones/${i}/number`, item.number);
    if (keys.includes(number)) throw invalidField(CrmErrorCode.duplicatePhone, `/phones/${i}/number`, item.number);
    keys.push(number);
    return { number, label: item.label ?? 'other', primary: false };
  });
  const ordered = primaryFirst(entries, '/phones', input.map((item) => item.primary));
  return { entries: ordered, keys };
}
