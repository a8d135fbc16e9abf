import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceEventEnvelope, ServiceEventType } from '@switchboard/contracts';
import { createServiceEventConsumer, type ServiceApp } from '@switchboard/service-kit';
import { createTestDatabase, createTestKeys, dropTestEvents, TEST_REDIS_URL, testEventsPrefix, type TestDatabase } from '@switchboard/service-kit/testing';
import { buildApp as buildCrm } from '../../../crm/src/app';
import { buildApp } from '../app';
import { ticketCopyHandlers } from './copy-handlers';

// CRM and tickets in this process, each on its own database, talking only through events in
// Redis: renaming a contact or a company in CRM reaches every ticket's copy.

const PREFIX = testEventsPrefix('copies');
const events = { connection: TEST_REDIS_URL, prefix: PREFIX };
const silent = { debug() {}, info() {}, warn() {}, error() {} };

let crmDb: TestDatabase;
let ticketsDb: TestDatabase;
let crm: ServiceApp;
let tickets: ServiceApp;
let auth: Record<string, string>;

async function crmCall<T>(method: 'POST' | 'PATCH', url: string, payload: object): Promise<T> {
  const response = await crm.inject({ method, url, payload, headers: auth });
  expect(response.statusCode).toBeLessThan(300);
  return response.json<T>();
}

/** Tickets of a contact, inserted as the tickets service stores them. */
async function insertTickets(contactId: string, companyId: string | null, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await tickets.orm.em
      .fork()
      .execute('insert into tickets.ticket (id, title, contact_id, company_id, contact_name, company_name) values (?, ?, ?, ?, ?, ?)', [
        randomUUID(),
        `Ticket ${i}`,
        contactId,
        companyId,
        'old name',
        'old company',
      ]);
  }
}

const copies = (contactId: string) =>
  tickets.orm.em
    .fork()
    .execute<{ contact_name: string; company_id: string | null; company_name: string | null }[]>(
      'select contact_name, company_id, company_name from tickets.ticket where contact_id = ?',
      [contactId],
    );

/** Polls until every ticket of the contact shows `expected`, for at most ten seconds. */
async function untilCopies(contactId: string, expected: { contact_name: string; company_id: string | null; company_name: string | null }) {
  const matches = async () => (await copies(contactId)).every((row) => JSON.stringify(row) === JSON.stringify(expected));
  for (let tries = 0; tries < 500 && !(await matches()); tries++) await sleep(20);
  expect(await copies(contactId)).toEqual(Array.from({ length: (await copies(contactId)).length }, () => expected));
}

beforeAll(async () => {
  [crmDb, ticketsDb] = await Promise.all([createTestDatabase('sb_crm_events'), createTestDatabase('sb_tickets_events')]);
  const keys = await createTestKeys();
  crm = await buildCrm({ databaseUrl: crmDb.url, logger: false, getKey: keys.getKey, poolSize: 4, events });
  tickets = await buildApp({ databaseUrl: ticketsDb.url, logger: false, getKey: keys.getKey, poolSize: 4, events });
  await Promise.all([crm.ready(), tickets.ready()]);
  auth = { authorization: `Bearer ${await keys.sign({ aud: 'crm', role: 'admin', teams: [randomUUID()] })}` };
});

afterAll(async () => {
  await Promise.all([crm?.close(), tickets?.close()]);
  await dropTestEvents(PREFIX, ['tickets', 'crm']);
  await Promise.all([crmDb?.drop(), ticketsDb?.drop()]);
});

describe('tickets keep CRM names fresh through events', () => {
  it('a contact rename, a company rename and a move to another company reach every ticket of the contact', async () => {
    const acme = await crmCall<{ id: string; version: number }>('POST', '/companies', { name: 'Acme s.r.o.' });
    const beta = await crmCall<{ id: string; version: number }>('POST', '/companies', { name: 'Beta a.s.' });
    const jana = await crmCall<{ id: string; version: number }>('POST', '/contacts', { name: 'Jana Nováková', companyId: acme.id });
    await insertTickets(jana.id, acme.id, 3);

    const renamed = await crmCall<{ version: number }>('PATCH', `/contacts/${jana.id}`, { version: jana.version, name: 'Jana Dvořáková' });
    await untilCopies(jana.id, { contact_name: 'Jana Dvořáková', company_id: acme.id, company_name: 'Acme s.r.o.' });

    await crmCall('PATCH', `/companies/${acme.id}`, { version: acme.version, name: 'Acme Holding s.r.o.' });
    await untilCopies(jana.id, { contact_name: 'Jana Dvořáková', company_id: acme.id, company_name: 'Acme Holding s.r.o.' });

    await crmCall('PATCH', `/contacts/${jana.id}`, { version: renamed.version, companyId: beta.id });
    await untilCopies(jana.id, { contact_name: 'Jana Dvořáková', company_id: beta.id, company_name: 'Beta a.s.' });
  });

  it('a change of other fields records no event', async () => {
    const contact = await crmCall<{ id: string; version: number }>('POST', '/contacts', { name: 'Petr Malý' });
    await crmCall('PATCH', `/contacts/${contact.id}`, { version: contact.version, title: 'Accountant' });
    const [row] = await crm.orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from crm.event_outbox where aggregate_id = ?`, [contact.id]);
    expect(Number(row!.n)).toBe(0);
  });
});

describe('the copy handlers', () => {
  const envelope = <T extends ServiceEventType>(type: T, aggregate: string, aggregateId: string, version: number, payload: ServiceEventEnvelope<T>['payload']) =>
    ({ id: randomUUID(), type, aggregate, aggregateId, version, occurredAt: new Date().toISOString(), payload }) as ServiceEventEnvelope;

  it('keep the newer company name when a contact event read before a company rename arrives after it', async () => {
    const consumer = createServiceEventConsumer({ orm: tickets.orm, schema: 'tickets', consumer: 'tickets-direct', handlers: ticketCopyHandlers, connection: TEST_REDIS_URL, prefix: PREFIX, log: silent });
    const [contactId, companyId] = [randomUUID(), randomUUID()];
    await insertTickets(contactId, companyId, 2);
    const contactEvent = (version: number, name: string, companyName: string, companyVersion: number) =>
      envelope('contact.changed', 'contact', contactId, version, { id: contactId, name, companyId, companyName, companyVersion, version });

    expect(await consumer.consume(envelope('company.changed', 'company', companyId, 5, { id: companyId, name: 'Renamed Co', version: 5 }))).toBe('applied');
    expect(await consumer.consume(contactEvent(2, 'Jan Beneš', 'Old Co', 4))).toBe('applied');
    await untilCopies(contactId, { contact_name: 'Jan Beneš', company_id: companyId, company_name: 'Renamed Co' });

    // An older contact version is skipped whole; the same event twice applies once.
    const newest = contactEvent(4, 'Jan Novák', 'Renamed Co', 5);
    expect(await consumer.consume(newest)).toBe('applied');
    expect(await consumer.consume(contactEvent(3, 'Jan Starý', 'Renamed Co', 5))).toBe('stale');
    expect(await consumer.consume(newest)).toBe('duplicate');
    await untilCopies(contactId, { contact_name: 'Jan Novák', company_id: companyId, company_name: 'Renamed Co' });
  });
});
