import type { Email, MailAddress, PatchDraftBody } from '@switchboard/contracts';
import { headerSafe } from '../addresses';

/** What the composer edits and autosaves (E2-E5, E8, E9, E12). */
export interface DraftFields {
  queueId: string | null;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  subject: string;
  html: string;
  important: boolean;
  postponed: boolean;
}

/** Name of one draft field. */
export type DraftFieldName = keyof DraftFields;

/** Every draft field, in the order the composer shows them. */
export const DRAFT_FIELD_NAMES: readonly DraftFieldName[] = ['queueId', 'to', 'cc', 'bcc', 'subject', 'html', 'important', 'postponed'];

/** The draft fields of a server copy. */
export function fieldsOf(email: Email): DraftFields {
  const { queueId, to, cc, bcc, subject, html, important, postponed } = email;
  return { queueId, to, cc, bcc, subject, html, important, postponed };
}

const addressKey = (list: readonly MailAddress[]) => list.map((a) => `${a.address.toLowerCase()}\u0000${a.name ?? ''}`).join('\u0001');

/** True when two values of one field are the same. */
export function sameField<K extends DraftFieldName>(name: K, a: DraftFields[K], b: DraftFields[K]): boolean {
  if (name === 'to' || name === 'cc' || name === 'bcc') return addressKey(a as MailAddress[]) === addressKey(b as MailAddress[]);
  return a === b;
}

/** The fields among `names` whose values differ between `a` and `b`. */
export function differingFields(a: Partial<DraftFields>, b: DraftFields, names: Iterable<DraftFieldName> = DRAFT_FIELD_NAMES): DraftFieldName[] {
  const out: DraftFieldName[] = [];
  for (const name of names) {
    if (name in a && !sameField(name, a[name] as never, b[name] as never)) out.push(name);
  }
  return out;
}

/** The named fields of `fields`. */
export function pickFields(fields: DraftFields, names: Iterable<DraftFieldName>): Partial<DraftFields> {
  const out: Partial<DraftFields> = {};
  for (const name of names) (out as Record<string, unknown>)[name] = fields[name];
  return out;
}

const safeList = (list: readonly MailAddress[]): MailAddress[] =>
  list.map(({ address, name }) => {
    const safeName = name === undefined ? '' : headerSafe(name).trim();
    return safeName ? { address: headerSafe(address).trim(), name: safeName } : { address: headerSafe(address).trim() };
  });

/** A PATCH body for `fields`: header text (subject, names, addresses) without CR, LF or other controls. */
export function patchBody(version: number, fields: Partial<DraftFields>): PatchDraftBody {
  const body: PatchDraftBody = { version };
  if (fields.queueId !== undefined) body.queueId = fields.queueId;
  if (fields.to) body.to = safeList(fields.to);
  if (fields.cc) body.cc = safeList(fields.cc);
  if (fields.bcc) body.bcc = safeList(fields.bcc);
  if (fields.subject !== undefined) body.subject = headerSafe(fields.subject);
  if (fields.html !== undefined) body.html = fields.html;
  if (fields.important !== undefined) body.important = fields.important;
  if (fields.postponed !== undefined) body.postponed = fields.postponed;
  return body;
}
