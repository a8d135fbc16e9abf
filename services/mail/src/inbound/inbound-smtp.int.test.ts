import { createHash, randomUUID } from 'node:crypto';
import type { EmailList, Ticket } from '@switchboard/contracts';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';
import { deliver as deliverOnly, listenInbound, rawMessage, recordAndFile } from './inbound-test-kit';
import { sweepBlobs } from '../blobs/blob-sweep';
import { readEventStream } from '../live/sse-reader';
import { inboundDepsOf } from './receive';
import { startInboundSmtp, type InboundSmtpListener } from './smtp-listener';
import { createInboundSpool } from './inbound-spool';
import { spoolRaw } from './spool-inbound';

let ctx: MailTestContext;
let listener: InboundSmtpListener;
const queueId = randomUUID();
const support = 'support@inbound.test';

beforeAll(async () => {
  ctx = await createMailTestContext();
  await ctx.addQueue({ id: queueId, name: 'Support', fromAddress: support });
  listener = await listenInbound(ctx);
});

afterAll(async () => {
  await listener?.close();
  await ctx?.close();
});

/** Delivers, then waits for the app to record and file what it took (it does both in batches after the 250). */
async function deliver(...args: Parameters<typeof deliverOnly>) {
  const delivery = await deliverOnly(...args);
  await recordAndFile(ctx.app.inboundSpool, ctx.app.inboundFiler);
  return delivery;
}

/** A listener whose messages wait in the spool until the test records them (`app.inboundSpool.processNow()`). */
const quietListener = () => startInboundSmtp({ ...inboundDepsOf(ctx.app), spool: { wake: () => undefined } }, { port: 0 });

const sql = <T>(query: string, params: unknown[] = []) => ctx.app.orm.em.fork().execute<T[]>(query, params, 'all');

type InboundRow = { state: string; kind: string; reason: string | null; email_id: string | null };
type EmailRow = { id: string; ticket_id: string | null; ticket_number: string | null; subject: string; html: string; unread: boolean; status: string };

const count = async (query: string, params: unknown[] = []) => Number((await sql<{ n: string }>(query, params))[0]!.n);

async function inboundOf(messageId: string): Promise<InboundRow[]> {
  return sql<InboundRow>('select state, kind, reason, email_id from mail.inbound_message where dedup_key = ?', [`mid:${messageId}`]);
}

async function emailsOf(messageId: string): Promise<EmailRow[]> {
  return sql<EmailRow>('select id, ticket_id, ticket_number, subject, html, unread, status from mail.email where message_id = ?', [messageId]);
}

async function ticket(id: string): Promise<Ticket> {
  const res = await ctx.tickets.inject({ url: `/tickets/${id}`, headers: await ctx.ticketsAuth({ sub: 'service:mail', role: 'service' }) });
  return res.json<Ticket>();
}

/** An email an agent sent from the queue, in a ticket, as the send path leaves it. */
async function sentEmail(options: { closed?: boolean } = {}) {
  const headers = await ctx.ticketsAuth({ sub: 'service:mail', role: 'service' });
  const created = (await ctx.tickets.inject({ method: 'POST', url: '/tickets', headers, body: { title: 'Printer', queueId, assignToMe: false } })).json<Ticket>();
  if (options.closed) await ctx.tickets.orm.em.fork().execute("update tickets.ticket set status = 'closed' where id = ?", [created.id]);
  const id = randomUUID();
  const messageId = `<${randomUUID()}@inbound.test>`;
  await sql(
    `insert into mail.email (id, owner_id, direction, status, queue_id, ticket_id, ticket_number, ticket_title, "from", "to", subject, message_id, sent_at)
      values (?, ?, 'outbound', 'sent', ?, ?, ?, ?, ?, ?, ?, ?, now())`,
    [id, randomUUID(), queueId, created.id, created.number, created.title, JSON.stringify({ address: support }), JSON.stringify([{ address: 'customer@example.net' }]), `[#${created.number}] Printer`, messageId],
  );
  return { id, messageId, ticket: created };
}

describe('inbound SMTP', () => {
  it('files a new message as a new unread email in a new ticket of the queue, and announces it', async () => {
    const messageId = `<${randomUUID()}@example.net>`;
    const delivery = await deliver(listener.port, rawMessage({ to: support, subject: 'Printer <b>on fire</b>', messageId, body: 'Help!' }), support);
    expect(delivery).toMatchObject({ accepted: true, code: 250 });
    const [email] = await emailsOf(messageId);
    expect(email).toMatchObject({ status: 'received', unread: true, subject: 'Printer <b>on fire</b>' });
    expect(email!.html).toContain('Help!');
    const filed = await ticket(email!.ticket_id!);
    expect(filed).toMatchObject({ queueId, title: 'Printer <b>on fire</b>', status: 'open', assigneeId: null });
    const events = await sql<{ type: string }>("select type from mail.event_outbox where aggregate_id = ?", [email!.id]);
    expect(events).toEqual([{ type: 'email.received' }]);
  });

  it('stores a message delivered twice once, and answers both deliveries', async () => {
    const messageId = `<${randomUUID()}@example.net>`;
    const raw = rawMessage({ to: support, subject: 'Twice', messageId });
    const [first, second] = [await deliver(listener.port, raw, support), await deliver(listener.port, raw, support)];
    expect([first.code, second.code]).toEqual([250, 250]);
    expect(await inboundOf(messageId)).toHaveLength(1);
    expect(await emailsOf(messageId)).toHaveLength(1);
  });

  it('stores a message without a Message-ID once per raw bytes', async () => {
    const subject = `No id ${randomUUID()}`;
    const raw = rawMessage({ to: support, subject, messageId: null });
    await deliver(listener.port, raw, support);
    await deliver(listener.port, raw, support);
    const rows = await sql<{ n: string }>('select count(*) as n from mail.email where subject = ?', [subject]);
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it('threads a reply by References into the ticket of our email and reopens it when closed', async () => {
    const sent = await sentEmail({ closed: true });
    const messageId = `<${randomUUID()}@example.net>`;
    // No tag in the subject: only References can find the ticket.
    const raw = rawMessage({ to: support, subject: 'Re: Printer', messageId, headers: [`In-Reply-To: ${sent.messageId}`, `References: ${sent.messageId}`] });
    expect((await deliver(listener.port, raw, support)).code).toBe(250);
    const [email] = await emailsOf(messageId);
    expect(email!.ticket_id).toBe(sent.ticket.id);
    expect((await ticket(sent.ticket.id)).status).toBe('open');
  });

  it('threads by the [#number] tag when References name nothing of ours', async () => {
    const sent = await sentEmail();
    const messageId = `<${randomUUID()}@example.net>`;
    const raw = rawMessage({ to: support, subject: `Re: [#${sent.ticket.number}] Printer`, messageId, headers: ['References: <unknown@elsewhere>'] });
    await deliver(listener.port, raw, support);
    expect((await emailsOf(messageId))[0]!.ticket_id).toBe(sent.ticket.id);
  });

  it("marks the outbound email a bounce reports on as failed with the reason, filing nothing, and tells the ticket's live thread", async () => {
    const sent = await sentEmail();
    const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const thread = await readEventStream(`${base}/tickets/${sent.ticket.id}/emails/changes`, await ctx.auth({ sub: randomUUID(), queues: [queueId] }));
    const statuses = async () => ((await thread.next('thread')) as EmailList).items.map((email) => email.status);
    expect(await statuses()).toEqual(['sent']);
    const messageId = `<${randomUUID()}@mx.example.net>`;
    const boundary = 'dsn-boundary';
    const body = [
      `--${boundary}`,
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.net',
      '',
      'Final-Recipient: rfc822; nobody@example.net',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>: Recipient address rejected',
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${sent.messageId}`,
      `Subject: [#${sent.ticket.number}] Printer`,
      `--${boundary}--`,
    ].join('\r\n');
    const raw = rawMessage({
      to: support,
      subject: 'Undelivered Mail Returned to Sender',
      messageId,
      body,
      headers: ['Auto-Submitted: auto-replied', `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`],
    });
    expect((await deliver(listener.port, raw, support, '')).code).toBe(250);
    const [outbound] = await sql<{ status: string; failure_reason: string; failure_code: number }>(
      'select status, failure_reason, failure_code from mail.email where id = ?',
      [sent.id],
    );
    expect(outbound).toMatchObject({ status: 'failed', failure_code: 550 });
    expect(outbound!.failure_reason).toContain('Recipient address rejected');
    expect(await inboundOf(messageId)).toEqual([expect.objectContaining({ state: 'stored', kind: 'bounce', email_id: sent.id })]);
    expect(await emailsOf(messageId)).toEqual([]);
    expect(await statuses()).toEqual(['failed']);
    thread.close();
  });

  it('links our own sent email coming back (the queue in Cc) to that email, adding no email and filing nothing', async () => {
    const sent = await sentEmail();
    const raw = rawMessage({ to: support, subject: `[#${sent.ticket.number}] Printer`, messageId: sent.messageId });
    expect((await deliver(listener.port, raw, support)).code).toBe(250);
    expect(await inboundOf(sent.messageId)).toEqual([{ state: 'stored', kind: 'message', reason: 'our own sent email', email_id: sent.id }]);
    expect(await emailsOf(sent.messageId)).toEqual([expect.objectContaining({ id: sent.id, status: 'sent', ticket_id: sent.ticket.id })]);
    const [threaded] = await sql<{ threaded_at: Date | null }>('select threaded_at from mail.inbound_message where dedup_key = ?', [`mid:${sent.messageId}`]);
    expect(threaded!.threaded_at).not.toBeNull();
  });

  it('threads an auto-reply into its ticket without reopening it, and quarantines one that matches no ticket', async () => {
    const sent = await sentEmail({ closed: true });
    const threadedId = `<${randomUUID()}@example.net>`;
    const autoHeaders = ['Auto-Submitted: auto-replied', `In-Reply-To: ${sent.messageId}`];
    await deliver(listener.port, rawMessage({ to: support, subject: 'Out of office', messageId: threadedId, headers: autoHeaders }), support);
    expect((await emailsOf(threadedId))[0]!.ticket_id).toBe(sent.ticket.id);
    expect((await ticket(sent.ticket.id)).status).toBe('closed');

    const strayId = `<${randomUUID()}@example.net>`;
    const stray = rawMessage({ to: support, subject: 'Newsletter', messageId: strayId, headers: ['Precedence: bulk'] });
    expect((await deliver(listener.port, stray, support)).code).toBe(250);
    expect(await inboundOf(strayId)).toEqual([expect.objectContaining({ state: 'quarantined', kind: 'auto-reply', email_id: null })]);
    expect(await emailsOf(strayId)).toEqual([]);
  });

  it('stores malformed MIME and 8-bit headers without a charset, never failing the delivery', async () => {
    const brokenId = `<${randomUUID()}@example.net>`;
    const broken = rawMessage({
      to: support,
      subject: 'Broken',
      messageId: brokenId,
      headers: ['Content-Type: multipart/mixed; boundary="never-closed"'],
      body: '--never-closed\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64\u0000<script>alert(1)</script>\r\n--never-',
    });
    expect((await deliver(listener.port, broken, support)).code).toBe(250);
    expect(await inboundOf(brokenId)).toEqual([expect.objectContaining({ state: 'stored' })]);

    // nodemailer writes a string's non-ASCII as raw UTF-8 bytes: 8-bit header text with no charset named.
    const eightBitId = `<${randomUUID()}@example.net>`;
    expect((await deliver(listener.port, rawMessage({ to: support, subject: 'Tiskárna nefunguje', messageId: eightBitId }), support)).code).toBe(250);
    expect((await emailsOf(eightBitId))[0]!.subject).toBe('Tiskárna nefunguje');

    const latin1Id = `<${randomUUID()}@example.net>`;
    const latin1 = Buffer.from(rawMessage({ to: support, subject: 'Tisk\u00e1rna', messageId: latin1Id }), 'latin1');
    expect((await deliver(listener.port, latin1, support)).code).toBe(250);
    expect(await inboundOf(latin1Id)).toEqual([expect.objectContaining({ state: 'stored' })]);
  });

  it('stores a zip bomb attachment as the small zip it is, never unpacking it', async () => {
    const messageId = `<${randomUUID()}@example.net>`;
    // A local file header claiming 4 GiB uncompressed, then filler: mail never inflates attachments.
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0x08, 0]), Buffer.alloc(16, 0), Buffer.from([0xff, 0xff, 0xff, 0xff]), Buffer.alloc(2000, 0x42)]);
    const boundary = 'bomb';
    const body = [
      `--${boundary}`,
      'Content-Type: text/plain',
      '',
      'See the attached logs.',
      `--${boundary}`,
      'Content-Type: application/octet-stream; name="logs.zip"',
      'Content-Disposition: attachment; filename="logs.zip"',
      'Content-Transfer-Encoding: base64',
      '',
      zip.toString('base64').replace(/.{76}/g, '$&\r\n'),
      `--${boundary}--`,
    ].join('\r\n');
    const raw = rawMessage({ to: support, subject: 'Logs', messageId, body, headers: [`Content-Type: multipart/mixed; boundary="${boundary}"`] });
    expect((await deliver(listener.port, raw, support)).code).toBe(250);
    const [email] = await emailsOf(messageId);
    const files = await sql<{ file_name: string; content_type: string; size: string }>('select file_name, content_type, size from mail.attachment where email_id = ?', [email!.id]);
    expect(files).toEqual([{ file_name: 'logs.zip', content_type: 'application/zip', size: String(zip.length) }]);
  });

  it('threads a loop of auto-replies into their ticket without reopening it, filing nothing and sending nothing', async () => {
    const sent = await sentEmail({ closed: true });
    const ticketsBefore = await count('select count(distinct ticket_id) as n from mail.email');
    for (let i = 0; i < 10; i++) {
      const raw = rawMessage({ to: support, subject: `Automatic reply: Printer ${i}`, headers: ['Auto-Submitted: auto-replied', `In-Reply-To: ${sent.messageId}`] });
      expect((await deliver(listener.port, raw, support)).code).toBe(250);
    }
    expect(await count('select count(*) as n from mail.email where ticket_id = ? and direction = ?', [sent.ticket.id, 'inbound'])).toBe(10);
    expect(await count('select count(distinct ticket_id) as n from mail.email')).toBe(ticketsBefore);
    expect((await ticket(sent.ticket.id)).status).toBe('closed');
    expect(await count('select count(*) as n from mail.outbox')).toBe(0);
  });

  it('refuses a 30 MB message with 552 and a reason, keeping nothing', async () => {
    const messageId = `<${randomUUID()}@example.net>`;
    const big = rawMessage({ to: support, subject: 'Huge', messageId, body: 'x'.repeat(76).concat('\r\n').repeat(Math.ceil((30 * 1024 * 1024) / 78)) });
    const delivery = await deliver(listener.port, big, support);
    expect(delivery).toMatchObject({ accepted: false, code: 552 });
    expect(delivery.response).toMatch(/25 MB/);
    expect(await inboundOf(messageId)).toEqual([]);
  });

  it('answers 421 to a client over its rate', async () => {
    const strict = await listenInbound(ctx, 1);
    try {
      expect((await deliver(strict.port, rawMessage({ to: support, subject: 'One' }), support)).code).toBe(250);
      expect(await deliver(strict.port, rawMessage({ to: support, subject: 'Two' }), support)).toMatchObject({ accepted: false, code: 421 });
    } finally {
      await strict.close();
    }
  });

  it('keeps the raw bytes of every recorded message, in its row or through a blob sweep in the blob store', async () => {
    await sweepBlobs(ctx.app.orm.em.fork(), ctx.blobStore, { graceMs: 0 });
    const raws = await sql<{ raw_sha256: string; raw: Buffer | null }>('select raw_sha256, raw from mail.inbound_message where raw_sha256 is not null');
    expect(raws.length).toBeGreaterThan(5);
    for (const { raw_sha256, raw } of raws) {
      if (raw) expect(createHash('sha256').update(raw).digest('hex')).toBe(raw_sha256);
      else expect(await ctx.blobStore.has(raw_sha256)).toBe(true);
    }
  });

  it('spools a small message with its bytes in the row, and records them in its record, never in the blob store', async () => {
    const messageId = `<${randomUUID()}@example.net>`;
    const quiet = await quietListener();
    try {
      expect((await deliverOnly(quiet.port, rawMessage({ to: support, subject: 'Small', messageId }), support)).code).toBe(250);
    } finally {
      await quiet.close();
    }
    const [spooled] = await sql<{ raw_sha256: string; raw: Buffer | null }>('select raw_sha256, raw from mail.inbound_spool');
    expect(spooled!.raw!.toString()).toContain('Subject: Small');
    expect(await ctx.blobStore.has(spooled!.raw_sha256)).toBe(false);
    await recordAndFile(ctx.app.inboundSpool, ctx.app.inboundFiler);
    expect(await ctx.blobStore.has(spooled!.raw_sha256)).toBe(false);
    const [recorded] = await sql<{ raw: Buffer | null }>('select raw from mail.inbound_message where raw_sha256 = ? and email_id is not null', [spooled!.raw_sha256]);
    expect(recorded!.raw).toEqual(spooled!.raw);
    expect((await emailsOf(messageId))[0]!.ticket_id).not.toBeNull();
  });

  it('keeps the raw bytes of a spooled message over 256 KiB through a blob sweep, and records and files it later', async () => {
    const messageId = `<${randomUUID()}@example.net>`;
    const quiet = await quietListener();
    try {
      const body = 'The printer log says paper jam in tray 2, again and again.\r\n'.repeat(5_000);
      expect((await deliverOnly(quiet.port, rawMessage({ to: support, subject: 'Spooled', messageId, body }), support)).code).toBe(250);
    } finally {
      await quiet.close();
    }
    const [spooled] = await sql<{ raw_size: string; raw: Buffer | null }>('select raw_size, raw from mail.inbound_spool');
    expect(Number(spooled!.raw_size)).toBeGreaterThan(256 * 1024);
    expect(spooled!.raw).toBeNull();
    expect(await emailsOf(messageId)).toEqual([]);
    await sweepBlobs(ctx.app.orm.em.fork(), ctx.blobStore, { graceMs: 0 });
    await recordAndFile(ctx.app.inboundSpool, ctx.app.inboundFiler);
    const [email] = await emailsOf(messageId);
    expect(email!.ticket_id).not.toBeNull();
  });

  it('spools a group of messages in order, bytes exact, whether their bytes are in their rows or in the blob store', async () => {
    const message = (subject: string, tail: Buffer) => Buffer.concat([Buffer.from(rawMessage({ to: support, subject, messageId: `<${randomUUID()}@example.net>` })), tail]);
    // Bytes that are no text: a NUL, 0xff, a lone UTF-8 continuation byte.
    const small = [message('First', Buffer.from([0x00, 0xff, 0x80, 0x0d, 0x0a])), message('Second', Buffer.from([0xfe, 0x0d, 0x0a]))];
    const large = message('Third', Buffer.from([0xff, 0x0d, 0x0a]));
    const put = await ctx.blobStore.putBytes(large, { maxBytes: large.length });
    const item = (bytes: Buffer, inRow: boolean) => ({
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      queueId,
      source: 'smtp' as const,
      bytes: inRow ? bytes : null,
    });
    // Bytes in the rows only (one statement), twice with the same group size; then a group with a blob-stored message (one transaction).
    const first = await spoolRaw(ctx.app.orm.em.fork(), ctx.blobStore, [item(small[0]!, true), item(small[1]!, true)]);
    const second = await spoolRaw(ctx.app.orm.em.fork(), ctx.blobStore, [item(small[1]!, true), item(small[0]!, true)]);
    const third = await spoolRaw(ctx.app.orm.em.fork(), ctx.blobStore, [item(small[0]!, true), item(large, false)]);
    const rows = await sql<{ id: string; raw: Buffer | null; raw_sha256: string; raw_size: string }>('select id, raw, raw_sha256, raw_size from mail.inbound_spool order by received_at, id');
    expect(rows.map((row) => row.id)).toEqual([...first, ...second, ...third]);
    const expected = [small[0], small[1], small[1], small[0], small[0], null];
    rows.forEach((row, index) => expect(row.raw).toEqual(expected[index]));
    expect(rows[5]).toMatchObject({ raw_sha256: put.sha256, raw_size: String(large.length) });
    expect(await count('select count(*) as n from mail.blob where sha256 = ?', [put.sha256])).toBe(1);
    await recordAndFile(ctx.app.inboundSpool, ctx.app.inboundFiler);
    expect(await count('select count(*) as n from mail.inbound_spool')).toBe(0);
    expect(await count('select count(*) as n from mail.inbound_message where raw_sha256 in (?)', [rows.map((row) => row.raw_sha256)])).toBe(3);
  });

  it("ends the recorder's batching wait once a batch's worth of messages woke it", async () => {
    const filer = { wake: () => undefined };
    // An hour's wait, a batch of 2: only the wakes can end the wait within the test.
    const spool = createInboundSpool({ orm: ctx.app.orm, blobStore: ctx.app.blobStore, parser: ctx.app.inboundParser, log: ctx.app.log, filer }, { sweepMs: 0, delayMs: 3_600_000, batchSize: 2 });
    try {
      const messageIds = [`<${randomUUID()}@example.net>`, `<${randomUUID()}@example.net>`];
      for (const messageId of messageIds) {
        const bytes = Buffer.from(rawMessage({ to: support, subject: 'Burst', messageId }));
        await spoolRaw(ctx.app.orm.em.fork(), ctx.blobStore, [{ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, queueId, source: 'smtp', bytes }]);
        spool.wake();
      }
      while ((await count('select count(*) as n from mail.inbound_spool')) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      for (const messageId of messageIds) expect(await inboundOf(messageId)).toEqual([expect.objectContaining({ state: 'stored' })]);
    } finally {
      await spool.close();
    }
    await recordAndFile(ctx.app.inboundSpool, ctx.app.inboundFiler);
  });

  it('records a batch of spooled messages in the same few statements whatever its size (one for all their rows, emails and attachments)', async () => {
    const statements: string[] = [];
    let counting = false;
    const knex = ctx.app.orm.em.getConnection().getKnex();
    const onQuery = (query: { sql: string }) => {
      if (counting) statements.push(query.sql);
    };
    knex.on('query', onQuery);
    const filer = { wake: () => undefined };
    const spool = createInboundSpool({ orm: ctx.app.orm, blobStore: ctx.app.blobStore, parser: ctx.app.inboundParser, log: ctx.app.log, filer }, { sweepMs: 0 });
    const recorded = async (size: number) => {
      const messageIds = Array.from({ length: size }, () => `<${randomUUID()}@example.net>`);
      const items = messageIds.map((messageId) => {
        const bytes = Buffer.from(rawMessage({ to: support, subject: 'Counted', messageId }));
        return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, queueId, source: 'smtp' as const, bytes };
      });
      await spoolRaw(ctx.app.orm.em.fork(), ctx.blobStore, items);
      statements.length = 0;
      counting = true;
      try {
        await spool.processNow();
      } finally {
        counting = false;
      }
      for (const messageId of messageIds) expect(await inboundOf(messageId)).toEqual([expect.objectContaining({ state: 'stored', email_id: expect.any(String) })]);
      // The statements' kinds and tables, without the batch's own ids.
      return statements.map((statement) => statement.replace(/\(('[^']*'(, )?)+\)/g, '(...)').replace(/trx\d+/g, 'trx'));
    };
    try {
      // The kinds of statement, each once: the spool's read of a next batch (its own, or the app's
      // spool looking for work) may come before or after this batch's transaction, or twice.
      const two = await recorded(2);
      const twenty = await recorded(20);
      expect(new Set(twenty)).toEqual(new Set(two));
      // Read the batch, then one transaction: lock and read the rows, record them all, delete them.
      expect(new Set(two).size).toBe(6);
      for (const batch of [two, twenty]) expect(batch.filter((statement) => statement.includes('insert into'))).toHaveLength(1);
    } finally {
      knex.off('query', onQuery);
      await spool.close();
    }
    await recordAndFile(ctx.app.inboundSpool, ctx.app.inboundFiler);
  });

  it('quarantines a spooled message it cannot record at its third try, recording the message behind it at once', async () => {
    const lostId = `<${randomUUID()}@example.net>`;
    const nextId = `<${randomUUID()}@example.net>`;
    const quiet = await quietListener();
    try {
      for (const messageId of [lostId, nextId]) expect((await deliverOnly(quiet.port, rawMessage({ to: support, subject: 'Disk trouble', messageId }), support)).code).toBe(250);
    } finally {
      await quiet.close();
    }
    // The first one's raw bytes are damaged in its row (a broken disk): they no longer match their digest, so it can never be recorded.
    const [lost] = await sql<{ id: string; raw_sha256: string }>('select id, raw_sha256 from mail.inbound_spool order by received_at, id limit 1');
    await sql("update mail.inbound_spool set raw = 'damaged'::bytea where id = ?", [lost!.id]);
    await recordAndFile(ctx.app.inboundSpool, ctx.app.inboundFiler);
    expect((await emailsOf(nextId))[0]!.ticket_id).not.toBeNull();
    expect(await count('select count(*) as n from mail.inbound_spool')).toBe(1);
    await ctx.app.inboundSpool.processNow();
    await ctx.app.inboundSpool.processNow();
    expect(await count('select count(*) as n from mail.inbound_spool')).toBe(0);
    const [row] = await sql<InboundRow & { raw_sha256: string | null }>('select state, kind, reason, email_id, raw_sha256 from mail.inbound_message where dedup_key = ?', [
      `sha256:${lost!.raw_sha256}`,
    ]);
    expect(row).toMatchObject({ state: 'quarantined', email_id: null, raw_sha256: null });
    expect(row!.reason).toMatch(/^could not be recorded \(3 attempts\): .*; its raw bytes are lost$/);
    expect(await emailsOf(lostId)).toEqual([]);
  });

  it('refuses a recipient that is no queue with 550', async () => {
    const delivery = await deliver(listener.port, rawMessage({ to: 'nobody@inbound.test', subject: 'Hi' }), 'nobody@inbound.test');
    expect(delivery).toMatchObject({ accepted: false, code: 550 });
  });
});
