import { randomUUID } from 'node:crypto';
import type { InboundFiling } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import { buildApp as buildTicketsApp } from '../../../tickets/src/app';
import { freePort } from '../delivery/testing/processes';
import { eventually } from '../delivery/testing/seed';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';
import { createTicketsClient } from '../tickets-client';
import { createInboundFiler, type InboundFiler } from './inbound-filer';
import { deliver, rawMessage, recordAndFile, spoolFor } from './inbound-test-kit';
import { inboundDepsOf } from './receive';
import { startInboundSmtp } from './smtp-listener';

// Issue 13: a message is answered once its raw bytes are stored and spooled; the spool's
// recorder records it and the filer files it into its ticket afterwards, both in batches, and
// the filer's sweep files what tickets could not take when it was down.
let ctx: MailTestContext;
const queueId = randomUUID();
const support = 'support@filing.test';

beforeAll(async () => {
  ctx = await createMailTestContext();
  await ctx.addQueue({ id: queueId, name: 'Support', fromAddress: support });
});

afterAll(async () => {
  await ctx?.close();
});

const sql = <T>(query: string, params: unknown[] = []) => ctx.app.orm.em.fork().execute<T[]>(query, params, 'all');

type Filed = { ticket_id: string | null; threaded_at: Date | null; email_id: string };
const filedOf = async (messageId: string) =>
  (await sql<Filed>('select e.ticket_id, i.threaded_at, e.id as email_id from mail.inbound_message i join mail.email e on e.id = i.email_id where e.message_id = ?', [messageId]))[0]!;

/** A filer over tickets at `baseUrl`, as the app makes it. */
function filerOver(baseUrl: string, sweepMs: number): InboundFiler {
  const ticketsClient = createTicketsClient({ baseUrl, getToken: () => ctx.keys.sign({ aud: 'tickets', sub: 'service:mail', role: 'service' }) });
  return createInboundFiler({ orm: ctx.app.orm, ticketsClient, senderContacts: null, log: ctx.app.log }, { sweepMs });
}

describe('filing received messages', () => {
  it('files conversations and their replies taken together in one batch, each reply into its conversation', async () => {
    // No filer is woken: all twelve wait for one pass, so each reply's parent is filed in the same batch.
    const spool = spoolFor(ctx, { wake: () => undefined });
    const listener = await startInboundSmtp({ ...inboundDepsOf(ctx.app), spool }, { port: 0 });
    const ids = Array.from({ length: 6 }, () => `<${randomUUID()}@example.net>`);
    const replyIds = ids.map(() => `<${randomUUID()}@example.net>`);
    try {
      const sent = await Promise.all(ids.map((messageId, i) => deliver(listener.port, rawMessage({ to: support, subject: `Toner ${i}`, messageId }), support)));
      const replies = await Promise.all(
        replyIds.map((messageId, i) =>
          deliver(listener.port, rawMessage({ to: support, subject: `Re: Toner ${i}`, messageId, headers: [`In-Reply-To: ${ids[i]}`, `References: ${ids[i]}`] }), support),
        ),
      );
      expect([...sent, ...replies].map((delivery) => delivery.code)).toEqual(Array(12).fill(250));
      await spool.processNow();
    } finally {
      await listener.close();
      await spool.close();
    }
    expect((await filedOf(ids[0]!)).ticket_id).toBeNull();
    await ctx.app.inboundFiler.fileNow();
    const tickets = new Set<string>();
    for (const [i, messageId] of ids.entries()) {
      const parent = await filedOf(messageId);
      expect((await filedOf(replyIds[i]!)).ticket_id).toBe(parent.ticket_id);
      tickets.add(parent.ticket_id!);
    }
    expect(tickets.size).toBe(6);
  });

  it('takes a message while tickets is down, and its sweep files it once when tickets is back', async () => {
    const port = await freePort();
    const filer = filerOver(`http://127.0.0.1:${port}`, 100);
    const spool = spoolFor(ctx, filer);
    const listener = await startInboundSmtp({ ...inboundDepsOf(ctx.app), spool }, { port: 0 });
    let tickets: ServiceApp | undefined;
    const messageId = `<${randomUUID()}@example.net>`;
    try {
      expect(await deliver(listener.port, rawMessage({ to: support, subject: 'While tickets sleeps', messageId }), support)).toMatchObject({ accepted: true, code: 250 });
      await spool.processNow();
      await expect(filer.fileNow()).rejects.toMatchObject({ code: 'TICKETS_UNAVAILABLE' });
      expect(await filedOf(messageId)).toMatchObject({ ticket_id: null, threaded_at: null });

      tickets = await buildTicketsApp({ databaseUrl: ctx.ticketsDatabaseUrl, logger: false, getKey: ctx.keys.getKey, poolSize: 2 });
      await tickets.listen({ port, host: '127.0.0.1' });
      await eventually(async () => (await filedOf(messageId)).ticket_id !== null, 'the sweep to file the message');
      // A redelivery by the sender and more sweeps change nothing.
      expect((await deliver(listener.port, rawMessage({ to: support, subject: 'While tickets sleeps', messageId }), support)).code).toBe(250);
      await recordAndFile(spool, filer);
    } finally {
      await listener.close();
      await spool.close();
      await filer.close();
      await tickets?.close();
    }
    const { email_id: emailId, ticket_id: ticketId } = await filedOf(messageId);
    const [events] = await sql<{ n: string }>('select count(*) as n from mail.event_outbox where aggregate_id = ?', [emailId]);
    expect(Number(events!.n)).toBe(1);
    const links = await ctx.tickets.orm.em.fork().execute<{ ticket_id: string }[]>('select ticket_id from tickets.email_link where email_id = ?', [emailId]);
    expect(links).toEqual([{ ticket_id: ticketId }]);
    const [filed] = await ctx.tickets.orm.em.fork().execute<{ n: string }[]>("select count(*) as n from tickets.ticket where title = 'While tickets sleeps'");
    expect(Number(filed!.n)).toBe(1);
  });

  it('quarantines a message tickets refuses to file, and files the messages around it', async () => {
    const ids = [0, 1, 2].map(() => `<${randomUUID()}@example.net>`);
    const subjects = ['Before the poison', 'Poison', 'After the poison'];
    // The real tickets service answers 400 to a filing without a title, every time; here the poison's filing has none.
    let poisonEmailId = '';
    const ticketsClient = createTicketsClient({ baseUrl: ctx.ticketsUrl, getToken: () => ctx.keys.sign({ aud: 'tickets', sub: 'service:mail', role: 'service' }) });
    const refusing = { ...ticketsClient, fileInboundEmails: (items: InboundFiling[]) => ticketsClient.fileInboundEmails(items.map((item) => (item.emailId === poisonEmailId ? { ...item, title: '' } : item))) };
    const filer = createInboundFiler({ orm: ctx.app.orm, ticketsClient: refusing, senderContacts: null, log: ctx.app.log }, { sweepMs: 0 });
    const spool = spoolFor(ctx, { wake: () => undefined });
    const listener = await startInboundSmtp({ ...inboundDepsOf(ctx.app), spool }, { port: 0 });
    try {
      for (const [i, messageId] of ids.entries()) expect((await deliver(listener.port, rawMessage({ to: support, subject: subjects[i]!, messageId }), support)).code).toBe(250);
      await spool.processNow();
      poisonEmailId = (await filedOf(ids[1]!)).email_id;
      // All three are filed in one batch, which tickets refuses; then one by one.
      await filer.fileNow();
      // Later passes file nothing more and fail no more.
      await filer.fileNow();
    } finally {
      await listener.close();
      await spool.close();
      await filer.close();
    }
    for (const messageId of [ids[0]!, ids[2]!]) expect((await filedOf(messageId)).ticket_id).not.toBeNull();
    const [poison] = await sql<{ state: string; reason: string; email_id: string | null; threaded_at: Date | null }>(
      'select state, reason, email_id, threaded_at from mail.inbound_message where dedup_key = ?',
      [`mid:${ids[1]}`],
    );
    expect(poison).toMatchObject({ state: 'quarantined', email_id: null });
    expect(poison!.reason).toMatch(/^tickets refused to file it: .* answered 400 /);
    // No email outside a ticket (M1): the quarantined message keeps only its raw bytes.
    expect(await sql('select id from mail.email where id = ?', [poisonEmailId])).toEqual([]);
  });
});
