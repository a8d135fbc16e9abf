import { crmApi, DEMO } from '@switchboard/contracts';
import { injectFetch, routeContractProblems } from '@switchboard/service-kit/testing';
import { ApiError, ServiceClient } from '@switchboard/widget-sdk';
import { createCrmTestContext, type CrmTestContext } from './testing/crm-test-context';

const agentId = '0a7e0000-0000-4000-8000-000000000001';
let ctx: CrmTestContext;
let client: ServiceClient;

beforeAll(async () => {
  ctx = await createCrmTestContext();
  const getToken = async () => (await ctx.auth({ sub: agentId, teams: [DEMO.teams.support.id] })).authorization.slice('Bearer '.length);
  client = new ServiceClient({ serviceUrl: 'http://crm.test', getToken }, { fetch: injectFetch(ctx.app), validate: true });
});
afterAll(() => ctx.close());

it('registers every route from the CRM contract, and every contract route is served', () => {
  expect(routeContractProblems(ctx.app, crmApi)).toEqual([]);
});

it('answers the SDK client within the contract on every route', async () => {
  const company = await client.call(crmApi.createCompany, {
    body: { name: 'Vltava Logistics s.r.o.', ico: '26168685', vatId: 'CZ26168685', domains: ['vltava.example'], slaRef: 'gold' },
  });
  expect(company).toMatchObject({ ico: '26168685', domains: ['vltava.example'], canEdit: true, version: 1 });
  await expect(client.call(crmApi.getCompany, { params: { id: company.id } })).resolves.toEqual(company);
  const renamed = await client.call(crmApi.updateCompany, { params: { id: company.id }, body: { version: 1, name: 'Vltava Logistika s.r.o.' } });
  expect(renamed.version).toBe(2);
  expect((await client.call(crmApi.searchCompanies, { query: { q: 'logistika' } })).items.map((c) => c.id)).toEqual([company.id]);
  expect((await client.call(crmApi.matchCompanies, { query: { domain: 'Vltava.Example' } })).items.map((c) => c.id)).toEqual([company.id]);

  const contact = await client.call(crmApi.createContact, {
    body: { name: 'Jana Nováková', emails: [{ address: 'Jana.Novakova@Vltava.Example' }], phones: [{ number: '602 123 456' }], companyId: company.id },
  });
  expect(contact).toMatchObject({
    emails: [{ address: 'Jana.Novakova@Vltava.Example', primary: true }],
    phones: [{ number: '+420602123456', label: 'other', primary: true }],
    company: { id: company.id, name: 'Vltava Logistika s.r.o.' },
  });
  await expect(client.call(crmApi.getContact, { params: { id: contact.id } })).resolves.toEqual(contact);
  const changed = await client.call(crmApi.updateContact, { params: { id: contact.id }, body: { version: 1, title: 'Nákupčí' } });
  expect(changed.title).toBe('Nákupčí');
  expect((await client.call(crmApi.searchContacts, { query: { q: 'novakova' } })).items.map((c) => c.id)).toEqual([contact.id]);
  expect((await client.call(crmApi.matchContacts, { query: { email: ' jana.novakova@vltava.example' } })).items).toEqual([changed]);
  expect((await client.call(crmApi.matchContacts, { query: { phone: '+420602123456' } })).items).toEqual([changed]);

  const activity = await client.call(crmApi.createActivity, { params: { id: contact.id }, body: { kind: 'call', direction: 'in', title: 'Asked about the order' } });
  expect((await client.call(crmApi.listActivities, { params: { id: contact.id } })).items).toEqual([activity]);

  const event = await client.call(crmApi.createEvent, {
    body: { kind: 'callback', title: 'Call Jana back', startsAt: '2030-01-02T09:00:00Z', endsAt: '2030-01-02T09:30:00Z', contactId: contact.id },
  });
  await expect(client.call(crmApi.getEvent, { params: { id: event.id } })).resolves.toEqual(event);
  const moved = await client.call(crmApi.updateEvent, {
    params: { id: event.id },
    body: { version: 1, startsAt: '2030-01-03T09:00:00Z', endsAt: '2030-01-03T09:30:00Z' },
  });
  const month = await client.call(crmApi.listEvents, { query: { from: '2030-01-01T00:00:00Z', to: '2030-02-01T00:00:00Z' } });
  expect(month.items).toEqual([moved]);
  const cancelled = await client.call(crmApi.cancelEvent, { params: { id: event.id } });
  expect(cancelled.cancelled).toBe(true);
  expect(ctx.serverErrors()).toEqual([]);
});

it('carries the declared error code to the client', async () => {
  const missing = '0a7e0000-0000-4000-8000-0000000000ff';
  const error = await client.call(crmApi.getContact, { params: { id: missing } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ status: 404, code: 'CONTACT_NOT_FOUND' });
  const invalid = await client.call(crmApi.createContact, { body: { name: 'X', emails: [{ address: 'nope' }] } }).catch((e: unknown) => e);
  expect(invalid).toMatchObject({ status: 400, code: 'INVALID_EMAIL' });
});
