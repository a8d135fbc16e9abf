import { randomUUID } from 'node:crypto';
import type { Email, EmailList, EmailTicket, Ticket } from '@switchboard/contracts';
import { AttachmentEntity, EmailEntity } from '../entities';
import { attachFile, postDraft, storedEmail } from '../testing/mail-fixtures';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';

let ctx: MailTestContext;
const me = randomUUID();
const colleague = randomUUID();
const support = { id: randomUUID(), name: 'Support', fromAddress: 'support@mail.test' };
const billing = { id: randomUUID(), name: 'Billing', fromAddress: 'billing@mail.test' };
const foreign = { id: randomUUID(), name: 'Sales', fromAddress: 'sales@mail.test' };
let asMe: Record<string, string>;
let asColleague: Record<string, string>;

beforeAll(async () => {
  ctx = await createMailTestContext();
  for (const queue of [support, billing, foreign]) await ctx.addQueue(queue);
  asMe = await ctx.auth({ sub: me, queues: [billing.id, support.id] });
  asColleague = await ctx.auth({ sub: colleague, queues: [support.id] });
  // Two databases, two migrated apps: slow on a busy machine.
}, 30_000);

afterAll(async () => {
  await ctx?.close();
});

const get = (id: string, headers = asMe) => ctx.inject({ url: `/emails/${id}`, headers });
const patch = (id: string, body: object, headers = asMe) => ctx.inject({ method: 'PATCH', url: `/emails/${id}`, body, headers });
const folder = async (name: string, headers = asMe) => {
  const res = await ctx.inject({ url: `/emails?folder=${name}`, headers });
  expect(res.statusCode).toBe(200);
  return res.json<EmailList>().items.map((item) => item.id);
};
const myEmailCount = () => ctx.app.orm.em.fork().count(EmailEntity, { ownerId: me });

describe('authentication', () => {
  it.each([
    ['GET', '/queues'],
    ['POST', '/drafts'],
    ['GET', '/emails?folder=drafts'],
    ['GET', `/emails/${randomUUID()}`],
    ['PATCH', `/emails/${randomUUID()}`],
    ['DELETE', `/emails/${randomUUID()}`],
    ['POST', `/emails/${randomUUID()}/send`],
    ['GET', `/emails/${randomUUID()}/suggestions`],
    ['GET', `/tickets/${randomUUID()}/emails`],
  ] as const)('%s %s answers 401 without a token', async (method, url) => {
    const res = await ctx.inject({ method, url, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHORIZED');
  });

  it('refuses a token for another service and a service token', async () => {
    const wrongAudience = await ctx.ticketsAuth({ sub: me });
    expect((await ctx.inject({ url: '/queues', headers: wrongAudience })).statusCode).toBe(401);
    const service = await ctx.auth({ sub: 'service:crm', role: 'service' });
    const res = await ctx.inject({ method: 'POST', url: '/drafts', body: {}, headers: service });
    expect(res.statusCode).toBe(403);
  });
});

describe('GET /queues', () => {
  it('lists the caller\'s queues that mail knows, without transport settings', async () => {
    const unknownToMail = randomUUID();
    const headers = await ctx.auth({ sub: me, queues: [support.id, unknownToMail, billing.id] });
    const res = await ctx.inject({ url: '/queues', headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [billing, support] });
    const none = await ctx.inject({ url: '/queues', headers: await ctx.auth({ sub: me }) });
    expect(none.json()).toEqual({ items: [] });
  });
});

describe('POST /drafts', () => {
  it('creates a blank draft in the caller\'s first queue (N1)', async () => {
    const res = await ctx.inject({ method: 'POST', url: '/drafts', body: {}, headers: asMe });
    expect(res.statusCode).toBe(201);
    const draft = res.json<Email>();
    expect(draft).toMatchObject({
      version: 1,
      direction: 'outbound',
      status: 'draft',
      queueId: billing.id,
      ticket: null,
      contactId: null,
      from: null,
      to: [],
      cc: [],
      bcc: [],
      subject: '',
      html: '',
      important: false,
      postponed: false,
      replyTo: null,
      attachments: [],
      attachmentBytes: 0,
      messageId: null,
      failure: null,
    });
    expect((await get(draft.id)).json()).toEqual(draft);
  });

  it('starts from a CRM address with its contact (N2) and in a chosen queue', async () => {
    const contactId = randomUUID();
    const to = [{ address: 'jana@customer.example', name: 'Jana Nováková' }];
    const draft = await postDraft(ctx, asMe, { to, contactId, queueId: support.id });
    expect(draft).toMatchObject({ to, contactId, queueId: support.id });
  });

  it('starts from a ticket (N3): copies it and links the draft in tickets', async () => {
    const contactId = randomUUID();
    const created = await ctx.tickets.inject({
      method: 'POST',
      url: '/tickets',
      body: { title: 'Hinge broke again', contactId },
      headers: await ctx.ticketsAuth({ sub: me }),
    });
    const ticket = created.json<Ticket>();
    const draft = await postDraft(ctx, asMe, { ticketId: ticket.id });
    expect(draft.ticket).toEqual({ id: ticket.id, number: ticket.number, title: 'Hinge broke again' });
    expect(draft.contactId).toBe(contactId);
    const link = await ctx.tickets.inject({ url: `/emails/${draft.id}/ticket`, headers: await ctx.ticketsAuth({ sub: me }) });
    expect(link.statusCode).toBe(200);
    expect(link.json<EmailTicket>().ticket.id).toBe(ticket.id);
  });

  it("answers 404 for another team's ticket, as for an unknown one, and links nothing (issue 12)", async () => {
    const stranger = randomUUID();
    const created = await ctx.tickets.inject({
      method: 'POST',
      url: '/tickets',
      body: { title: 'Sales only', queueId: foreign.id },
      headers: await ctx.ticketsAuth({ sub: stranger, queues: [foreign.id] }),
    });
    expect(created.statusCode).toBe(201);
    const before = await myEmailCount();
    const res = await ctx.inject({ method: 'POST', url: '/drafts', body: { ticketId: created.json<Ticket>().id }, headers: asMe });
    expect([res.statusCode, res.json().code]).toEqual([404, 'TICKET_NOT_FOUND']);
    expect(await myEmailCount()).toBe(before);
    const links = await ctx.tickets.inject({ url: '/emails?limit=50', headers: await ctx.ticketsAuth({ sub: stranger, queues: [foreign.id] }) });
    expect(links.json().items).toEqual([]);
  });

  it('answers 404 for an unknown ticket and stores nothing', async () => {
    const before = await myEmailCount();
    const res = await ctx.inject({ method: 'POST', url: '/drafts', body: { ticketId: randomUUID() }, headers: asMe });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('TICKET_NOT_FOUND');
    expect(await myEmailCount()).toBe(before);
  });

  it('refuses a queue the caller is not a member of (403 QUEUE_FORBIDDEN)', async () => {
    const res = await ctx.inject({ method: 'POST', url: '/drafts', body: { queueId: foreign.id }, headers: asMe });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('QUEUE_FORBIDDEN');
  });

  it.each([
    ['a CR in an address', { to: [{ address: 'a@b.test\r' }] }],
    ['an LF in an address', { to: [{ address: 'a@b.test\nBcc: x@evil.test' }] }],
    ['a CR in a display name', { to: [{ address: 'a@b.test', name: 'Jana\rBcc: x@evil.test' }] }],
    ['an LF in a display name', { to: [{ address: 'a@b.test', name: 'Jana\n' }] }],
    ['an invalid address', { to: [{ address: 'not an address' }] }],
    ['an unknown property', { subject: 'x' }],
    ['a bad reply mode', { replyTo: { emailId: randomUUID(), mode: 'replyToAll' } }],
    ['a bad queue id', { queueId: '42' }],
  ])('answers 400 to %s and stores nothing', async (_name, body) => {
    const before = await myEmailCount();
    const res = await ctx.inject({ method: 'POST', url: '/drafts', body, headers: asMe });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(await myEmailCount()).toBe(before);
  });
});

describe('GET /emails/:id', () => {
  it('answers 404 for an unknown email and 400 for a bad id', async () => {
    const missing = await get(randomUUID());
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('EMAIL_NOT_FOUND');
    expect((await get('nope')).statusCode).toBe(400);
  });

  it('keeps a draft private to its author (403 EMAIL_FORBIDDEN)', async () => {
    const draft = await postDraft(ctx, asMe, { queueId: support.id });
    const res = await get(draft.id, asColleague);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('EMAIL_FORBIDDEN');
  });

  it('shows a ticket the agent assigned in the Tickets widget, and keeps the copy', async () => {
    const draft = await postDraft(ctx, asMe);
    const ticketsAsMe = await ctx.ticketsAuth({ sub: me });
    const ticket = (await ctx.tickets.inject({ method: 'POST', url: '/tickets', body: { title: 'Assigned later' }, headers: ticketsAsMe })).json<Ticket>();
    await ctx.tickets.inject({ method: 'PUT', url: `/emails/${draft.id}/ticket`, body: { ticketId: ticket.id }, headers: ticketsAsMe });
    const res = await get(draft.id);
    expect(res.json<Email>().ticket).toEqual({ id: ticket.id, number: ticket.number, title: 'Assigned later' });
    expect(res.json<Email>().version).toBe(1);
    expect((await storedEmail(ctx, draft.id))?.ticketId).toBe(ticket.id);
  });
});

describe('PATCH /emails/:id (autosave)', () => {
  it('applies only the given fields and bumps the version', async () => {
    const draft = await postDraft(ctx, asMe);
    const first = await patch(draft.id, { version: 1, subject: 'Your refund', to: [{ address: 'jana@customer.example' }] });
    expect(first.statusCode).toBe(200);
    const saved = first.json<Email>();
    expect(saved).toMatchObject({ version: 2, subject: 'Your refund', to: [{ address: 'jana@customer.example' }], queueId: billing.id });
    expect(Date.parse(saved.updatedAt)).toBeGreaterThanOrEqual(Date.parse(draft.updatedAt));
    const second = await patch(draft.id, {
      version: 2,
      cc: [{ address: 'boss@customer.example', name: 'Boss' }],
      bcc: [{ address: 'audit@mail.test' }],
      html: '<p>Hello <strong>Jana</strong></p>',
      important: true,
      queueId: support.id,
    });
    expect(second.json<Email>()).toMatchObject({
      version: 3,
      subject: 'Your refund',
      to: [{ address: 'jana@customer.example' }],
      cc: [{ address: 'boss@customer.example', name: 'Boss' }],
      bcc: [{ address: 'audit@mail.test' }],
      html: '<p>Hello <strong>Jana</strong></p>',
      important: true,
      queueId: support.id,
    });
    expect((await get(draft.id)).json()).toEqual(second.json());
  });

  it('clears the queue and the contact with null', async () => {
    const draft = await postDraft(ctx, asMe, { contactId: randomUUID() });
    const res = await patch(draft.id, { version: 1, queueId: null, contactId: null });
    expect(res.json<Email>()).toMatchObject({ queueId: null, contactId: null, version: 2 });
  });

  it('answers 409 with the server copy to a stale version', async () => {
    const draft = await postDraft(ctx, asMe);
    await patch(draft.id, { version: 1, subject: 'From tab one' });
    const stale = await patch(draft.id, { version: 1, subject: 'From tab two' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('DRAFT_VERSION_CONFLICT');
    const current = (await get(draft.id)).json<Email>();
    expect(current.subject).toBe('From tab one');
    expect(stale.json().details.current).toEqual(current);
  });

  it('lets exactly one of two concurrent saves of one version win', async () => {
    const draft = await postDraft(ctx, asMe);
    const answers = await Promise.all(
      ['left', 'right', 'middle'].map((subject) => patch(draft.id, { version: 1, subject })),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([200, 409, 409]);
    const winner = answers.find((a) => a.statusCode === 200)!.json<Email>();
    const current = (await get(draft.id)).json<Email>();
    expect(current).toEqual(winner);
    expect(current.version).toBe(2);
    for (const loser of answers.filter((a) => a.statusCode === 409)) expect(loser.json().details.current).toEqual(current);
  });

  it.each([
    ['a CR in the subject', { version: 1, subject: 'Hello\rBcc: x@evil.test' }],
    ['an LF in the subject', { version: 1, subject: 'Hello\nBcc: x@evil.test' }],
    ['a CRLF in a display name', { version: 1, to: [{ address: 'a@b.test', name: 'A\r\nBcc: x@evil.test' }] }],
    ['an LF in a Cc address', { version: 1, cc: [{ address: 'a@b.test\n' }] }],
    ['a CR in a Bcc address', { version: 1, bcc: [{ address: '\ra@b.test' }] }],
    ['an invalid address', { version: 1, to: [{ address: 'jana@' }] }],
    ['a missing version', { subject: 'x' }],
    ['version 0', { version: 0 }],
    ['an unknown property', { version: 1, status: 'sent' }],
    ['a 999-character subject', { version: 1, subject: 'x'.repeat(999) }],
  ])('answers 400 to %s and changes nothing', async (_name, body) => {
    const draft = await postDraft(ctx, asMe);
    const res = await patch(draft.id, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect((await get(draft.id)).json()).toEqual(draft);
  });

  it('neutralizes script in the body before it is stored', async () => {
    const draft = await postDraft(ctx, asMe);
    const corpus = [
      '<script>alert(1)</script>',
      '<img src="x" onerror="alert(2)">',
      '<a href="javascript:alert(3)">a</a>',
      '<svg onload="alert(4)"><circle/></svg>',
      '<iframe src="https://evil.test/"></iframe>',
      '<p style="width: expression(alert(5))">styled</p>',
      '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoNik+">',
      '<a href="jav&#x61;script:alert(7)">b</a>',
      '<a href="  JaVaScRiPt:alert(8)">c</a>',
      '<div onclick="alert(9)">click</div>',
      '<form action="https://evil.test"><input name="x"></form>',
      '<object data="x.swf"></object><embed src="x.swf">',
      '<math><mi xlink:href="javascript:alert(10)">m</mi></math>',
    ].join('');
    const res = await patch(draft.id, { version: 1, html: `<p>Kept</p>${corpus}` });
    expect(res.statusCode).toBe(200);
    const stored = (await storedEmail(ctx, draft.id))!.html;
    expect(stored).toContain('<p>Kept</p>');
    for (const bad of ['<script', 'alert(1)', 'onerror', 'onload', 'onclick', 'javascript', 'jav&', '<svg', '<iframe', 'style=', 'expression(', 'data:', '<form', '<input', '<object', '<embed', '<math', 'xlink']) {
      expect(stored.toLowerCase()).not.toContain(bad.toLowerCase());
    }
    expect(res.json<Email>().html).toBe(stored);
  });

  it('refuses a queue the caller is not a member of (403 QUEUE_FORBIDDEN)', async () => {
    const draft = await postDraft(ctx, asMe);
    const res = await patch(draft.id, { version: 1, queueId: foreign.id });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('QUEUE_FORBIDDEN');
    expect((await get(draft.id)).json<Email>().version).toBe(1);
  });

  it('refuses another agent\'s draft (403 EMAIL_FORBIDDEN)', async () => {
    const draft = await postDraft(ctx, asMe, { queueId: support.id });
    const res = await patch(draft.id, { version: 1, subject: 'Hijacked' }, asColleague);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('EMAIL_FORBIDDEN');
    expect((await get(draft.id)).json<Email>().subject).toBe('');
  });

  it('answers 404 for an unknown email', async () => {
    const res = await patch(randomUUID(), { version: 1 });
    expect(res.statusCode).toBe(404);
  });
});

describe('DELETE /emails/:id (discard, E6)', () => {
  it('deletes the draft and its attachment rows', async () => {
    const draft = await postDraft(ctx, asMe);
    await attachFile(ctx, draft.id, { bytes: Buffer.from('notes'), fileName: 'notes.txt', contentType: 'text/plain' });
    const res = await ctx.inject({ method: 'DELETE', url: `/emails/${draft.id}`, headers: asMe });
    expect(res.statusCode).toBe(204);
    expect((await get(draft.id)).statusCode).toBe(404);
    expect(await ctx.app.orm.em.fork().count(AttachmentEntity, { emailId: draft.id })).toBe(0);
    expect((await ctx.inject({ method: 'DELETE', url: `/emails/${draft.id}`, headers: asMe })).statusCode).toBe(404);
  });

  it('refuses another agent\'s draft (403 EMAIL_FORBIDDEN)', async () => {
    const draft = await postDraft(ctx, asMe, { queueId: support.id });
    const res = await ctx.inject({ method: 'DELETE', url: `/emails/${draft.id}`, headers: asColleague });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('EMAIL_FORBIDDEN');
    expect((await get(draft.id)).statusCode).toBe(200);
  });
});

describe('GET /emails?folder= (E8, E12)', () => {
  it('lists the caller\'s drafts, postponed, outbox and sent emails, newest change first', async () => {
    const user = randomUUID();
    const headers = await ctx.auth({ sub: user, queues: [support.id] });
    const older = await postDraft(ctx, headers);
    const newer = await postDraft(ctx, headers);
    const later = await postDraft(ctx, headers);
    const postponed = await patch(later.id, { version: 1, postponed: true, important: true }, headers);
    expect(postponed.json<Email>()).toMatchObject({ postponed: true, important: true });
    const outbox = await postDraft(ctx, headers);
    const sent = await postDraft(ctx, headers);
    const em = ctx.app.orm.em.fork();
    await em.nativeUpdate(EmailEntity, { id: outbox.id }, { status: 'failed', updatedAt: new Date(Date.now() + 1000) });
    await em.nativeUpdate(EmailEntity, { id: sent.id }, { status: 'sent' });

    expect(await folder('drafts', headers)).toEqual([newer.id, older.id]);
    expect(await folder('postponed', headers)).toEqual([later.id]);
    expect(await folder('outbox', headers)).toEqual([outbox.id]);
    expect(await folder('sent', headers)).toEqual([sent.id]);
    const limited = await ctx.inject({ url: '/emails?folder=drafts&limit=1', headers });
    expect(limited.json<EmailList>().items.map((i) => i.id)).toEqual([newer.id]);

    const row = (await ctx.inject({ url: '/emails?folder=postponed', headers })).json<EmailList>().items[0];
    expect(row).toMatchObject({ id: later.id, status: 'draft', postponed: true, important: true, attachmentCount: 0, sentAt: null });

    const back = await patch(later.id, { version: 2, postponed: false }, headers);
    expect(back.statusCode).toBe(200);
    expect(await folder('drafts', headers)).toEqual([later.id, newer.id, older.id]);
    expect(await folder('postponed', headers)).toEqual([]);
    expect(await folder('drafts', asMe)).not.toContain(older.id);
  });

  it('shows a preview and the attachment count', async () => {
    const user = randomUUID();
    const headers = await ctx.auth({ sub: user, queues: [support.id] });
    const draft = await postDraft(ctx, headers);
    await patch(draft.id, { version: 1, html: '<p>Dear Jana,</p><p>your refund is on its way.</p>' }, headers);
    await attachFile(ctx, draft.id, { bytes: Buffer.from('a'), fileName: 'a.txt', contentType: 'text/plain' });
    await attachFile(ctx, draft.id, { bytes: Buffer.from('b'), fileName: 'b.txt', contentType: 'text/plain' });
    const [row] = (await ctx.inject({ url: '/emails?folder=drafts', headers })).json<EmailList>().items;
    expect(row).toMatchObject({ preview: 'Dear Jana, your refund is on its way.', attachmentCount: 2 });
  });

  it.each(['', 'folder=inbox', 'folder=drafts&limit=0', 'folder=drafts&limit=101', 'folder=drafts&owner=x'])(
    'answers 400 to ?%s',
    async (query) => {
      const res = await ctx.inject({ url: `/emails?${query}`, headers: asMe });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    },
  );
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
