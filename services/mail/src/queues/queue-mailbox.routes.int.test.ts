import { randomBytes, randomUUID } from 'node:crypto';
import type { QueueMailbox, QueueMailboxList } from '@switchboard/contracts';
import { Queue } from 'bullmq';
import { eventually } from '../delivery/testing/seed';
import { IMAP_QUEUE_NAME } from '../inbound/imap/imap-pollers';
import { startTestDovecot, type TestDovecot } from '../inbound/imap/testing/dovecot';
import { rawMessage } from '../inbound/inbound-test-kit';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';
import { openSecret } from '../transport/secrets';

// Issue 13: an admin sets and clears a queue's IMAP mailbox over HTTP; the running pollers follow at once.
let ctx: MailTestContext;
let withoutKey: MailTestContext;
let dovecot: TestDovecot;
let admin: Record<string, string>;
let agent: Record<string, string>;
const secretKey = randomBytes(32);
const prefix = `sb-imap-${randomUUID()}`;
const queueId = randomUUID();
const support = 'mailbox-route@inbound.test';
const REDIS_URL = 'redis://127.0.0.1:6379';

beforeAll(async () => {
  dovecot = await startTestDovecot();
  ctx = await createMailTestContext({ imap: { redisUrl: REDIS_URL, prefix, secretKey, everyMs: 500, idleMs: 0 } });
  await ctx.addQueue({ id: queueId, name: 'Mailbox route', fromAddress: support });
  admin = await ctx.auth({ sub: randomUUID(), role: 'admin' });
  agent = await ctx.auth({ sub: randomUUID(), queues: [queueId] });
  withoutKey = await createMailTestContext();
  await withoutKey.addQueue({ id: queueId, name: 'Mailbox route', fromAddress: support });
}, 60_000);

afterAll(async () => {
  await ctx?.close();
  await withoutKey?.close();
  await dovecot?.stop();
});

const mailbox = (method: 'GET' | 'PUT' | 'DELETE', headers: Record<string, string>, body?: object, id = queueId, on = ctx) =>
  on.inject({ method, url: `/queues/${id}/mailbox`, headers, body });
const sealedUrl = async () =>
  (await ctx.app.orm.em.fork().execute<{ imap_url_encrypted: string | null }[]>('select imap_url_encrypted from mail.queue where id = ?', [queueId]))[0]!.imap_url_encrypted;
const storedOf = async (messageId: string) =>
  Number((await ctx.app.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from mail.email where message_id = ?', [messageId]))[0]!.n);
const schedulers = async () => {
  const queue = new Queue(IMAP_QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
  try {
    return (await queue.getJobSchedulers()).map((s) => s.key);
  } finally {
    await queue.close();
  }
};

describe("an admin's queue mailbox routes", () => {
  it('set the URL sealed, answer only host and folder, and the pollers take mail from it at once', async () => {
    expect((await mailbox('GET', admin)).json()).toEqual({ configured: false, host: null, folder: 'INBOX' });
    const set = await mailbox('PUT', admin, { url: dovecot.url });
    expect(set.statusCode).toBe(200);
    expect(set.json<QueueMailbox>()).toEqual({ configured: true, host: '127.0.0.1', folder: 'INBOX' });
    const password = new URL(dovecot.url).password;
    expect(set.body).not.toContain(password);
    expect((await mailbox('GET', admin)).body).not.toContain(password);
    const sealed = await sealedUrl();
    expect(sealed).not.toContain(password);
    expect(openSecret(sealed!, secretKey)).toBe(dovecot.url);
    expect(await schedulers()).toEqual([`imap:${queueId}`]);

    const messageId = `<${randomUUID()}@example.net>`;
    await dovecot.append(rawMessage({ to: support, subject: 'Through the admin route', messageId }));
    await eventually(async () => (await storedOf(messageId)) === 1, 'the message the poller took after the route set the mailbox');
  });

  it('list every queue with its mailbox for an admin, member of the queue or not, never with the URL', async () => {
    const res = await ctx.inject({ url: '/queues/mailboxes', headers: admin });
    expect(res.statusCode).toBe(200);
    const { items } = res.json<QueueMailboxList>();
    expect(items.find((item) => item.queue.id === queueId)).toEqual({
      queue: { id: queueId, name: 'Mailbox route', fromAddress: support },
      mailbox: { configured: true, host: '127.0.0.1', folder: 'INBOX' },
    });
    expect(res.body).not.toContain(new URL(dovecot.url).password);
    expect(items.map((item) => item.queue.name)).toEqual([...items.map((item) => item.queue.name)].sort());
  });

  it('clear the mailbox, and the poller scheduler goes with it', async () => {
    const cleared = await mailbox('DELETE', admin);
    expect(cleared.json()).toEqual({ configured: false, host: null, folder: 'INBOX' });
    expect(await sealedUrl()).toBeNull();
    expect(await schedulers()).toEqual([]);
  });

  it('refuse a URL that is not IMAP with 400 INVALID_IMAP_URL, leaving the mailbox as it was', async () => {
    for (const url of ['https://imap.acme.example', 'imap://imap.acme.example', 'not a url']) {
      const res = await mailbox('PUT', admin, { url });
      expect({ url, status: res.statusCode, code: res.json<{ code: string }>().code }).toEqual({ url, status: 400, code: 'INVALID_IMAP_URL' });
    }
    expect((await mailbox('PUT', admin, { url: dovecot.url, folder: '  ' })).json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await sealedUrl()).toBeNull();
  });

  it('refuse an agent who is not an admin with 403, and answer 404 QUEUE_NOT_FOUND for an unknown queue', async () => {
    expect((await mailbox('PUT', agent, { url: dovecot.url })).statusCode).toBe(403);
    expect((await mailbox('GET', agent)).statusCode).toBe(403);
    expect((await mailbox('DELETE', agent)).statusCode).toBe(403);
    expect((await ctx.inject({ url: '/queues/mailboxes', headers: agent })).statusCode).toBe(403);
    expect(await sealedUrl()).toBeNull();
    expect((await mailbox('PUT', admin, { url: dovecot.url }, randomUUID())).json()).toMatchObject({ code: 'QUEUE_NOT_FOUND' });
  });

  it('answer 503 MAIL_SECRET_KEY_MISSING to read or set one when mail runs without MAIL_SECRET_KEY; clearing still works', async () => {
    const adminThere = await withoutKey.auth({ sub: randomUUID(), role: 'admin' });
    const list = await withoutKey.inject({ url: '/queues/mailboxes', headers: adminThere });
    for (const res of [list, await mailbox('GET', adminThere, undefined, queueId, withoutKey), await mailbox('PUT', adminThere, { url: dovecot.url }, queueId, withoutKey)]) {
      expect({ status: res.statusCode, code: res.json<{ code: string }>().code }).toEqual({ status: 503, code: 'MAIL_SECRET_KEY_MISSING' });
    }
    expect((await mailbox('DELETE', adminThere, undefined, queueId, withoutKey)).statusCode).toBe(200);
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
