import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { eventually } from '../../delivery/testing/seed';
import { createMailTestContext, type MailTestContext } from '../../testing/mail-test-context';
import { sealSecret } from '../../transport/secrets';
import { rawMessage } from '../inbound-test-kit';
import { inboundDepsOf, type InboundDeps } from '../receive';
import { createImapPollers } from './imap-pollers';
import { pollMailbox } from './poll-mailbox';
import { startTestDovecot, type TestDovecot } from './testing/dovecot';

let ctx: MailTestContext;
let dovecot: TestDovecot;
let deps: InboundDeps;
const secretKey = randomBytes(32);
const queueId = randomUUID();
const support = 'imap-support@inbound.test';
const REDIS_URL = 'redis://127.0.0.1:6379';

beforeAll(async () => {
  dovecot = await startTestDovecot();
  ctx = await createMailTestContext();
  await ctx.addQueue({ id: queueId, name: 'IMAP support', fromAddress: support });
  await sql('update mail.queue set imap_url_encrypted = ? where id = ?', [sealSecret(dovecot.url, secretKey), queueId]);
  deps = inboundDepsOf(ctx.app);
});

afterAll(async () => {
  await ctx?.close();
  await dovecot?.stop();
});

function sql<T>(query: string, params: unknown[] = []) {
  return ctx.app.orm.em.fork().execute<T[]>(query, params, 'all');
}

const count = async (query: string, params: unknown[] = []) => Number((await sql<{ n: string }>(query, params))[0]!.n);
const storedOf = (messageId: string) => count('select count(*) as n from mail.email where message_id = ?', [messageId]);
const poll = () => pollMailbox(deps, { queueId, imapUrl: dovecot.url, mailbox: 'INBOX', idleMs: 0 });

describe('IMAP polling against Dovecot', () => {
  const ids = Array.from({ length: 30 }, () => `<${randomUUID()}@example.net>`);

  it('stores every new message once, a message appended twice once, and threads replies by [#number]', async () => {
    for (const [index, messageId] of ids.entries()) await dovecot.append(rawMessage({ to: support, subject: `Question ${index}`, messageId }));
    for (const messageId of ids.slice(0, 5)) await dovecot.append(rawMessage({ to: support, subject: 'Again', messageId }));
    const first = await poll();
    expect(first).toEqual({ stored: 30, duplicates: 5, quarantined: 0, refused: 0 });
    for (const messageId of ids) expect(await storedOf(messageId)).toBe(1);

    await ctx.app.inboundFiler.fileNow();
    const [filed] = await sql<{ ticket_number: string }>('select ticket_number from mail.email where message_id = ?', [ids[0]]);
    const replyId = `<${randomUUID()}@example.net>`;
    await dovecot.append(rawMessage({ to: support, subject: `Re: [#${filed!.ticket_number}] Question 0`, messageId: replyId }));
    expect(await poll()).toEqual({ stored: 1, duplicates: 0, quarantined: 0, refused: 0 });
    await ctx.app.inboundFiler.fileNow();
    const tickets = await sql<{ ticket_id: string }>('select distinct ticket_id from mail.email where message_id in (?, ?)', [ids[0], replyId]);
    expect(tickets).toHaveLength(1);
  });

  it('reads everything again when the cursor is lost, and still stores each message once', async () => {
    await sql('delete from mail.imap_cursor where queue_id = ?', [queueId]);
    const again = await poll();
    expect(again).toEqual({ stored: 0, duplicates: 36, quarantined: 0, refused: 0 });
    expect(await count("select count(*) as n from mail.inbound_message where source = 'imap'")).toBe(31);
  });

  it('takes a message that arrives during IDLE before the poll ends', async () => {
    const stop = new AbortController();
    let idle!: () => void;
    const idling = new Promise<void>((resolve) => (idle = resolve));
    const polling = pollMailbox(deps, { queueId, imapUrl: dovecot.url, mailbox: 'INBOX', idleMs: 60_000, signal: stop.signal, onIdle: () => idle() });
    const messageId = `<${randomUUID()}@example.net>`;
    await idling;
    await dovecot.append(rawMessage({ to: support, subject: 'While idle', messageId }));
    await eventually(async () => (await storedOf(messageId)) === 1, 'the message that came during IDLE');
    stop.abort();
    await expect(polling).resolves.toMatchObject({ stored: 1 });
  });

  it('polls through a BullMQ job scheduler per mailbox', async () => {
    const pollers = createImapPollers({ deps, redisUrl: REDIS_URL, prefix: `sb-imap-${randomUUID()}`, secretKey, everyMs: 500, idleMs: 0 });
    try {
      await pollers.sync();
      const messageId = `<${randomUUID()}@example.net>`;
      await dovecot.append(rawMessage({ to: support, subject: 'Through the scheduler', messageId }));
      await eventually(async () => (await storedOf(messageId)) === 1, 'the message the scheduled poll took');
    } finally {
      await pollers.close();
    }
  });

  it('skips a poll while another replica holds the mailbox', async () => {
    const prefix = `sb-imap-${randomUUID()}`;
    const pollers = createImapPollers({ deps, redisUrl: REDIS_URL, prefix, secretKey, everyMs: 3_600_000, idleMs: 0 });
    const otherReplica = new Redis(REDIS_URL);
    const lock = `${prefix}:imap-lock:${queueId}`;
    try {
      // Waits out a first scheduled poll, if one runs now.
      await eventually(async () => (await otherReplica.set(lock, 'other', 'PX', 60_000, 'NX')) === 'OK', 'the mailbox lock');
      expect(await pollers.pollQueue(queueId)).toBeNull();
      await otherReplica.del(lock);
      // Once released, a poll runs again (here or in this instance's own scheduled job).
      await eventually(async () => (await pollers.pollQueue(queueId)) !== null, 'a poll after the lock was released');
    } finally {
      await pollers.close();
      otherReplica.disconnect();
    }
  });
});
