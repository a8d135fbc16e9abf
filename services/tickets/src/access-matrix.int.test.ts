import { randomUUID } from 'node:crypto';
import { ticketsApi, type Ticket } from '@switchboard/contracts';
import { runAccessMatrix, type AccessMatrix, type MatrixRole } from '@switchboard/service-kit/testing';
import type { InjectOptions } from 'fastify';
import { createTicketsTestContext, type TicketsTestContext } from './testing/tickets-test-context';

let ctx: TicketsTestContext;

/** The record of every cell is a ticket in Support, assigned to the owner. */
const support = randomUUID();
/** A second team's queue. */
const billing = randomUUID();
const users: Record<MatrixRole, string> = {
  // The owner is the assignee but no member of Support: assignment alone must let them in.
  owner: randomUUID(),
  sameQueue: randomUUID(),
  otherTeam: randomUUID(),
  admin: randomUUID(),
  service: 'service:mail',
};
/** A queue each role may file and link into. */
const ownQueue: Record<MatrixRole, string> = { owner: billing, sameQueue: support, otherTeam: billing, admin: billing, service: billing };
const headers = {} as Record<MatrixRole, Record<string, string>>;

beforeAll(async () => {
  ctx = await createTicketsTestContext();
  headers.owner = await ctx.auth({ sub: users.owner, queues: [billing] });
  headers.sameQueue = await ctx.auth({ sub: users.sameQueue, queues: [support] });
  headers.otherTeam = await ctx.auth({ sub: users.otherTeam, queues: [billing] });
  headers.admin = await ctx.auth({ sub: users.admin, role: 'admin' });
  headers.service = await ctx.auth({ sub: users.service, role: 'service' });
});

afterAll(async () => {
  await ctx?.close();
});

const service = () => headers.service;

/** A fresh ticket, created by mail (a service may file anywhere and assign). */
async function newTicket(queueId: string, assigneeId: string | undefined, title = `Matrix ${randomUUID().replaceAll("-", "")}`) {
  const body = { title, queueId, assigneeId, assignToMe: false, contactName: `Contact ${randomUUID()}` };
  const res = await ctx.inject({ method: 'POST', url: '/tickets', body, headers: service() });
  expect(res.statusCode).toBe(201);
  return res.json<Ticket>();
}

/** The owner's ticket with one linked email; its title and contact name are the data no refusal may carry. */
async function ownersTicket() {
  const ticket = await newTicket(support, users.owner);
  const emailId = randomUUID();
  const link = await ctx.inject({ method: 'PUT', url: `/emails/${emailId}/ticket`, body: { ticketId: ticket.id }, headers: service() });
  expect(link.statusCode).toBe(200);
  return { ticket, emailId, data: [ticket.title, ticket.contactName!] };
}

/** A customer's email mail filed into the ticket: unread for its assignee. */
async function receivedEmail(ticket: Ticket): Promise<string> {
  const emailId = randomUUID();
  const body = { ticketId: ticket.id, queueId: support, title: 'Re: reply', reopen: true, create: true };
  const res = await ctx.inject({ method: 'POST', url: `/emails/${emailId}/inbound`, body, headers: service() });
  expect(res.statusCode).toBe(200);
  return emailId;
}

/** The owner's ticket with a tag of its own, added by mail. */
async function taggedTicket() {
  const { ticket } = await ownersTicket();
  const tag = `tag ${randomUUID().slice(0, 8)}`;
  const res = await ctx.inject({ method: 'PATCH', url: `/tickets/${ticket.id}/tags`, body: { add: [tag] }, headers: service() });
  expect(res.statusCode).toBe(200);
  return { ticket, tag };
}

/** The request each route makes on a fresh record, as one role. */
const requests: { [Route in keyof typeof ticketsApi]: (role: MatrixRole) => Promise<{ request: InjectOptions; data: string[] }> } = {
  searchTickets: async () => {
    const { ticket, data } = await ownersTicket();
    return { request: { url: `/tickets?q=${encodeURIComponent(ticket.title)}` }, data };
  },
  createTicket: async () => ({ request: { method: 'POST', url: '/tickets', body: { title: 'Filed into Support', queueId: support } }, data: [] }),
  getTicket: async () => {
    const { ticket, data } = await ownersTicket();
    return { request: { url: `/tickets/${ticket.id}` }, data };
  },
  addFavourite: async () => {
    const { ticket, data } = await ownersTicket();
    return { request: { method: 'PUT', url: `/tickets/${ticket.id}/favourite` }, data };
  },
  removeFavourite: async () => {
    const { ticket, data } = await ownersTicket();
    return { request: { method: 'DELETE', url: `/tickets/${ticket.id}/favourite` }, data };
  },
  // Moving the owner's email to a ticket the caller may see: only who sees its current ticket may.
  linkEmail: async (role) => {
    const { emailId, data } = await ownersTicket();
    const target = await newTicket(ownQueue[role], undefined);
    return { request: { method: 'PUT', url: `/emails/${emailId}/ticket`, body: { ticketId: target.id } }, data };
  },
  updateTicket: async () => {
    const { ticket, data } = await ownersTicket();
    return { request: { method: 'PATCH', url: `/tickets/${ticket.id}`, body: { priority: 'high', status: 'pending' } }, data };
  },
  // A tag only this ticket has is the data no refusal may carry.
  getTags: async () => {
    const { ticket, tag } = await taggedTicket();
    return { request: { url: `/tickets/${ticket.id}/tags` }, data: [tag] };
  },
  changeTags: async () => {
    const { ticket, tag } = await taggedTicket();
    return { request: { method: 'PATCH', url: `/tickets/${ticket.id}/tags`, body: { add: ['matrix'] } }, data: [tag] };
  },
  applyTicketChanges: async () => {
    const { ticket, tag } = await taggedTicket();
    const changes = [{ key: `${randomUUID()}:0`, priority: 'high', addTags: ['matrix'] }];
    return { request: { method: 'POST', url: `/tickets/${ticket.id}/changes`, body: { changes } }, data: [tag] };
  },
  // An applied item answers its ticket's contact: the data no refusal may carry.
  applyTicketChangesBatch: async () => {
    const { ticket } = await ownersTicket();
    const contactId = randomUUID();
    const paired = await ctx.inject({ method: 'PUT', url: `/tickets/${ticket.id}/contact`, body: { contactId, contactName: 'Matrix Contact' }, headers: service() });
    expect(paired.statusCode).toBe(200);
    const items = [{ ticketId: ticket.id, changes: [{ key: `${randomUUID()}:0`, priority: 'high', addTags: ['matrix'] }] }];
    return { request: { method: 'POST', url: '/tickets/changes', body: { items } }, data: [contactId] };
  },
  pairContact: async () => {
    // The old contact name is replaced, so only the title tells the record.
    const { ticket } = await ownersTicket();
    const body = { contactId: randomUUID(), contactName: 'Paired Person' };
    return { request: { method: 'PUT', url: `/tickets/${ticket.id}/contact`, body }, data: [ticket.title] };
  },
  getEmailTicket: async () => {
    const { emailId, data } = await ownersTicket();
    return { request: { url: `/emails/${emailId}/ticket` }, data };
  },
  recentEmails: async () => {
    const { data } = await ownersTicket();
    return { request: { url: '/emails?limit=50' }, data };
  },
  unreadEmails: async () => {
    const { ticket, data } = await ownersTicket();
    await receivedEmail(ticket);
    return { request: { url: '/emails/unread?limit=50' }, data };
  },
  markEmailRead: async () => {
    const { ticket, data } = await ownersTicket();
    return { request: { method: 'POST', url: `/emails/${await receivedEmail(ticket)}/read` }, data };
  },
  threadInboundEmail: async () => {
    const { ticket, data } = await ownersTicket();
    const body = { ticketId: ticket.id, queueId: support, title: 'Re: reply', reopen: true, create: false };
    return { request: { method: 'POST', url: `/emails/${randomUUID()}/inbound`, body }, data };
  },
  // Mail sending the owner's email, which it linked: the link stays and the answer carries the ticket.
  fileOutboundEmail: async () => {
    const { emailId, data } = await ownersTicket();
    const body = { keepLinksBy: [users.service, users.owner], create: { id: randomUUID(), title: 'Sent', queueId: support, assigneeId: users.owner } };
    return { request: { method: 'PUT', url: `/emails/${emailId}/outbound`, body }, data };
  },
  // The answer names the ticket by number and title, not its contact.
  fileInboundEmails: async () => {
    const { ticket } = await ownersTicket();
    const items = [{ emailId: randomUUID(), ticketId: ticket.id, queueId: support, title: 'Re: reply', reopen: true, create: false }];
    return { request: { method: 'POST', url: '/emails/inbound/batch', body: { items } }, data: [ticket.title] };
  },
};

const shown = { status: 200, carries: true };
const left = { status: 200, carries: false };

/** Who gets what; docs/decisions/0009-who-may-see-what.md. */
const table: AccessMatrix<typeof ticketsApi> = {
  searchTickets: { owner: shown, sameQueue: shown, otherTeam: left, admin: shown, service: shown },
  // Filing into a queue needs membership; only a service is exempt (an admin files into their own queues).
  createTicket: { owner: 403, sameQueue: 201, otherTeam: 403, admin: 403, service: 201 },
  getTicket: { owner: shown, sameQueue: shown, otherTeam: 404, admin: shown, service: shown },
  addFavourite: { owner: 204, sameQueue: 204, otherTeam: 404, admin: 204, service: 403 },
  removeFavourite: { owner: 204, sameQueue: 204, otherTeam: 404, admin: 204, service: 403 },
  // Changing a ticket's contact is for whoever sees the ticket, like its favourites and links.
  pairContact: { owner: shown, sameQueue: shown, otherTeam: 404, admin: shown, service: shown },
  // Status and priority too; assigning someone else and other queues are checked in ticket-changes.int.test.ts.
  updateTicket: { owner: shown, sameQueue: shown, otherTeam: 404, admin: shown, service: shown },
  // Tags are changed by whoever sees the ticket, and by mail running a macro after a send (E13).
  getTags: { owner: shown, sameQueue: shown, otherTeam: 404, admin: shown, service: shown },
  changeTags: { owner: shown, sameQueue: shown, otherTeam: 404, admin: shown, service: shown },
  applyTicketChanges: { owner: shown, sameQueue: shown, otherTeam: 404, admin: shown, service: shown },
  // Many tickets' macro changes at once are mail's job alone (E13, decision 0013).
  applyTicketChangesBatch: { owner: 403, sameQueue: 403, otherTeam: 403, admin: 403, service: shown },
  linkEmail: { owner: 200, sameQueue: 200, otherTeam: 403, admin: 200, service: 200 },
  getEmailTicket: { owner: shown, sameQueue: shown, otherTeam: 404, admin: shown, service: shown },
  // Recent emails are those of the caller's own tickets: only the owner's list holds this one.
  recentEmails: { owner: shown, sameQueue: left, otherTeam: left, admin: left, service: left },
  // Unread emails are those of the caller's own tickets too; opening one is seeing its ticket.
  unreadEmails: { owner: shown, sameQueue: left, otherTeam: left, admin: left, service: left },
  markEmailRead: { owner: left, sameQueue: left, otherTeam: 404, admin: left, service: left },
  // Filing received emails is mail's job alone.
  threadInboundEmail: { owner: 403, sameQueue: 403, otherTeam: 403, admin: 403, service: shown },
  fileInboundEmails: { owner: 403, sameQueue: 403, otherTeam: 403, admin: 403, service: shown },
  // Filing a sent email (keep, relink or create a ticket anywhere for anyone) too.
  fileOutboundEmail: { owner: 403, sameQueue: 403, otherTeam: 403, admin: 403, service: shown },
};

describe('tickets access matrix', () => {
  it('answers every route to every role as the table says, and no refusal carries the ticket', async () => {
    const report = await runAccessMatrix({
      group: ticketsApi,
      table,
      send: async (route, role) => {
        const { request, data } = await requests[route](role);
        const res = await ctx.inject({ ...request, headers: headers[role] });
        return { status: res.statusCode, body: res.body, data };
      },
    });
    expect(report.problems).toEqual([]);
    expect(report.cells).toBe(Object.keys(ticketsApi).length * 5);
  }, 30_000);
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
