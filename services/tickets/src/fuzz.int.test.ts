import { randomUUID } from 'node:crypto';
import { ticketsApi, type Ticket } from '@switchboard/contracts';
import { fuzzRoutes, fuzzSummary, type FuzzReport } from '@switchboard/service-kit/testing';
import { createTicketsTestContext, type TicketsTestContext } from './testing/tickets-test-context';

// No input answers 5xx (issue 12): malformed variants of every tickets route, by an agent of
// the queue, with a ticket and a linked email that exist so that some requests reach records.

const me = randomUUID();
const queueId = randomUUID();
const emailId = randomUUID();
let ctx: TicketsTestContext;
let report: FuzzReport;
/** The service-only routes that write as mail, fuzzed as mail so that requests get past the 403. */
let serviceReport: FuzzReport;

beforeAll(async () => {
  ctx = await createTicketsTestContext();
  const headers = await ctx.auth({ sub: me, queues: [queueId] });
  const ticket = (await ctx.inject({ method: 'POST', url: '/tickets', body: { title: 'Fuzz', queueId }, headers })).json<Ticket>();
  await ctx.inject({ method: 'PUT', url: `/emails/${emailId}/ticket`, body: { ticketId: ticket.id }, headers });
  report = await fuzzRoutes({ inject: ctx.inject, headers: () => headers }, ticketsApi, {
    knownParams: { id: [ticket.id], emailId: [emailId] },
    validBodies: { createTicket: { title: 'Fuzz', queueId }, linkEmail: { ticketId: ticket.id } },
  });
  const asMail = await ctx.auth({ sub: 'service:mail', role: 'service' });
  serviceReport = await fuzzRoutes({ inject: ctx.inject, headers: () => asMail }, { fileOutboundEmail: ticketsApi.fileOutboundEmail }, {
    knownParams: { emailId: [emailId, randomUUID()] },
    validBodies: { fileOutboundEmail: { keepLinksBy: ['service:mail'], ticketId: ticket.id, create: { id: randomUUID(), title: 'Fuzz', queueId, assigneeId: me } } },
  });
  // eslint-disable-next-line no-console -- the per-service figures issue 12 asks for
  console.log(fuzzSummary('tickets', report));
}, 120_000);
afterAll(() => ctx?.close());

it('answers no malformed request with a 5xx, and every 4xx with a code', () => {
  expect(report.failures).toEqual([]);
  expect(serviceReport.failures).toEqual([]);
  expect(serviceReport.requests).toBeGreaterThan(10);
  expect(ctx.serverErrors()).toEqual([]);
  expect(report.requests).toBeGreaterThan(report.routes * 10);
});
