import type { Contact, ContactEmail, ContactPhone, ContactSummary } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import { isInsider } from '../access';

/** A contact row as raw SQL returns it (jsonb parsed). */
export interface ContactRow extends ContactViewRow {
  sort_name: string;
}

/** The part of a contact row a contact is shown from (toContact): a match selects no more. */
export interface ContactViewRow {
  id: string;
  name: string;
  title: string | null;
  emails: ContactEmail[];
  phones: ContactPhone[];
  company_id: string | null;
  company_name: string | null;
  notes: string | null;
  notes_private: boolean;
  owner_id: string | null;
  team_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** The columns of ContactViewRow, `c` being the contact table. */
export const CONTACT_VIEW_COLUMNS = `c.id, c.name, c.title, c.emails, c.phones, c.company_id, c.company_name, c.notes,
  c.notes_private, c.owner_id, c.team_id, c.version, c.created_at, c.updated_at`;

/** The columns of ContactRow. */
export const CONTACT_COLUMNS = `${CONTACT_VIEW_COLUMNS}, c.sort_name`;

const company = (row: Pick<ContactRow, 'company_id' | 'company_name'>) =>
  row.company_id ? { id: row.company_id, name: row.company_name ?? '' } : null;

/** The contact as this caller may see it: private notes only for insiders (see access.ts). */
export function toContact(row: ContactViewRow, caller: Caller): Contact {
  const insider = isInsider(caller, { ownerId: row.owner_id, teamId: row.team_id });
  const notesHidden = row.notes_private && !insider;
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    emails: row.emails,
    phones: row.phones,
    company: company(row),
    notes: notesHidden ? null : row.notes,
    notesPrivate: row.notes_private,
    notesHidden,
    ownerId: row.owner_id,
    teamId: row.team_id,
    canEdit: insider,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The list form of a contact. */
export function toContactSummary(row: ContactRow): ContactSummary {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    primaryEmail: row.emails[0]?.address ?? null,
    primaryPhone: row.phones[0]?.number ?? null,
    company: company(row),
  };
}
