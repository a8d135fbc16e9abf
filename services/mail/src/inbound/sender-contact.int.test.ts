import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Company, Contact, Ticket } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import { createTestDatabase, createTestKeys, type TestDatabase, type TestKeys } from '@switchboard/service-kit/testing';
import { buildApp as buildCrmApp } from '../../../crm/src/app';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';
import { createInboundFiler, type InboundFiler } from './inbound-filer';
import type { InboundSpool } from './inbound-spool';
import { deliver, listenInbound, rawMessage, recordAndFile, spoolFor } from './inbound-test-kit';
import { createSenderContacts } from './sender-contact';
import { inboundDepsOf } from './receive';
import { startInboundSmtp, type InboundSmtpListener } from './smtp-listener';

// Issue 13, item 4 (C6, C9): the sender of a message that starts a ticket is matched through a
// real CRM's GET /contacts/match with mail's service token; one match pairs the new ticket.
let keys: TestKeys;
let crmDb: TestDatabase;
let crm: ServiceApp;
let ctx: MailTestContext;
let listener: InboundSmtpListener;
const queueId = randomUUID();
const support = 'support@contacts.test';

beforeAll(async () => {
  keys = await createTestKeys();
  crmDb = await createTestDatabase('sb_inbound_crm');
  crm = await buildCrmApp({ databaseUrl: crmDb.url, logger: false, getKey: keys.getKey, poolSize: 2 });
  await crm.listen({ port: 0, host: '127.0.0.1' });
  const senderContacts = createSenderContacts({
    baseUrl: `http://127.0.0.1:${(crm.server.address() as AddressInfo).port}`,
    getToken: () => keys.sign({ aud: 'crm', sub: 'service:mail', role: 'service' }),
  });
  ctx = await createMailTestContext({ keys, senderContacts });
  await ctx.addQueue({ id: queueId, name: 'Support', fromAddress: support });
  listener = await listenInbound(ctx);
});

afterAll(async () => {
  await listener?.close();
  await ctx?.close();
  await crm?.close();
  await crmDb?.drop();
});

const agent = async () => ({ authorization: `Bearer ${await keys.sign({ aud: 'crm', sub: randomUUID(), teams: [randomUUID()] })}` });

async function company(name: string): Promise<Company> {
  const res = await crm.inject({ method: 'POST', url: '/companies', body: { name }, headers: await agent() });
  expect(res.statusCode).toBe(201);
  return res.json<Company>();
}

async function contact(name: string, address: string, companyId?: string): Promise<Contact> {
  const res = await crm.inject({ method: 'POST', url: '/contacts', body: { name, emails: [{ address }], companyId }, headers: await agent() });
  expect(res.statusCode).toBe(201);
  return res.json<Contact>();
}

/** Delivers a new message from `from` and answers the ticket the filer filed it into. */
async function ticketOfMessage(from: string, port = listener.port, spool: Pick<InboundSpool, 'processNow'> = ctx.app.inboundSpool, filer: Pick<InboundFiler, 'fileNow'> = ctx.app.inboundFiler): Promise<Ticket> {
  const messageId = `<${randomUUID()}@example.net>`;
  const raw = rawMessage({ to: support, subject: 'Where is my order?', messageId, from });
  expect(await deliver(port, raw, support, from)).toMatchObject({ accepted: true, code: 250 });
  await recordAndFile(spool, filer);
  const [email] = await ctx.app.orm.em.fork().execute<{ ticket_id: string }[]>('select ticket_id from mail.email where message_id = ?', [messageId]);
  const res = await ctx.tickets.inject({ url: `/tickets/${email!.ticket_id}`, headers: await ctx.ticketsAuth({ sub: 'service:mail', role: 'service' }) });
  return res.json<Ticket>();
}

describe("a received message's sender and the CRM", () => {
  it('pairs the new ticket with the only contact of that address, with its company', async () => {
    const acme = await company('Acme Trading');
    const carol = await contact('Carol Customer', 'Carol@Acme.example', acme.id);
    const ticket = await ticketOfMessage('carol@acme.example');
    expect(ticket).toMatchObject({ contactId: carol.id, contactName: 'Carol Customer', companyId: acme.id, companyName: 'Acme Trading' });
    const [email] = await ctx.app.orm.em.fork().execute<{ contact_id: string }[]>('select contact_id from mail.email where ticket_id = ?', [ticket.id]);
    expect(email!.contact_id).toBe(carol.id);
  });

  it('leaves the ticket unpaired when several contacts share the address (the agent chooses, C6)', async () => {
    await contact('Dan Shared', 'desk@shared.example');
    await contact('Dana Shared', 'desk@shared.example');
    const ticket = await ticketOfMessage('desk@shared.example');
    expect(ticket).toMatchObject({ contactId: null, companyId: null });
  });

  it('leaves the ticket unpaired for an unknown sender (C9)', async () => {
    const ticket = await ticketOfMessage('stranger@nowhere.example');
    expect(ticket).toMatchObject({ contactId: null, companyId: null });
  });

  it('files the message without a contact when CRM cannot be asked', async () => {
    await contact('Eve Later', 'eve@later.example');
    const down = createSenderContacts({ baseUrl: 'http://127.0.0.1:9', getToken: async () => 'x' });
    await expect(down.match('eve@later.example')).rejects.toThrow();
    const filer = createInboundFiler({ orm: ctx.app.orm, ticketsClient: ctx.ticketsClient, senderContacts: down, log: ctx.app.log }, { sweepMs: 0 });
    const spool = spoolFor(ctx, filer);
    const withoutCrm = await startInboundSmtp({ ...inboundDepsOf(ctx.app), spool }, { port: 0 });
    try {
      const ticket = await ticketOfMessage('eve@later.example', withoutCrm.port, spool, filer);
      expect(ticket).toMatchObject({ contactId: null });
    } finally {
      await withoutCrm.close();
      await spool.close();
      await filer.close();
    }
  });
});
