import { ticketsApi } from '@switchboard/contracts';
import { injectFetch, routeContractProblems } from '@switchboard/service-kit/testing';
import { ApiError, ServiceClient } from '@switchboard/widget-sdk';
import { createTicketsTestContext, type TicketsTestContext } from './testing/tickets-test-context';

const agentId = '0a7e0000-0000-4000-8000-000000000001';
const queueId = '0a7e0000-0000-4000-8000-00000000000a';
let ctx: TicketsTestContext;
let client: ServiceClient;

beforeAll(async () => {
  ctx = await createTicketsTestContext();
  const getToken = async () => (await ctx.auth({ sub: agentId, queues: [queueId] })).authorization.slice('Bearer '.length);
  client = new ServiceClient({ serviceUrl: 'http://tickets.test', getToken }, { fetch: injectFetch(ctx.app), validate: true });
});
afterAll(() => ctx.close());

it('registers every route from the tickets contract, and every contract route is served', () => {
  expect(routeContractProblems(ctx.app, ticketsApi)).toEqual([]);
});

it('answers the SDK client within the contract on every route', async () => {
  const created = await client.call(ticketsApi.createTicket, { body: { title: 'Printer on fire', queueId } });
  expect(created.title).toBe('Printer on fire');
  await expect(client.call(ticketsApi.getTicket, { params: { id: created.id } })).resolves.toEqual(created);
  await client.call(ticketsApi.addFavourite, { params: { id: created.id } });
  const favourites = await client.call(ticketsApi.searchTickets, { query: { favourites: true } });
  expect(favourites.items.map((t) => t.id)).toEqual([created.id]);
  await client.call(ticketsApi.removeFavourite, { params: { id: created.id } });
  const emailId = '0a7e0000-0000-4000-8000-0000000000e1';
  const linked = await client.call(ticketsApi.linkEmail, { params: { emailId }, body: { ticketId: created.id } });
  expect(linked.ticket.id).toBe(created.id);
  await expect(client.call(ticketsApi.getEmailTicket, { params: { emailId } })).resolves.toEqual(linked);
  const recent = await client.call(ticketsApi.recentEmails, { query: { limit: 5 } });
  expect(recent.items.map((e) => e.emailId)).toEqual([emailId]);
  expect(ctx.serverErrors()).toEqual([]);
});

it('carries the declared error code to the client', async () => {
  const missing = '0a7e0000-0000-4000-8000-0000000000ff';
  const error = await client.call(ticketsApi.getTicket, { params: { id: missing } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ status: 404, code: 'TICKET_NOT_FOUND' });
});
