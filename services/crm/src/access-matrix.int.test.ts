import { randomUUID } from 'node:crypto';
import { crmApi, type CalendarEvent, type Company, type Contact } from '@switchboard/contracts';
import { runAccessMatrix, type AccessMatrix, type MatrixRole } from '@switchboard/service-kit/testing';
import type { InjectOptions } from 'fastify';
import { createCrmTestContext, type CrmTestContext } from './testing/crm-test-context';

let ctx: CrmTestContext;

/** The team of every record; the owner and the same-team agent are its members. */
const support = randomUUID();
const billing = randomUUID();
const users: Record<MatrixRole, string> = {
  owner: randomUUID(),
  sameQueue: randomUUID(),
  otherTeam: randomUUID(),
  admin: randomUUID(),
  service: 'service:mail',
};
const headers = {} as Record<MatrixRole, Record<string, string>>;

beforeAll(async () => {
  ctx = await createCrmTestContext();
  headers.owner = await ctx.auth({ sub: users.owner, teams: [support] });
  headers.sameQueue = await ctx.auth({ sub: users.sameQueue, teams: [support] });
  headers.otherTeam = await ctx.auth({ sub: users.otherTeam, teams: [billing] });
  headers.admin = await ctx.auth({ sub: users.admin, role: 'admin' });
  headers.service = await ctx.auth({ sub: users.service, role: 'service' });
});

afterAll(async () => {
  await ctx?.close();
});

const unique = (what: string) => `${what} ${randomUUID().replaceAll('-', '')}`;

async function created<T>(url: string, body: object, as: MatrixRole = 'owner'): Promise<T> {
  const res = await ctx.inject({ method: 'POST', url, body, headers: headers[as] });
  expect(res.statusCode).toBe(201);
  return res.json<T>();
}

/**
 * The owner's contact in Support, with private notes and a private activity: the notes and the
 * activity's title are the data only the owner, Support, admins and services may read.
 */
async function ownersContact() {
  const name = unique('Contact');
  const address = `${randomUUID()}@customer.example`;
  const notes = unique('Private notes');
  const contact = await created<Contact>('/contacts', { name, emails: [{ address }], notes, notesPrivate: true, teamId: support });
  const activity = unique('Private call');
  await created(`/contacts/${contact.id}/activities`, { kind: 'note', title: activity, private: true });
  return { contact, name, address, notes, activity };
}

/** The owner's company in Support; its notes are not private (every agent reads a company). */
async function ownersCompany() {
  const name = unique('Company');
  const domain = `${randomUUID().slice(0, 8)}.example`;
  const notes = unique('Company notes');
  const company = await created<Company>('/companies', { name, domains: [domain], notes, teamId: support });
  return { company, name, domain, notes };
}

const hour = 3_600_000;
const start = new Date(Date.now() + 24 * hour);

/** An event in the owner's calendar; its title and notes belong to the owner. */
async function ownersEvent() {
  const title = unique('Callback');
  const notes = unique('Event notes');
  const body = { kind: 'callback', title, notes, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + hour).toISOString() };
  const event = await created<CalendarEvent>('/calendar/events', body);
  return { event, data: [title, notes] };
}

/** The request each route makes on a fresh record, as one role. */
const requests: { [Route in keyof typeof crmApi]: (role: MatrixRole) => Promise<{ request: InjectOptions; data: string[] }> } = {
  searchContacts: async () => {
    const { name } = await ownersContact();
    return { request: { url: `/contacts?q=${encodeURIComponent(name)}` }, data: [name] };
  },
  matchContacts: async () => {
    const { address, notes } = await ownersContact();
    return { request: { url: `/contacts/match?email=${encodeURIComponent(address)}` }, data: [notes] };
  },
  getContact: async () => {
    const { contact, notes } = await ownersContact();
    return { request: { url: `/contacts/${contact.id}` }, data: [notes] };
  },
  // Filing a new contact into Support needs membership of Support (or admin, service).
  createContact: async () => ({ request: { method: 'POST', url: '/contacts', body: { name: unique('New'), teamId: support } }, data: [] }),
  updateContact: async () => {
    const { contact, notes } = await ownersContact();
    return { request: { method: 'PATCH', url: `/contacts/${contact.id}`, body: { version: contact.version, title: 'Buyer' } }, data: [contact.name, notes] };
  },
  listActivities: async () => {
    const { contact, activity } = await ownersContact();
    return { request: { url: `/contacts/${contact.id}/activities` }, data: [activity] };
  },
  createActivity: async () => {
    const { contact, notes } = await ownersContact();
    return { request: { method: 'POST', url: `/contacts/${contact.id}/activities`, body: { kind: 'note', title: 'Called back' } }, data: [notes] };
  },
  createActivities: async () => {
    const { contact, notes } = await ownersContact();
    const items = [{ contactId: contact.id, activity: { kind: 'note', title: 'Refund sent', externalKey: `macro:${randomUUID()}:0` } }];
    return { request: { method: 'POST', url: '/activities/batch', body: { items } }, data: [notes] };
  },
  searchCompanies: async () => {
    const { name } = await ownersCompany();
    return { request: { url: `/companies?q=${encodeURIComponent(name)}` }, data: [name] };
  },
  matchCompanies: async () => {
    const { name, domain, notes } = await ownersCompany();
    return { request: { url: `/companies/match?domain=${domain}` }, data: [name, notes] };
  },
  getCompany: async () => {
    const { company, name, notes } = await ownersCompany();
    return { request: { url: `/companies/${company.id}` }, data: [name, notes] };
  },
  createCompany: async () => ({ request: { method: 'POST', url: '/companies', body: { name: unique('New company'), teamId: support } }, data: [] }),
  updateCompany: async () => {
    const { company, name, notes } = await ownersCompany();
    return { request: { method: 'PATCH', url: `/companies/${company.id}`, body: { version: company.version, slaRef: 'gold' } }, data: [name, notes] };
  },
  listEvents: async () => {
    const { data } = await ownersEvent();
    const range = `from=${new Date(start.getTime() - hour).toISOString()}&to=${new Date(start.getTime() + 2 * hour).toISOString()}`;
    return { request: { url: `/calendar/events?${range}` }, data };
  },
  createEvent: async () => {
    const body = { kind: 'meeting', title: unique('Meeting'), startsAt: start.toISOString(), endsAt: new Date(start.getTime() + hour).toISOString() };
    return { request: { method: 'POST', url: '/calendar/events', body }, data: [] };
  },
  getEvent: async () => {
    const { event, data } = await ownersEvent();
    return { request: { url: `/calendar/events/${event.id}` }, data };
  },
  updateEvent: async () => {
    const { event, data } = await ownersEvent();
    return { request: { method: 'PATCH', url: `/calendar/events/${event.id}`, body: { version: event.version, kind: 'meeting' } }, data };
  },
  cancelEvent: async () => {
    const { event, data } = await ownersEvent();
    return { request: { method: 'POST', url: `/calendar/events/${event.id}/cancel` }, data };
  },
  getSla: async () => ({ request: { url: '/slas/gold' }, data: [] }),
};

const shown = { status: 200, carries: true };
const left = { status: 200, carries: false };
const everyone = { owner: shown, sameQueue: shown, otherTeam: shown, admin: shown, service: shown };

/** Who gets what; services/crm/README.md (S8) and docs/decisions/0009-who-may-see-what.md. */
const table: AccessMatrix<typeof crmApi> = {
  // Every agent finds every contact (a summary has no notes); a match and a read show the private
  // notes only to the owner, the team, admins and services (the data of these cells is the notes).
  searchContacts: everyone,
  matchContacts: { owner: shown, sameQueue: shown, otherTeam: left, admin: shown, service: shown },
  getContact: { owner: shown, sameQueue: shown, otherTeam: left, admin: shown, service: shown },
  createContact: { owner: 201, sameQueue: 201, otherTeam: 403, admin: 201, service: 201 },
  updateContact: { owner: shown, sameQueue: shown, otherTeam: 403, admin: shown, service: shown },
  listActivities: { owner: shown, sameQueue: shown, otherTeam: left, admin: shown, service: shown },
  createActivity: { owner: { status: 201, carries: false }, sameQueue: { status: 201, carries: false }, otherTeam: { status: 201, carries: false }, admin: { status: 201, carries: false }, service: { status: 201, carries: false } },
  // Many contacts' notes at once are mail's job alone (its macros, E13); the answer names only the keys.
  createActivities: { owner: 403, sameQueue: 403, otherTeam: 403, admin: 403, service: left },
  searchCompanies: everyone,
  matchCompanies: everyone,
  getCompany: everyone,
  createCompany: { owner: 201, sameQueue: 201, otherTeam: 403, admin: 201, service: 201 },
  updateCompany: { owner: shown, sameQueue: shown, otherTeam: 403, admin: shown, service: shown },
  // A calendar is its owner's: others list their own, and another's event is absent.
  listEvents: { owner: shown, sameQueue: left, otherTeam: left, admin: left, service: 403 },
  createEvent: { owner: 201, sameQueue: 201, otherTeam: 201, admin: 201, service: 403 },
  getEvent: { owner: shown, sameQueue: 404, otherTeam: 404, admin: shown, service: 404 },
  updateEvent: { owner: shown, sameQueue: 404, otherTeam: 404, admin: shown, service: 404 },
  cancelEvent: { owner: shown, sameQueue: 404, otherTeam: 404, admin: shown, service: 404 },
  // SLA plans are settings every agent works by.
  getSla: { owner: 200, sameQueue: 200, otherTeam: 200, admin: 200, service: 200 },
};

describe('crm access matrix', () => {
  it('answers every route to every role as the table says, and no refusal carries the record', async () => {
    const report = await runAccessMatrix({
      group: crmApi,
      table,
      send: async (route, role) => {
        const { request, data } = await requests[route](role);
        const res = await ctx.inject({ ...request, headers: headers[role] });
        return { status: res.statusCode, body: res.body, data };
      },
    });
    expect(report.problems).toEqual([]);
    expect(report.cells).toBe(Object.keys(crmApi).length * 5);
  }, 60_000);
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
