import { randomUUID } from 'node:crypto';
import { MAX_EMAIL_ATTACHMENT_BYTES, type Email, type EmailTicket, type Ticket } from '@switchboard/contracts';
import { buildApp } from '../app';
import { eventually } from '../delivery/testing/seed';
import { AttachmentEntity, EmailEntity, OutboxEntity } from '../entities';
import { createTicketsClient } from '../tickets-client';
import { sendTicketId } from './send-ticket-id';
import { attachFile, postDraft, storedEmail } from '../testing/mail-fixtures';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';

let ctx: MailTestContext;
let kicks = 0;
const me = randomUUID();
const colleague = randomUUID();
const support = { id: randomUUID(), name: 'Support', fromAddress: 'support@mail.test' };
const billing = { id: randomUUID(), name: 'Billing', fromAddress: 'billing@mail.test' };
let asMe: Record<string, string>;
let ticketsAsMe: Record<string, string>;

beforeAll(async () => {
  ctx = await createMailTestContext({ outboxRelay: { kick: () => void kicks++ } });
  await ctx.addQueue({ ...support, fromName: 'Acme Support' });
  await ctx.addQueue(billing);
  asMe = await ctx.auth({ sub: me, queues: [support.id, billing.id] });
  ticketsAsMe = await ctx.ticketsAuth({ sub: me, queues: [support.id, billing.id] });
  // Two databases, two migrated apps: slow on a busy machine.
}, 30_000);

afterAll(async () => {
  await ctx?.close();
});

const get = async (id: string) => (await ctx.inject({ url: `/emails/${id}`, headers: asMe })).json<Email>();
const patch = async (id: string, body: object) => {
  const res = await ctx.inject({ method: 'PATCH', url: `/emails/${id}`, body, headers: asMe });
  expect(res.statusCode).toBe(200);
  return res.json<Email>();
};
const send = (id: string, version: number, headers = asMe) =>
  ctx.inject({ method: 'POST', url: `/emails/${id}/send`, body: { version }, headers });
/** Whether a statement of the mail database waits for a row lock (the send's, behind the test's). */
const sendWaitsForLock = async () => {
  const [row] = await ctx.app.orm.em
    .fork()
    .execute<{ n: number }[]>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
  return row!.n > 0;
};
const outboxRows = (emailId: string) => ctx.app.orm.em.fork().find(OutboxEntity, { emailId });
const linkedTicket = async (emailId: string) => {
  const res = await ctx.tickets.inject({ url: `/emails/${emailId}/ticket`, headers: ticketsAsMe });
  return res.statusCode === 200 ? res.json<EmailTicket>().ticket : null;
};
const newTicket = async (title: string) =>
  (await ctx.tickets.inject({ method: 'POST', url: '/tickets', body: { title }, headers: ticketsAsMe })).json<Ticket>();

/** A draft ready to send: queue, one recipient, a subject and a body. */
async function readyDraft(subject = 'Your refund', body: object = {}): Promise<Email> {
  const draft = await postDraft(ctx, asMe, body);
  return patch(draft.id, {
    version: draft.version,
    to: [{ address: 'jana@customer.example', name: 'Jana Nováková' }],
    subject,
    html: '<p>Your refund is on its way.</p>',
  });
}


describe("a link another agent made to the author's draft (issue 12)", () => {
  it('is not taken: the draft shows no ticket and the send goes into a ticket of its own', async () => {
    const draft = await readyDraft('Private matter');
    const stranger = randomUUID();
    const sales = randomUUID();
    const asStranger = await ctx.ticketsAuth({ sub: stranger, queues: [sales] });
    const theirs = (await ctx.tickets.inject({ method: 'POST', url: '/tickets', body: { title: 'Theirs', queueId: sales }, headers: asStranger })).json<Ticket>();
    // Tickets cannot know whose draft this is: it lets anyone who sees the ticket link an unlinked email.
    const link = await ctx.tickets.inject({ method: 'PUT', url: `/emails/${draft.id}/ticket`, body: { ticketId: theirs.id }, headers: asStranger });
    expect(link.statusCode).toBe(200);

    expect((await get(draft.id)).ticket).toBeNull();
    const res = await send(draft.id, draft.version);
    expect(res.statusCode).toBe(202);
    const sent = res.json<Email>();
    expect(sent.ticket?.id).toBeDefined();
    expect(sent.ticket?.id).not.toBe(theirs.id);
    expect((await linkedTicket(draft.id))?.id).toBe(sent.ticket?.id);
  });
});

describe('POST /emails/:id/send (E7, M1)', () => {
  it('creates a ticket for an email without one, tags the subject and queues the email with one outbox row', async () => {
    const contactId = randomUUID();
    const draft = await readyDraft('Your refund', { contactId });
    const kicksBefore = kicks;
    const res = await send(draft.id, draft.version);
    expect(res.statusCode).toBe(202);
    const sent = res.json<Email>();

    const ticket = await linkedTicket(draft.id);
    expect(ticket).toMatchObject({ title: 'Your refund', queueId: support.id, contactId, assigneeId: me, status: 'open' });
    expect(sent).toMatchObject({
      status: 'queued',
      version: draft.version + 1,
      ticket: { id: ticket!.id, number: ticket!.number, title: 'Your refund' },
      from: { address: 'support@mail.test', name: 'Acme Support' },
      subject: `[#${ticket!.number}] Your refund`,
      html: '<p>Your refund is on its way.</p>',
      failure: null,
    });
    expect(sent.messageId).toMatch(/^<[0-9a-f-]{36}@mail\.test>$/);
    expect(await get(draft.id)).toEqual(sent);

    const rows = await outboxRows(draft.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].relayedAt ?? null).toBeNull();
    const stored = await storedEmail(ctx, draft.id);
    expect(stored?.queuedAt).toBeInstanceOf(Date);
    expect(kicks).toBe(kicksBefore + 1);
  });

  it('asks tickets once per send, also when it creates and links the ticket (issue 17)', async () => {
    const draft = await readyDraft('One call');
    const calls: string[] = [];
    const seen = (request: { method?: string; url?: string }) => calls.push(`${request.method} ${request.url}`);
    ctx.tickets.server.on('request', seen);
    try {
      expect((await send(draft.id, draft.version)).statusCode).toBe(202);
    } finally {
      ctx.tickets.server.off('request', seen);
    }
    expect(calls).toEqual([`PUT /emails/${draft.id}/outbound`]);
    expect(await linkedTicket(draft.id)).toMatchObject({ id: sendTicketId(draft.id), title: 'One call' });
  });

  it('titles the new ticket "(no subject)" when the subject is empty', async () => {
    const draft = await readyDraft('');
    const res = await send(draft.id, draft.version);
    expect(res.statusCode).toBe(202);
    const ticket = await linkedTicket(draft.id);
    expect(ticket?.title).toBe('(no subject)');
    expect(res.json<Email>().subject).toBe(`[#${ticket!.number}]`);
  });

  it('keeps the ticket the draft was started from and does not tag twice', async () => {
    const ticket = await newTicket('Hinge broke');
    const draft = await readyDraft('placeholder', { ticketId: ticket.id });
    const tagged = await patch(draft.id, { version: draft.version, subject: `Re: [#${ticket.number}] Hinge broke` });
    const res = await send(draft.id, tagged.version);
    expect(res.statusCode).toBe(202);
    expect(res.json<Email>()).toMatchObject({
      subject: `Re: [#${ticket.number}] Hinge broke`,
      ticket: { id: ticket.id, number: ticket.number },
    });
    expect((await linkedTicket(draft.id))?.id).toBe(ticket.id);
  });

  it('uses the ticket the agent assigned in the Tickets widget meanwhile', async () => {
    const started = await newTicket('Started here');
    const draft = await readyDraft('Moved', { ticketId: started.id });
    const chosen = await newTicket('Chosen in the widget');
    await ctx.tickets.inject({ method: 'PUT', url: `/emails/${draft.id}/ticket`, body: { ticketId: chosen.id }, headers: ticketsAsMe });
    const res = await send(draft.id, draft.version);
    expect(res.statusCode).toBe(202);
    expect(res.json<Email>()).toMatchObject({
      subject: `[#${chosen.number}] Moved`,
      ticket: { id: chosen.id, number: chosen.number, title: 'Chosen in the widget' },
    });
  });

  it('goes into the ticket an earlier try made but could not link (its answer lost), not a second one (issue 17)', async () => {
    const draft = await readyDraft('Lost answer');
    const asMail = await ctx.ticketsAuth({ sub: 'service:mail', role: 'service' });
    const made = await ctx.tickets.inject({
      method: 'POST',
      url: '/tickets',
      body: { id: sendTicketId(draft.id), title: 'Lost answer', queueId: support.id, assigneeId: me },
      headers: asMail,
    });
    expect(made.statusCode).toBe(201);
    const res = await send(draft.id, draft.version);
    expect(res.statusCode).toBe(202);
    expect(res.json<Email>().ticket).toMatchObject({ id: made.json<Ticket>().id, number: made.json<Ticket>().number });
    expect((await linkedTicket(draft.id))?.id).toBe(made.json<Ticket>().id);
    const titled = await ctx.tickets.inject({ url: '/tickets?q=%22Lost%20answer%22', headers: ticketsAsMe });
    expect(titled.json().items.filter((ticket: Ticket) => ticket.title === 'Lost answer')).toHaveLength(1);
  });

  it('refuses to send twice and refuses to change a queued email', async () => {
    const draft = await readyDraft();
    const first = await send(draft.id, draft.version);
    expect(first.statusCode).toBe(202);
    const again = await send(draft.id, first.json<Email>().version);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('EMAIL_NOT_DRAFT');
    const edit = await ctx.inject({ method: 'PATCH', url: `/emails/${draft.id}`, body: { version: 2, subject: 'x' }, headers: asMe });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('EMAIL_NOT_DRAFT');
    const discard = await ctx.inject({ method: 'DELETE', url: `/emails/${draft.id}`, headers: asMe });
    expect(discard.statusCode).toBe(409);
    expect(await outboxRows(draft.id)).toHaveLength(1);
  });

  it('answers a repeated send 409 EMAIL_ALREADY_SENT with the email as it is, queued, sent or failed since', async () => {
    const draft = await readyDraft();
    const first = await send(draft.id, draft.version);
    expect(first.statusCode).toBe(202);
    const em = ctx.app.orm.em.fork();
    for (const status of ['queued', 'sent', 'failed'] as const) {
      if (status !== 'queued') await em.nativeUpdate(EmailEntity, { id: draft.id }, { status, version: (await get(draft.id)).version + 1 });
      const again = await send(draft.id, draft.version);
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'EMAIL_ALREADY_SENT', details: { current: await get(draft.id) } });
      expect(again.json().details.current.status).toBe(status);
    }
    expect(await outboxRows(draft.id)).toHaveLength(1);
  });

  it('answers every repeat of one send EMAIL_ALREADY_SENT, however the repeats and the send overlap', async () => {
    const ticket = await newTicket('Double click');
    for (let round = 0; round < 3; round++) {
      const draft = await readyDraft('Twice', { ticketId: ticket.id });
      const answers = await Promise.all([0, 1, 2].map(() => send(draft.id, draft.version)));
      expect(answers.filter((a) => a.statusCode === 202)).toHaveLength(1);
      for (const repeat of answers.filter((a) => a.statusCode !== 202)) expect([repeat.statusCode, repeat.json().code]).toEqual([409, 'EMAIL_ALREADY_SENT']);
      expect(await outboxRows(draft.id)).toHaveLength(1);
    }
  });

  it("tells no one else that a send was accepted: a queue colleague's repeat of it is 403", async () => {
    const draft = await readyDraft();
    expect((await send(draft.id, draft.version)).statusCode).toBe(202);
    const asColleague = await ctx.auth({ sub: colleague, queues: [support.id, billing.id] });
    const res = await send(draft.id, draft.version, asColleague);
    expect([res.statusCode, res.json().code]).toEqual([403, 'EMAIL_FORBIDDEN']);
    const asOutsider = await ctx.auth({ sub: randomUUID(), queues: [randomUUID()] });
    const outsider = await send(draft.id, draft.version, asOutsider);
    expect([outsider.statusCode, outsider.json().code]).toEqual([403, 'EMAIL_FORBIDDEN']);
  });

  it('sends a failed email again: failure cleared, outbox row waiting again, Message-ID kept', async () => {
    const draft = await readyDraft();
    const queued = (await send(draft.id, draft.version)).json<Email>();
    const em = ctx.app.orm.em.fork();
    await em.nativeUpdate(EmailEntity, { id: draft.id }, {
      status: 'failed',
      failureReason: '550 5.1.1 No such user',
      failureCode: 550,
      sendAttempts: 3,
      version: queued.version + 1,
    });
    await em.nativeUpdate(OutboxEntity, { emailId: draft.id }, { relayedAt: new Date() });
    const failed = await get(draft.id);
    expect(failed.failure).toEqual({ reason: '550 5.1.1 No such user', smtpCode: 550 });
    const fixed = await patch(draft.id, { version: failed.version, to: [{ address: 'jana.novakova@customer.example' }] });
    expect(fixed.status).toBe('failed');

    const res = await send(draft.id, fixed.version);
    expect(res.statusCode).toBe(202);
    expect(res.json<Email>()).toMatchObject({ status: 'queued', failure: null, messageId: queued.messageId, subject: queued.subject });
    const rows = await outboxRows(draft.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].relayedAt ?? null).toBeNull();
    expect((await storedEmail(ctx, draft.id))?.sendAttempts).toBe(0);
  });

  it('checks again under the row lock: a save committed while the send waited wins, the send answers 409', async () => {
    const draft = await readyDraft();
    // begin/commit rather than transactional(): a request started inside the callback would join its transaction.
    const tx = ctx.app.orm.em.fork();
    await tx.begin();
    let sending: ReturnType<typeof send>;
    try {
      await tx.execute('select id from "mail"."email" where id = ? for update', [draft.id]);
      sending = send(draft.id, draft.version);
      await eventually(sendWaitsForLock, 'the send to wait for the row lock');
      await tx.execute('update "mail"."email" set subject = ?, version = version + 1 where id = ?', ['Saved meanwhile', draft.id]);
      await tx.commit();
    } catch (error) {
      await tx.rollback();
      throw error;
    }
    const res = await sending;
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('DRAFT_VERSION_CONFLICT');
    expect(res.json().details.current).toMatchObject({ status: 'draft', subject: 'Saved meanwhile', version: draft.version + 1 });
    expect(await storedEmail(ctx, draft.id)).toMatchObject({ status: 'draft', subject: 'Saved meanwhile', messageId: null });
    expect(await outboxRows(draft.id)).toHaveLength(0);
  });

  it('lets exactly one of concurrent sends and saves of one version win', async () => {
    const ticket = await newTicket('Concurrent');
    for (let round = 0; round < 5; round++) {
      const draft = await readyDraft('Race', { ticketId: ticket.id });
      const answers = await Promise.all([
        send(draft.id, draft.version),
        ctx.inject({ method: 'PATCH', url: `/emails/${draft.id}`, body: { version: draft.version, subject: 'Saved' }, headers: asMe }),
        send(draft.id, draft.version),
      ]);
      const winners = answers.filter((a) => a.statusCode < 300);
      expect(winners).toHaveLength(1);
      for (const loser of answers.filter((a) => a.statusCode >= 300)) expect(loser.statusCode).toBe(409);
      const winner = winners[0]!.json<Email>();
      expect(await get(draft.id)).toEqual(winner);
      expect(winner.status).toBe(winners[0]!.statusCode === 202 ? 'queued' : 'draft');
      expect(await outboxRows(draft.id)).toHaveLength(winner.status === 'queued' ? 1 : 0);
    }
  });

  it('answers 409 with the server copy to a stale version and queues nothing', async () => {
    const draft = await readyDraft();
    const res = await send(draft.id, draft.version - 1);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('DRAFT_VERSION_CONFLICT');
    expect(res.json().details.current).toEqual(await get(draft.id));
    expect(await outboxRows(draft.id)).toHaveLength(0);
    expect(await linkedTicket(draft.id)).toBeNull();
  });

  it('answers 400 QUEUE_REQUIRED without a queue', async () => {
    const draft = await readyDraft();
    const cleared = await patch(draft.id, { version: draft.version, queueId: null });
    const res = await send(draft.id, cleared.version);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('QUEUE_REQUIRED');
  });

  it('answers 400 RECIPIENT_REQUIRED without a To recipient', async () => {
    const draft = await readyDraft();
    const onlyCc = await patch(draft.id, { version: draft.version, to: [], cc: [{ address: 'cc@customer.example' }] });
    const res = await send(draft.id, onlyCc.version);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('RECIPIENT_REQUIRED');
  });

  it('answers 403 QUEUE_FORBIDDEN when the agent has left the queue', async () => {
    const draft = await readyDraft('x', { queueId: billing.id });
    const onlySupport = await ctx.auth({ sub: me, queues: [support.id] });
    const res = await send(draft.id, draft.version, onlySupport);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('QUEUE_FORBIDDEN');
    expect((await get(draft.id)).status).toBe('draft');
  });

  it('answers 403 EMAIL_FORBIDDEN for another agent\'s draft', async () => {
    const draft = await readyDraft();
    const res = await send(draft.id, draft.version, await ctx.auth({ sub: colleague, queues: [support.id] }));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('EMAIL_FORBIDDEN');
  });

  it.each([
    ['a line break in a stored address', { to: [{ address: 'jana@customer.example\r\nBcc: x@evil.test' }] }],
    ['a line break in a stored display name', { cc: [{ address: 'a@b.test', name: 'A\nB' }] }],
    ['a stored address that is not one', { bcc: [{ address: 'jana at customer' }] }],
  ])('re-checks recipients on the server: 400 for %s, nothing queued', async (_name, bad) => {
    const draft = await readyDraft();
    await ctx.app.orm.em.fork().nativeUpdate(EmailEntity, { id: draft.id }, bad);
    const res = await send(draft.id, draft.version);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect((await storedEmail(ctx, draft.id))?.status).toBe('draft');
    expect(await outboxRows(draft.id)).toHaveLength(0);
  });

  it('answers 413 ATTACHMENTS_TOO_LARGE past 20 MiB and accepts exactly 20 MiB', async () => {
    const draft = await readyDraft();
    const big = await attachFile(ctx, draft.id, {
      bytes: Buffer.from('pretend'),
      fileName: 'big.bin',
      contentType: 'application/octet-stream',
      size: MAX_EMAIL_ATTACHMENT_BYTES - 1,
    });
    const file = await attachFile(ctx, draft.id, { bytes: Buffer.from('x'), fileName: 'x.txt', contentType: 'text/plain', size: 2 });
    const res = await send(draft.id, draft.version);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('ATTACHMENTS_TOO_LARGE');
    expect(await outboxRows(draft.id)).toHaveLength(0);
    await ctx.app.orm.em.fork().nativeUpdate(AttachmentEntity, { id: file.id }, { size: 1 });
    expect(big.size).toBe(MAX_EMAIL_ATTACHMENT_BYTES - 1);
    expect((await send(draft.id, draft.version)).statusCode).toBe(202);
  });

  it('re-sanitizes the body when it is queued', async () => {
    const draft = await readyDraft();
    await ctx.app.orm.em.fork().nativeUpdate(EmailEntity, { id: draft.id }, { html: '<p>Hi</p><img src=x onerror=alert(1)>' });
    const res = await send(draft.id, draft.version);
    // The handler goes, and the image with it: a relative src is no inline part (issue 12).
    expect(res.json<Email>().html).toBe('<p>Hi</p>');
  });

  it('answers 503 TICKETS_UNAVAILABLE and changes nothing when tickets cannot be reached', async () => {
    const offline = await buildApp({
      databaseUrl: ctx.databaseUrl,
      logger: false,
      getKey: ctx.keys.getKey,
      poolSize: 2,
      blobStore: ctx.blobStore,
      ticketsClient: createTicketsClient({ baseUrl: 'http://127.0.0.1:1', getToken: async () => 'unused' }),
    });
    try {
      const draft = await readyDraft();
      const res = await offline.inject({ method: 'POST', url: `/emails/${draft.id}/send`, body: { version: draft.version }, headers: asMe });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('TICKETS_UNAVAILABLE');
      expect(await get(draft.id)).toEqual(draft);
      expect(await outboxRows(draft.id)).toHaveLength(0);
      expect(await linkedTicket(draft.id)).toBeNull();
    } finally {
      await offline.close();
    }
  });

  it.each([
    ['a missing version', {}],
    ['a string version', { version: 'one' }],
    ['an unknown property', { version: 1, force: true }],
  ])('answers 400 to %s', async (_name, body) => {
    const draft = await readyDraft();
    const res = await ctx.inject({ method: 'POST', url: `/emails/${draft.id}/send`, body, headers: asMe });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
