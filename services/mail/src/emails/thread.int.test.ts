import { randomUUID } from 'node:crypto';
import type { Email, EmailList, RecipientSuggestions, Ticket } from '@switchboard/contracts';
import { AttachmentEntity, BlobEntity } from '../entities';
import { attachFile, insertEmail, postDraft, storedEmail, type EmailSeed } from '../testing/mail-fixtures';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';

let ctx: MailTestContext;
const me = randomUUID();
const colleague = randomUUID();
const support = { id: randomUUID(), name: 'Support', fromAddress: 'support@mail.test' };
const sales = { id: randomUUID(), name: 'Sales', fromAddress: 'sales@mail.test' };
const contactId = randomUUID();
const jana = { address: 'jana@customer.example', name: 'Jana Nováková' };
let asMe: Record<string, string>;
let asColleague: Record<string, string>;
let ticket: Ticket;
const copyOf = (t: Ticket) => ({ id: t.id, number: t.number, title: t.title });

beforeAll(async () => {
  ctx = await createMailTestContext();
  await ctx.addQueue(support);
  await ctx.addQueue(sales);
  asMe = await ctx.auth({ sub: me, queues: [support.id] });
  asColleague = await ctx.auth({ sub: colleague, queues: [support.id] });
  const res = await ctx.tickets.inject({
    method: 'POST',
    url: '/tickets',
    body: { title: 'Refund for order 4411', contactId },
    headers: await ctx.ticketsAuth({ sub: me }),
  });
  ticket = res.json<Ticket>();
  // Two databases, two migrated apps: slow on a busy machine.
}, 30_000);

afterAll(async () => {
  await ctx?.close();
});

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

/** An inbound email from Jana to support (and a colleague), in the ticket. */
const inbound = (subject = 'Refund for order 4411', extra: Partial<EmailSeed> = {}) =>
  insertEmail(ctx, {
    ownerId: me,
    queueId: support.id,
    ticket: copyOf(ticket),
    contactId,
    from: jana,
    to: [{ address: 'Support@Mail.test', name: 'Support' }, { address: 'petr@customer.example', name: 'Petr' }],
    cc: [{ address: 'SUPPORT@mail.test' }, { address: 'eva@customer.example' }],
    subject,
    html: '<p>Where is my <em>refund</em>?</p>',
    messageId: `<${randomUUID()}@customer.example>`,
    references: '<m1@customer.example>',
    createdAt: hoursAgo(5),
    ...extra,
  });

describe('POST /drafts with replyTo (N3)', () => {
  it('prefills a reply: the sender, Re: once, the quote and the threading headers', async () => {
    const original = await inbound('Re: RE: Refund for order 4411');
    const draft = await postDraft(ctx, asMe, { replyTo: { emailId: original.id, mode: 'reply' } });
    expect(draft).toMatchObject({
      to: [jana],
      cc: [],
      subject: 'Re: Refund for order 4411',
      queueId: support.id,
      ticket: copyOf(ticket),
      contactId,
      replyTo: { emailId: original.id, mode: 'reply' },
      attachments: [],
    });
    expect(draft.html).toMatch(/^<p><\/p><p>On .+ UTC, Jana Nováková wrote:<\/p><blockquote><p>Where is my <em>refund<\/em>\?<\/p><\/blockquote>$/);
    const stored = await storedEmail(ctx, draft.id);
    expect(stored).toMatchObject({ inReplyTo: original.messageId, references: `<m1@customer.example> ${original.messageId}` });
  });

  it('prefills reply-all with the other recipients minus our own queue addresses, deduplicated', async () => {
    const original = await inbound();
    const draft = await postDraft(ctx, asMe, { replyTo: { emailId: original.id, mode: 'replyAll' } });
    expect(draft.to).toEqual([jana, { address: 'petr@customer.example', name: 'Petr' }]);
    expect(draft.cc).toEqual([{ address: 'eva@customer.example' }]);
    expect(draft.replyTo).toEqual({ emailId: original.id, mode: 'reply' });
  });

  it('answers an email we sent by writing to its recipients again', async () => {
    const sent = await insertEmail(ctx, {
      ownerId: colleague,
      direction: 'outbound',
      queueId: support.id,
      ticket: copyOf(ticket),
      from: { address: 'support@mail.test', name: 'Support' },
      to: [jana],
      cc: [{ address: 'eva@customer.example' }],
      subject: `[#${ticket.number}] Refund`,
      messageId: '<sent-1@mail.test>',
    });
    const reply = await postDraft(ctx, asMe, { replyTo: { emailId: sent.id, mode: 'reply' } });
    expect(reply).toMatchObject({ to: [jana], cc: [], subject: `Re: [#${ticket.number}] Refund` });
    const all = await postDraft(ctx, asMe, { replyTo: { emailId: sent.id, mode: 'replyAll' } });
    expect(all).toMatchObject({ to: [jana], cc: [{ address: 'eva@customer.example' }] });
    expect(reply.html).toContain('Support wrote:');
  });

  it('prefills a forward: no recipients, Fwd: once, the header block, the files over the same blobs', async () => {
    const original = await inbound('Fwd: FW: Photos of the damage');
    const png = await attachFile(ctx, original.id, { bytes: Buffer.from('png bytes'), fileName: 'damage.png', contentType: 'image/png' });
    const pdf = await attachFile(ctx, original.id, { bytes: Buffer.from('pdf bytes'), fileName: 'order.pdf', contentType: 'application/pdf' });
    const blobsBefore = await ctx.app.orm.em.fork().count(BlobEntity, {});

    const draft = await postDraft(ctx, asMe, { replyTo: { emailId: original.id, mode: 'forward' } });
    expect(draft).toMatchObject({
      to: [],
      cc: [],
      subject: 'Fwd: Photos of the damage',
      ticket: copyOf(ticket),
      queueId: support.id,
      replyTo: { emailId: original.id, mode: 'forward' },
    });
    expect(draft.html).toContain('---------- Forwarded message ----------');
    expect(draft.html).toContain('From: Jana Nováková &lt;jana@customer.example&gt;');
    expect(draft.html).toContain('Subject: Fwd: FW: Photos of the damage');
    expect(draft.html).toContain('<p>Where is my <em>refund</em>?</p>');
    expect(draft.attachments.map((a) => [a.fileName, a.sha256, a.size])).toEqual([
      ['damage.png', png.blobSha256, png.size],
      ['order.pdf', pdf.blobSha256, pdf.size],
    ]);
    expect(draft.attachments.map((a) => a.id)).not.toContain(png.id);
    expect(draft.attachmentBytes).toBe(png.size + pdf.size);
    expect(await ctx.app.orm.em.fork().count(BlobEntity, {})).toBe(blobsBefore);
    expect(await ctx.app.orm.em.fork().count(AttachmentEntity, { emailId: original.id })).toBe(2);
  });

  it('takes the queue from the body over the original\'s, and refuses an original the caller may not read', async () => {
    const original = await inbound();
    const both = await ctx.auth({ sub: me, queues: [support.id, sales.id] });
    const draft = await postDraft(ctx, both, { replyTo: { emailId: original.id, mode: 'reply' }, queueId: sales.id });
    expect(draft.queueId).toBe(sales.id);
    const outsider = await ctx.auth({ sub: randomUUID(), queues: [sales.id] });
    const res = await ctx.inject({ method: 'POST', url: '/drafts', body: { replyTo: { emailId: original.id, mode: 'reply' } }, headers: outsider });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('EMAIL_FORBIDDEN');
    const missing = await ctx.inject({ method: 'POST', url: '/drafts', body: { replyTo: { emailId: randomUUID(), mode: 'forward' } }, headers: asMe });
    expect(missing.statusCode).toBe(404);
  });
});

describe('GET /tickets/:ticketId/emails', () => {
  it('lists the thread oldest first: queue emails and the caller\'s own drafts, not others\' drafts', async () => {
    const own = await ctx.tickets.inject({
      method: 'POST',
      url: '/tickets',
      // A Support ticket: the colleague starts a draft from it too, which needs the ticket in sight (decision 0009).
      body: { title: 'Thread ticket', queueId: support.id },
      headers: await ctx.ticketsAuth({ sub: me, queues: [support.id] }),
    });
    const t = own.json<Ticket>();
    const first = await insertEmail(ctx, { ownerId: me, queueId: support.id, ticket: copyOf(t), from: jana, createdAt: hoursAgo(3) });
    const answer = await insertEmail(ctx, {
      ownerId: colleague,
      direction: 'outbound',
      queueId: support.id,
      ticket: copyOf(t),
      to: [jana],
      createdAt: hoursAgo(2),
    });
    await insertEmail(ctx, { ownerId: randomUUID(), queueId: sales.id, ticket: copyOf(t), from: jana, createdAt: hoursAgo(1) });
    const myDraft = await postDraft(ctx, asMe, { ticketId: t.id });
    const theirDraft = await postDraft(ctx, asColleague, { ticketId: t.id });

    const res = await ctx.inject({ url: `/tickets/${t.id}/emails`, headers: asMe });
    expect(res.statusCode).toBe(200);
    const items = res.json<EmailList>().items;
    expect(items.map((i) => i.id)).toEqual([first.id, answer.id, myDraft.id]);
    expect(items[0]).toMatchObject({ direction: 'inbound', status: 'received', from: jana, ticket: copyOf(t), preview: 'Stored body' });
    const theirs = (await ctx.inject({ url: `/tickets/${t.id}/emails`, headers: asColleague })).json<EmailList>();
    expect(theirs.items.map((i) => i.id)).toEqual([first.id, answer.id, theirDraft.id]);
    const empty = await ctx.inject({ url: `/tickets/${randomUUID()}/emails`, headers: asMe });
    expect(empty.json()).toEqual({ items: [] });
    expect((await ctx.inject({ url: '/tickets/42/emails', headers: asMe })).statusCode).toBe(400);
  });
});

describe('GET /emails/:id/suggestions (E3)', () => {
  it('offers the ticket\'s addresses once each, the contact first, without our queues', async () => {
    const res = await ctx.tickets.inject({
      method: 'POST',
      url: '/tickets',
      body: { title: 'Suggestions', contactId },
      headers: await ctx.ticketsAuth({ sub: me }),
    });
    const t = res.json<Ticket>();
    await insertEmail(ctx, {
      ownerId: me,
      queueId: support.id,
      ticket: copyOf(t),
      contactId,
      from: { address: 'Jana@Customer.example' },
      to: [{ address: 'support@mail.test' }],
      cc: [{ address: 'eva@customer.example', name: 'Eva' }],
      createdAt: hoursAgo(3),
    });
    await insertEmail(ctx, {
      ownerId: colleague,
      direction: 'outbound',
      queueId: support.id,
      ticket: copyOf(t),
      contactId,
      from: { address: 'support@mail.test', name: 'Support' },
      to: [{ address: 'jana@customer.example', name: 'Jana Nováková' }, { address: 'petr@customer.example' }],
      cc: [{ address: 'EVA@customer.example' }],
      createdAt: hoursAgo(2),
    });
    await insertEmail(ctx, { ownerId: randomUUID(), queueId: sales.id, ticket: copyOf(t), from: { address: 'hidden@customer.example' } });
    const draft = await postDraft(ctx, asMe, { ticketId: t.id, to: [{ address: 'draft-only@customer.example' }] });

    const answer = await ctx.inject({ url: `/emails/${draft.id}/suggestions`, headers: asMe });
    expect(answer.statusCode).toBe(200);
    expect(answer.json<RecipientSuggestions>().items).toEqual([
      { address: 'Jana@Customer.example', name: 'Jana Nováková', reason: 'contact' },
      { address: 'eva@customer.example', name: 'Eva', reason: 'correspondent' },
      { address: 'petr@customer.example', reason: 'correspondent' },
    ]);
  });

  it('has nothing to offer for an email without a ticket, and keeps drafts private', async () => {
    const draft = await postDraft(ctx, asMe);
    const res = await ctx.inject({ url: `/emails/${draft.id}/suggestions`, headers: asMe });
    expect(res.json()).toEqual({ items: [] });
    const other = await ctx.inject({ url: `/emails/${draft.id}/suggestions`, headers: asColleague });
    expect(other.statusCode).toBe(403);
  });
});

describe('ticket copies of inbound emails', () => {
  it('are filled from tickets when the email is read, with the ticket\'s contact', async () => {
    const email = await insertEmail(ctx, { ownerId: me, queueId: support.id, ticket: null, from: jana });
    await ctx.tickets.inject({
      method: 'PUT',
      url: `/emails/${email.id}/ticket`,
      body: { ticketId: ticket.id },
      headers: await ctx.ticketsAuth({ sub: me }),
    });
    const res = await ctx.inject({ url: `/emails/${email.id}`, headers: asMe });
    expect(res.json<Email>()).toMatchObject({ ticket: copyOf(ticket), contactId, version: 1 });
    expect(await storedEmail(ctx, email.id)).toMatchObject({ ticketId: ticket.id, ticketNumber: ticket.number, contactId });
    const thread = (await ctx.inject({ url: `/tickets/${ticket.id}/emails`, headers: asMe })).json<EmailList>();
    expect(thread.items.map((i) => i.id)).toContain(email.id);
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
