import { randomUUID } from 'node:crypto';
import type { HeldInboundList, InboundFiling } from '@switchboard/contracts';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';
import { createTicketsClient } from '../tickets-client';
import { createInboundFiler } from './inbound-filer';
import { deliver, rawMessage, spoolFor } from './inbound-test-kit';
import { inboundDepsOf } from './receive';
import { startInboundSmtp } from './smtp-listener';

// Issue 13: admins list the received messages that were quarantined or refused, and put a
// quarantined one back, to be recorded and filed again.
let ctx: MailTestContext;
let admin: Record<string, string>;
let agent: Record<string, string>;
const queueId = randomUUID();
const support = 'support@held.test';
const poisonId = `<${randomUUID()}@example.net>`;
const subject = `Refund ${randomUUID()}`;

beforeAll(async () => {
  ctx = await createMailTestContext();
  await ctx.addQueue({ id: queueId, name: 'Support', fromAddress: support });
  admin = await ctx.auth({ sub: randomUUID(), role: 'admin' });
  agent = await ctx.auth({ sub: randomUUID(), queues: [queueId] });
  // A filer whose tickets refuses this message's filing (no title: 400, every time) quarantines it, as a poison message is.
  const ticketsClient = createTicketsClient({ baseUrl: ctx.ticketsUrl, getToken: () => ctx.keys.sign({ aud: 'tickets', sub: 'service:mail', role: 'service' }) });
  const refusing = { ...ticketsClient, fileInboundEmails: (items: InboundFiling[]) => ticketsClient.fileInboundEmails(items.map((item) => ({ ...item, title: '' }))) };
  const filer = createInboundFiler({ orm: ctx.app.orm, ticketsClient: refusing, senderContacts: null, log: ctx.app.log }, { sweepMs: 0 });
  const spool = spoolFor(ctx, { wake: () => undefined });
  const listener = await startInboundSmtp({ ...inboundDepsOf(ctx.app), spool }, { port: 0 });
  try {
    const raw = rawMessage({ to: support, subject, from: 'Jana Nováková <jana@customer.example>', messageId: poisonId });
    expect((await deliver(listener.port, raw, support)).code).toBe(250);
    await spool.processNow();
    await filer.fileNow();
  } finally {
    await listener.close();
    await spool.close();
    await filer.close();
  }
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

const sql = <T>(query: string, params: unknown[] = []) => ctx.app.orm.em.fork().execute<T[]>(query, params, 'all');
const held = async (query = '') => (await ctx.inject({ url: `/inbound/held${query}`, headers: admin })).json<HeldInboundList>().items;
const retry = (id: string, headers = admin) => ctx.inject({ method: 'POST', url: `/inbound/held/${id}/retry`, headers });

describe("an admin's held inbound mail", () => {
  let quarantinedId: string;

  it('lists a quarantined message with its state, reason, sender, subject and time', async () => {
    const [item] = await held('?state=quarantined');
    expect(item).toMatchObject({ state: 'quarantined', sender: 'jana@customer.example', subject, source: 'smtp', queueId, retriable: true });
    expect(item!.reason).toMatch(/^tickets refused to file it: /);
    expect(Date.parse(item!.receivedAt)).toBeLessThanOrEqual(Date.now());
    quarantinedId = item!.id;
  });

  it('refuses agents who are not admins with 403', async () => {
    expect((await ctx.inject({ url: '/inbound/held', headers: agent })).statusCode).toBe(403);
    expect((await retry(quarantinedId, agent)).statusCode).toBe(403);
  });

  it('puts it back: recorded and filed into a ticket once the spool and filer run, and no longer held', async () => {
    const res = await retry(quarantinedId);
    expect(res.statusCode).toBe(202);
    await ctx.app.inboundSpool.processNow();
    await ctx.app.inboundFiler.fileNow();
    const rows = await sql<{ state: string; ticket_id: string | null }>(
      'select i.state, e.ticket_id from mail.inbound_message i join mail.email e on e.id = i.email_id where e.message_id = ?',
      [poisonId],
    );
    expect(rows).toEqual([{ state: 'stored', ticket_id: expect.any(String) }]);
    expect((await held()).map((item) => item.id)).not.toContain(quarantinedId);
    expect((await retry(quarantinedId)).json()).toMatchObject({ code: 'HELD_INBOUND_NOT_FOUND' });
  });

  it('answers 409 HELD_INBOUND_NOT_RETRIABLE for a refused message and for one whose raw bytes are lost', async () => {
    const refused: string = randomUUID();
    const lost: string = randomUUID();
    await sql(
      `insert into mail.inbound_message (id, dedup_key, raw_size, queue_id, source, kind, state, reason)
        values (?, ?, 31457280, ?, 'smtp', 'message', 'refused', 'larger than 25 MB'), (?, ?, 100, ?, 'imap', 'message', 'quarantined', 'its raw bytes are lost')`,
      [refused, `sha256:${randomUUID()}`, queueId, lost, `sha256:${randomUUID()}`, queueId],
    );
    const listed = (await held()).filter((item) => [refused, lost].includes(item.id));
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: lost, state: 'quarantined', sender: null, subject: null, retriable: false }),
        expect.objectContaining({ id: refused, state: 'refused', retriable: false }),
      ]),
    );
    for (const id of [refused, lost]) {
      const res = await retry(id);
      expect({ status: res.statusCode, code: res.json<{ code: string }>().code }).toEqual({ status: 409, code: 'HELD_INBOUND_NOT_RETRIABLE' });
    }
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
