import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Email, EmailList } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import { TEST_REDIS_URL } from '@switchboard/service-kit/testing';
import { buildApp } from '../app';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';
import { deliver, rawMessage } from '../inbound/inbound-test-kit';
import { inboundDepsOf } from '../inbound/receive';
import { startInboundSmtp } from '../inbound/smtp-listener';
import { readDraftStream, readEventStream, type DraftStreamReader, type EventStreamReader } from './sse-reader';

let ctx: MailTestContext;
const me = randomUUID();
const colleague = randomUUID();
let asMe: Record<string, string>;
let asColleague: Record<string, string>;
/** Two replicas over one database and one Redis, as behind the gateway in production. */
const replicas: ServiceApp[] = [];
const urls: string[] = [];
const readers: Array<DraftStreamReader | EventStreamReader> = [];

beforeAll(async () => {
  ctx = await createMailTestContext();
  asMe = await ctx.auth({ sub: me });
  asColleague = await ctx.auth({ sub: colleague });
  const channelPrefix = `sbtest-live-${randomUUID()}`;
  for (let i = 0; i < 2; i++) {
    const app = await buildApp({
      databaseUrl: ctx.databaseUrl,
      logger: false,
      getKey: ctx.keys.getKey,
      poolSize: 2,
      blobStore: ctx.blobStore,
      ticketsClient: ctx.ticketsClient,
      live: { redisUrl: TEST_REDIS_URL, channelPrefix },
      inboundFiling: { sweepMs: 0 },
    });
    replicas.push(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    urls.push(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  }
});

afterEach(() => {
  for (const reader of readers.splice(0)) reader.close();
});

afterAll(async () => {
  for (const reader of readers) reader.close();
  await Promise.all(replicas.map((app) => app.close()));
  await ctx?.close();
});

async function newDraft(): Promise<Email> {
  const response = await ctx.inject({ method: 'POST', url: '/drafts', headers: asMe, payload: {} });
  expect(response.statusCode).toBe(201);
  return response.json<Email>();
}

async function open(base: string, id: string, headers = asMe, device?: string): Promise<DraftStreamReader> {
  const reader = await readDraftStream(`${base}/emails/${id}/changes${device ? `?device=${device}` : ''}`, headers);
  readers.push(reader);
  return reader;
}

async function patch(base: string, id: string, body: object, headers = asMe): Promise<Email> {
  const response = await fetch(`${base}/emails/${id}`, {
    method: 'PATCH',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Email;
}

describe('GET /emails/:id/changes (T1)', () => {
  it('starts with the current copy, then streams each save to every subscriber of one replica', async () => {
    const draft = await newDraft();
    const [a, b] = [await open(urls[0], draft.id), await open(urls[0], draft.id)];
    expect((await a.next()).version).toBe(draft.version);
    expect((await b.next()).version).toBe(draft.version);
    const saved = await patch(urls[0], draft.id, { version: draft.version, subject: 'Typed in tab A' });
    for (const reader of [a, b]) {
      const change = await reader.until(saved.version);
      expect(change).toMatchObject({ id: draft.id, version: saved.version, subject: 'Typed in tab A' });
    }
  });

  it('fans a save on one replica out to streams open on the other through Redis', async () => {
    const draft = await newDraft();
    const here = await open(urls[0], draft.id);
    const there = await open(urls[1], draft.id);
    await here.next();
    await there.next();
    const saved = await patch(urls[0], draft.id, { version: draft.version, html: '<p>from the desktop</p>', important: true });
    expect(await there.until(saved.version)).toMatchObject({ html: '<p>from the desktop</p>', important: true });
    const again = await patch(urls[1], draft.id, { version: saved.version, subject: 'from the laptop' });
    expect(await here.until(again.version)).toMatchObject({ subject: 'from the laptop', important: true });
  });

  it('streams a send, so the other tabs learn the draft is no longer one', async () => {
    const queue = { id: randomUUID(), name: 'Live', fromAddress: 'live@example.test' };
    await ctx.addQueue(queue);
    const headers = await ctx.auth({ sub: me, queues: [queue.id] });
    const draft = await newDraft();
    const ready = await patch(urls[0], draft.id, { version: draft.version, queueId: queue.id, to: [{ address: 'c@example.test' }] }, headers);
    const stream = await open(urls[1], draft.id, headers);
    await stream.next();
    const sent = await fetch(`${urls[0]}/emails/${draft.id}/send`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ version: ready.version }),
    });
    expect(sent.status).toBe(202);
    expect((await stream.until(ready.version + 1)).status).toBe('queued');
    expect((await open(urls[0], draft.id, headers)).status).toBe(409);
  });

  it('counts the devices that have the draft open on every replica, the tabs of one browser once', async () => {
    const draft = await newDraft();
    const desktopTab = await open(urls[0], draft.id, asMe, 'desktop-0001');
    await desktopTab.devices(1);
    const secondTab = await open(urls[1], draft.id, asMe, 'desktop-0001');
    await secondTab.devices(1);
    const laptop = await open(urls[1], draft.id, asMe, 'laptop-00001');
    await Promise.all([desktopTab.devices(2), secondTab.devices(2), laptop.devices(2)]);
    laptop.close();
    await Promise.all([desktopTab.devices(1), secondTab.devices(1)]);
    expect((await open(urls[0], draft.id, asMe, 'no:colons')).status).toBe(400);
  });

  it("refuses another agent's draft (403), an unknown one (404) and no token (401) and a malformed id (400)", async () => {
    const draft = await newDraft();
    const colleagues = await open(urls[0], draft.id, asColleague);
    expect(colleagues.status).toBe(403);
    expect((await open(urls[0], randomUUID())).status).toBe(404);
    expect((await open(urls[0], draft.id, {})).status).toBe(401);
    expect((await open(urls[0], 'not-a-uuid')).status).toBe(400);
  });

  it('ends open streams when the replica closes', async () => {
    const draft = await newDraft();
    const app = await buildApp({
      databaseUrl: ctx.databaseUrl,
      logger: false,
      getKey: ctx.keys.getKey,
      poolSize: 1,
      blobStore: ctx.blobStore,
      ticketsClient: ctx.ticketsClient,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await open(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, draft.id);
    await stream.next();
    await app.close();
    await expect(stream.next()).rejects.toThrow();
  });

  it('answered no request with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});

describe('GET /tickets/:ticketId/emails/changes (issue 13)', () => {
  const support = { id: randomUUID(), name: 'Support live', fromAddress: 'support@live-thread.test' };
  const billing = { id: randomUUID(), name: 'Billing live', fromAddress: 'billing@live-thread.test' };
  let agent: Record<string, string>;
  let otherTeam: Record<string, string>;

  beforeAll(async () => {
    await ctx.addQueue(support);
    await ctx.addQueue(billing);
    agent = await ctx.auth({ sub: me, queues: [support.id] });
    otherTeam = await ctx.auth({ sub: colleague, queues: [billing.id] });
  });

  /** Takes a customer's message through replica 0's real SMTP listener, then records and files it there (both run after the 250). */
  async function receive(raw: string): Promise<void> {
    const listener = await startInboundSmtp(inboundDepsOf(replicas[0]), { port: 0 });
    try {
      expect((await deliver(listener.port, raw, support.fromAddress)).code).toBe(250);
    } finally {
      await listener.close();
    }
    await replicas[0].inboundSpool.processNow();
    await replicas[0].inboundFiler.fileNow();
  }

  const ticketOf = async (messageId: string) =>
    (await ctx.app.orm.em.fork().execute<{ id: string; ticket_id: string }[]>('select id, ticket_id from mail.email where message_id = ?', [messageId]))[0]!;

  async function openThread(base: string, ticketId: string, headers: Record<string, string>): Promise<EventStreamReader> {
    const reader = await readEventStream(`${base}/tickets/${ticketId}/emails/changes`, headers);
    readers.push(reader);
    return reader;
  }
  const nextThread = async (reader: EventStreamReader) => ((await reader.next('thread')) as EmailList).items;

  it('streams a reply filed through one replica to the thread open on the other, and a send of the agent', async () => {
    const first = `<${randomUUID()}@example.net>`;
    await receive(rawMessage({ to: support.fromAddress, subject: 'Printer jams', messageId: first }));
    const { id: firstId, ticket_id: ticketId } = await ticketOf(first);
    const stream = await openThread(urls[1], ticketId, agent);
    expect(stream.status).toBe(200);
    expect((await nextThread(stream)).map((item) => item.id)).toEqual([firstId]);

    const reply = `<${randomUUID()}@example.net>`;
    await receive(rawMessage({ to: support.fromAddress, subject: 'Re: Printer jams', messageId: reply, body: 'It jams again', headers: [`In-Reply-To: ${first}`] }));
    const { id: replyId } = await ticketOf(reply);
    const grown = await nextThread(stream);
    expect(grown.map((item) => item.id)).toEqual([firstId, replyId]);
    expect(grown[1]).toMatchObject({ direction: 'inbound', status: 'received', subject: 'Re: Printer jams', preview: expect.stringContaining('It jams again') });

    // The agent answers on replica 0: the send shows in the thread on replica 1 as queued.
    const draft = await fetch(`${urls[0]}/drafts`, { method: 'POST', headers: { ...agent, 'content-type': 'application/json' }, body: JSON.stringify({ replyTo: { emailId: replyId, mode: 'reply' } }) });
    expect(draft.status).toBe(201);
    const created = (await draft.json()) as Email;
    const sent = await fetch(`${urls[0]}/emails/${created.id}/send`, { method: 'POST', headers: { ...agent, 'content-type': 'application/json' }, body: JSON.stringify({ version: created.version }) });
    expect(sent.status).toBe(202);
    let items = await nextThread(stream);
    while (items.length < 3) items = await nextThread(stream);
    expect(items[2]).toMatchObject({ id: created.id, direction: 'outbound', status: 'queued' });
  });

  it("refuses a ticket of another team's queue (404) without its emails, a malformed id (400) and no token (401)", async () => {
    const messageId = `<${randomUUID()}@example.net>`;
    await receive(rawMessage({ to: support.fromAddress, subject: 'Secret toner order', messageId }));
    const { ticket_id: ticketId } = await ticketOf(messageId);
    const refused = await openThread(urls[0], ticketId, otherTeam);
    expect(refused.status).toBe(404);
    await expect(refused.next('thread')).rejects.toThrow('The change stream ended');
    expect((await openThread(urls[0], randomUUID(), agent)).status).toBe(404);
    expect((await openThread(urls[0], 'not-a-uuid', agent)).status).toBe(400);
    expect((await openThread(urls[0], ticketId, {})).status).toBe(401);
  });
});
