import type { Activity, Company, Contact, ContactSummary, Ticket } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import { TabStore } from '../navigation/tab-store';
import type { ShellServices } from '../shell-services';
import { memoryStorage } from '../widgets/memory-storage.fixture';
import type { CrmClient } from './crm-client';

export const CONTACT_ID = '2a1b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
export const COMPANY_ID = '3b2c4d5e-6f70-4b8c-9dae-1f2a3b4c5d6e';
export const EMAIL_ID = '4c3d5e6f-7081-4c9d-8ebf-2a3b4c5d6e7f';

const stamp = '2026-11-02T09:00:00.000Z';

export const contact: Contact = {
  id: CONTACT_ID,
  name: 'Jana Nováková',
  title: 'Head of purchasing',
  emails: [
    { address: 'jana.novakova@customer.example', primary: true },
    { address: 'office@customer.example', primary: false },
  ],
  phones: [{ number: '+420601234567', label: 'mobile', primary: true }],
  company: { id: COMPANY_ID, name: 'Acme s.r.o.' },
  notes: 'Prefers calls in the morning.',
  notesPrivate: false,
  notesHidden: false,
  ownerId: null,
  teamId: null,
  canEdit: true,
  version: 3,
  createdAt: stamp,
  updatedAt: stamp,
};

export const company: Company = {
  id: COMPANY_ID,
  name: 'Acme s.r.o.',
  ico: '27074358',
  vatId: 'CZ27074358',
  domains: ['customer.example'],
  addresses: [{ label: 'HQ', street: 'Národní 1', city: 'Praha', postalCode: '110 00', country: 'CZ' }],
  slaRef: 'gold',
  notes: null,
  ownerId: null,
  teamId: null,
  canEdit: true,
  version: 1,
  createdAt: stamp,
  updatedAt: stamp,
};

/** An activity of the contact at a local date and time. */
export function activity(n: number, at: string, patch: Partial<Activity> = {}): Activity {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    contactId: CONTACT_ID,
    kind: 'call',
    direction: null,
    occurredAt: new Date(at).toISOString(),
    ticketId: null,
    title: `Activity ${n}`,
    body: null,
    link: null,
    private: false,
    authorId: null,
    externalKey: null,
    createdAt: new Date(at).toISOString(),
    ...patch,
  };
}

/** A ticket of the contact opened at a local date and time. */
export function ticket(number: number, at: string): Ticket {
  return {
    id: `00000000-0000-4000-8000-${String(number).padStart(12, '0')}`,
    number,
    title: `Ticket ${number}`,
    status: 'open',
    priority: 'normal',
    queueId: null,
    contactId: CONTACT_ID,
    companyId: COMPANY_ID,
    contactName: contact.name,
    companyName: company.name,
    assigneeId: null,
    favourite: false,
    createdAt: new Date(at).toISOString(),
    updatedAt: new Date(at).toISOString(),
  };
}

/** What the CRM holds for a page test; `fail` makes every call of that name reject once with a 503. */
export interface CrmData {
  activities?: Activity[];
  tickets?: Ticket[];
  contacts?: ContactSummary[];
  pageSize?: number;
  fail?: Set<string>;
}

/**
 * Shell services over an in-memory CRM (contact, company, activities paged by an index cursor,
 * the company's contacts) and tickets; records the calls it answered.
 */
export function crmServices(data: CrmData = {}) {
  const calls: string[] = [];
  const size = data.pageSize ?? 50;
  const failOnce = (name: string) => {
    calls.push(name);
    if (data.fail?.delete(name)) throw new ApiError(503, 'UNAVAILABLE', `${name} is down`);
  };
  const page = <T>(items: T[], cursor?: string) => {
    const start = cursor ? Number(cursor) : 0;
    return { items: items.slice(start, start + size), nextCursor: start + size < items.length ? String(start + size) : null };
  };
  const crm: Pick<CrmClient, 'contact' | 'company' | 'companyContacts' | 'activities' | 'searchContacts' | 'searchCompanies' | 'sla'> = {
    sla: async (ref) => {
      failOnce(`sla:${ref}`);
      if (ref !== 'gold') throw new ApiError(404, 'SLA_NOT_FOUND', 'No such plan');
      return { ref, name: { cs: 'Zlatá', en: 'Gold' }, firstResponseMinutes: 120, resolutionHours: 48, coverage: 'business-hours', channels: ['email', 'phone'] };
    },
    searchContacts: async (q) => {
      failOnce(`searchContacts:${q}`);
      return page((data.contacts ?? []).filter((c) => c.name.toLowerCase().includes(q.toLowerCase())));
    },
    searchCompanies: async (q) => {
      failOnce(`searchCompanies:${q}`);
      return page([company].filter((c) => c.name.toLowerCase().includes(q.toLowerCase())).map(({ id, name, ico, domains }) => ({ id, name, ico, domains })));
    },
    contact: async (id) => {
      failOnce('contact');
      if (id !== CONTACT_ID) throw new ApiError(404, 'CONTACT_NOT_FOUND', 'No such contact');
      return contact;
    },
    company: async (id) => {
      failOnce('company');
      if (id !== COMPANY_ID) throw new ApiError(404, 'COMPANY_NOT_FOUND', 'No such company');
      return company;
    },
    companyContacts: async (_id, cursor) => {
      failOnce('companyContacts');
      return page(data.contacts ?? [], cursor);
    },
    activities: async (_id, { kind, cursor }) => {
      failOnce(`activities:${kind ?? 'all'}`);
      const sorted = [...(data.activities ?? [])].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
      return page(kind ? sorted.filter((a) => a.kind === kind) : sorted, cursor);
    },
  };
  const storage = memoryStorage();
  const services = {
    crm,
    tickets: {
      contactTickets: async () => {
        failOnce('tickets');
        return data.tickets ?? [];
      },
    },
    tabs: new TabStore(storage),
  } as unknown as ShellServices;
  return { services, calls };
}
