import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isListening } from '@switchboard/service-kit/testing';
import { freePort } from '../delivery/testing/processes';
import { eventually } from '../delivery/testing/seed';
import { startMacroServices, type MacroServices } from '../testing/macro-services';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';
import { startMailProcess, type MailProcess } from '../testing/mail-process';
import { deliver, rawMessage } from './inbound-test-kit';

// Issue 13: the listener answers 250 once a message's raw bytes are stored and spooled. The
// mail process is SIGKILLed after its 250s and before it recorded any of them (its recorder
// waits INBOUND_SPOOL_DELAY_MS); started again, it records and files each exactly once, also
// the ones the sender delivers again.
let services: MacroServices;
let ctx: MailTestContext;
let blobDir: string;
const queueId = randomUUID();
const support = 'kill-support@smtp.test';

beforeAll(async () => {
  services = await startMacroServices();
  ctx = await createMailTestContext({ keys: services.keys });
  await ctx.addQueue({ id: queueId, name: 'SMTP support', fromAddress: support });
  blobDir = await mkdtemp(path.join(tmpdir(), 'sb-smtp-kill-blobs-'));
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  await services?.close();
  if (blobDir) await rm(blobDir, { recursive: true, force: true });
});

const count = async (query: string, params: unknown[] = []) => Number((await ctx.app.orm.em.fork().execute<{ n: string }[]>(query, params))[0]!.n);

it(
  'records and files exactly once every message answered 250 before a SIGKILL, and a redelivery of it',
  async () => {
    const run = randomUUID().slice(0, 8);
    const smtpPort = await freePort();
    const start = (env: Record<string, string>) =>
      startMailProcess(ctx, services, { BLOB_DIR: blobDir, MAIL_QUEUE_PREFIX: `smtp-kill-${run}`, EVENTS_PREFIX: `{smtp-kill-${run}}`, INBOUND_SMTP_PORT: String(smtpPort), INBOUND_FILE_RETRY_MS: '1000', ...env });
    const id = (n: number) => `<smtp-kill-${run}-${n}@customer.test>`;
    // Three conversations, then a reply to each.
    const message = (n: number) =>
      n < 3
        ? rawMessage({ to: support, subject: `Order ${n}`, messageId: id(n) })
        : rawMessage({ to: support, subject: `Re: Order ${n - 3}`, messageId: id(n), headers: [`In-Reply-To: ${id(n - 3)}`, `References: ${id(n - 3)}`] });
    const ours = [`<smtp-kill-${run}-%`];
    let mail: MailProcess | undefined;
    try {
      mail = await start({ INBOUND_SPOOL_DELAY_MS: '600000' });
      const first = mail;
      await eventually(() => isListening(smtpPort), `the inbound listener (${first.output()})`, 120_000);
      for (let n = 0; n < 6; n += 1) expect((await deliver(smtpPort, message(n), support)).code).toBe(250);
      // All six are answered and spooled, none recorded yet: the kill comes between the two.
      expect(await count('select count(*) as n from mail.inbound_spool')).toBe(6);
      expect(await count('select count(*) as n from mail.inbound_message where dedup_key like ?', [`mid:${ours[0]}`])).toBe(0);
      await mail.kill();

      mail = await start({});
      const second = mail;
      await eventually(() => isListening(smtpPort), `the inbound listener again (${second.output()})`, 120_000);
      // The sender never got an answer it trusted for two of them and delivers them again.
      for (const n of [0, 4]) expect((await deliver(smtpPort, message(n), support)).code).toBe(250);
      await eventually(
        async () => (await count('select count(*) as n from mail.inbound_message where threaded_at is not null and dedup_key like ?', [`mid:${ours[0]}`])) === 6,
        `all six filed (${second.output()})`,
        120_000,
      );
      await eventually(async () => (await count('select count(*) as n from mail.inbound_spool')) === 0, 'the spool emptied', 60_000);
    } finally {
      await mail?.kill();
    }
    const emails = await ctx.app.orm.em
      .fork()
      .execute<{ id: string; message_id: string; ticket_id: string }[]>('select id, message_id, ticket_id from mail.email where message_id like ? order by message_id', ours);
    expect(emails.map((email) => email.message_id).sort()).toEqual([0, 1, 2, 3, 4, 5].map(id).sort());
    const ticketOf = new Map(emails.map((email) => [email.message_id, email.ticket_id]));
    for (let n = 3; n < 6; n += 1) expect(ticketOf.get(id(n))).toBe(ticketOf.get(id(n - 3)));
    expect(new Set(ticketOf.values()).size).toBe(3);
    expect(await count('select count(*) as n from mail.event_outbox where aggregate_id in (?)', [emails.map((email) => email.id)])).toBe(6);
    const [tickets] = await ctx.tickets.orm.em.fork().execute<{ n: string }[]>('select count(*) as n from tickets.ticket where queue_id = ?', [queueId]);
    expect(Number(tickets!.n)).toBe(3);
  },
  600_000,
);
