import {
  CrmErrorCode,
  type Activity,
  type ActivityPage,
  type Contact,
  type ContactList,
  type ContactMatch,
  type CreateContactBody,
  type PatchContactBody,
} from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import type { ContactsApi } from '../crm-api';

let counter = 0;
/** A fresh UUID-shaped id for test records. */
export const testId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

/** A contact with sensible defaults. */
export function testContact(patch: Partial<Contact> = {}): Contact {
  return {
    id: testId(),
    name: 'Jana Nováková',
    title: 'Buyer',
    emails: [{ address: 'jana.novakova@customer.example', primary: true }],
    phones: [{ number: '+420601234567', label: 'mobile', primary: true }],
    company: { id: '33333333-3333-4333-8333-333333333333', name: 'Acme s.r.o.' },
    notes: 'Prefers email',
    notesPrivate: false,
    notesHidden: false,
    ownerId: null,
    teamId: null,
    canEdit: true,
    version: 1,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    ...patch,
  };
}

/**
 * The CRM in memory, for the widgets' tests: contacts matched by address, a version check and
 * the service's INVALID_EMAIL code, activities paged by a cursor; every call is recorded.
 */
export class MemoryContactsApi implements ContactsApi {
  readonly calls: string[] = [];
  readonly contacts = new Map<string, Contact>();
  /** Activities per contact, newest first. */
  readonly activities = new Map<string, Activity[]>();
  /** Activities per page. */
  pageSize = 2;

  constructor(contacts: Contact[] = []) {
    for (const contact of contacts) this.contacts.set(contact.id, contact);
  }

  async matchContacts(email: string): Promise<ContactMatch> {
    this.calls.push(`match ${email}`);
    const key = email.trim().toLowerCase();
    const items = [...this.contacts.values()].filter((c) => c.emails.some((e) => e.address.trim().toLowerCase() === key));
    return { items: items.sort((a, b) => a.name.localeCompare(b.name)) };
  }

  async getContact(id: string): Promise<Contact> {
    this.calls.push(`get ${id}`);
    const contact = this.contacts.get(id);
    if (!contact) throw new ApiError(404, CrmErrorCode.contactNotFound, `No contact ${id}`);
    return contact;
  }

  async searchContacts(q: string): Promise<ContactList> {
    this.calls.push(`search ${q}`);
    const items = [...this.contacts.values()]
      .filter((c) => c.name.toLowerCase().includes(q.toLowerCase()))
      .map((c) => ({ id: c.id, name: c.name, title: c.title, primaryEmail: c.emails[0]?.address ?? null, primaryPhone: null, company: c.company }));
    return { items, nextCursor: null };
  }

  async createContact(body: CreateContactBody): Promise<Contact> {
    this.calls.push(`create ${body.name}`);
    const contact = this.apply(testContact({ id: testId(), company: null, notes: null, title: null, emails: [], phones: [] }), body);
    this.contacts.set(contact.id, contact);
    return contact;
  }

  async updateContact(id: string, body: PatchContactBody): Promise<Contact> {
    this.calls.push(`update ${id} v${body.version}`);
    const current = await this.getContact(id);
    if (body.version !== current.version) {
      throw new ApiError(409, CrmErrorCode.versionConflict, 'The record changed meanwhile', { current });
    }
    const next = this.apply({ ...current, version: current.version + 1 }, body);
    this.contacts.set(id, next);
    return next;
  }

  async listActivities(id: string, cursor: string | undefined): Promise<ActivityPage> {
    this.calls.push(`activities ${id} ${cursor ?? 'first'}`);
    const all = this.activities.get(id) ?? [];
    const start = cursor ? Number(cursor) : 0;
    const end = start + this.pageSize;
    return { items: all.slice(start, end), nextCursor: end < all.length ? String(end) : null };
  }

  private apply(contact: Contact, body: CreateContactBody | PatchContactBody): Contact {
    body.emails?.forEach((email, i) => {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.address.trim())) {
        throw new ApiError(400, CrmErrorCode.invalidEmail, `emails/${i}/address is not an email address`, {
          field: `emails/${i}/address`,
          value: email.address,
        });
      }
    });
    return {
      ...contact,
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.notes !== undefined ? { notes: body.notes } : {}),
      ...(body.emails ? { emails: body.emails.map((e, i) => ({ address: e.address, primary: e.primary ?? i === 0 })) } : {}),
      ...(body.phones ? { phones: body.phones.map((p, i) => ({ number: p.number, label: p.label ?? 'mobile', primary: p.primary ?? i === 0 })) } : {}),
    };
  }
}
