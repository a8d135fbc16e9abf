import { randomUUID } from 'node:crypto';
import { mailApi, type Ticket } from '@switchboard/contracts';
import { injectFetch, routeContractProblems } from '@switchboard/service-kit/testing';
import { ApiError, ServiceClient } from '@switchboard/widget-sdk';
import { attachFile, insertEmail } from './testing/mail-fixtures';
import { createMailTestContext, type MailTestContext } from './testing/mail-test-context';

const me = randomUUID();
const support = { id: randomUUID(), name: 'Support', fromAddress: 'support@mail.test' };
const jana = { address: 'jana@customer.example', name: 'Jana Nováková' };
let ctx: MailTestContext;
let client: ServiceClient;
let ticket: Ticket;

beforeAll(async () => {
  ctx = await createMailTestContext();
  await ctx.addQueue(support);
  const getToken = async () => (await ctx.auth({ sub: me, queues: [support.id] })).authorization.slice('Bearer '.length);
  client = new ServiceClient({ serviceUrl: 'http://mail.test', getToken }, { fetch: injectFetch(ctx.app), validate: true });
  const res = await ctx.tickets.inject({
    method: 'POST',
    url: '/tickets',
    body: { title: 'Refund for order 4411', queueId: support.id },
    headers: await ctx.ticketsAuth({ sub: me, queues: [support.id] }),
  });
  ticket = res.json<Ticket>();
  // Two databases, two migrated apps: slow on a busy machine.
}, 30_000);
afterAll(() => ctx?.close());

it('registers every route from the mail contract, and every contract route is served', () => {
  expect(routeContractProblems(ctx.app, mailApi)).toEqual([]);
});

it('answers the SDK client within the contract on the draft, folder and send routes', async () => {
  await expect(client.call(mailApi.listQueues, {})).resolves.toEqual({ items: [support] });
  const draft = await client.call(mailApi.createDraft, { body: {} });
  expect(draft).toMatchObject({ status: 'draft', queueId: support.id, version: 1 });
  const saved = await client.call(mailApi.patchDraft, {
    params: { id: draft.id },
    body: { version: draft.version, to: [jana], subject: 'Your refund', html: '<p>On its way</p>' },
  });
  expect(saved).toMatchObject({ version: 2, to: [jana], subject: 'Your refund' });
  await expect(client.call(mailApi.getEmail, { params: { id: draft.id } })).resolves.toEqual(saved);
  const drafts = await client.call(mailApi.listEmails, { query: { folder: 'drafts' } });
  expect(drafts.items.map((e) => e.id)).toEqual([draft.id]);

  const sent = await client.call(mailApi.sendEmail, { params: { id: draft.id }, body: { version: saved.version } });
  expect(sent).toMatchObject({ status: 'queued', version: 3, from: { address: support.fromAddress } });
  const outbox = await client.call(mailApi.listEmails, { query: { folder: 'outbox', limit: 5 } });
  expect(outbox.items.map((e) => e.id)).toEqual([draft.id]);

  const discarded = await client.call(mailApi.createDraft, { body: {} });
  await expect(client.call(mailApi.discardDraft, { params: { id: discarded.id } })).resolves.toBeUndefined();
});

it("answers the SDK client within the contract on a ticket's thread, suggestions and files", async () => {
  const inbound = await insertEmail(ctx, {
    ownerId: me,
    queueId: support.id,
    ticket: { id: ticket.id, number: ticket.number, title: ticket.title },
    from: jana,
    to: [{ address: support.fromAddress }],
  });
  const bytes = Buffer.from('%PDF-1.4 invoice');
  const file = await attachFile(ctx, inbound.id, { bytes, fileName: 'invoice.pdf', contentType: 'application/pdf' });

  const draft = await client.call(mailApi.createDraft, { body: { ticketId: ticket.id } });
  expect(draft.ticket).toEqual({ id: ticket.id, number: ticket.number, title: ticket.title });
  const thread = await client.call(mailApi.listTicketEmails, { params: { ticketId: ticket.id } });
  expect(thread.items.map((e) => e.id)).toEqual([inbound.id, draft.id]);
  const suggestions = await client.call(mailApi.getSuggestions, { params: { id: draft.id } });
  expect(suggestions.items.map((s) => s.address)).toEqual([jana.address]);

  const files = await client.call(mailApi.listTicketAttachments, { params: { ticketId: ticket.id } });
  expect(files.items).toMatchObject([{ id: file.id, emailId: inbound.id, fileName: 'invoice.pdf' }]);
  const added = await client.call(mailApi.addTicketAttachments, { params: { id: draft.id }, body: { attachmentIds: [file.id] } });
  expect(added.items).toMatchObject([{ fileName: 'invoice.pdf', sha256: file.blobSha256 }]);
  const content = await client.send(mailApi.attachmentContent, { params: { id: draft.id, attachmentId: added.items[0].id } });
  expect(Buffer.from(await content.arrayBuffer())).toEqual(bytes);
  await client.call(mailApi.removeAttachment, { params: { id: draft.id, attachmentId: added.items[0].id } });
  await expect(client.call(mailApi.getEmail, { params: { id: draft.id } })).resolves.toMatchObject({ attachments: [] });
});

it('carries the declared error codes to the client', async () => {
  const missing = await client.call(mailApi.getEmail, { params: { id: randomUUID() } }).catch((e: unknown) => e);
  expect(missing).toBeInstanceOf(ApiError);
  expect(missing).toMatchObject({ status: 404, code: 'EMAIL_NOT_FOUND' });
  const draft = await client.call(mailApi.createDraft, { body: {} });
  const unsendable = await client.call(mailApi.sendEmail, { params: { id: draft.id }, body: { version: 1 } }).catch((e: unknown) => e);
  expect(unsendable).toMatchObject({ status: 400, code: 'RECIPIENT_REQUIRED' });
});

it("answers an admin's mailbox and held inbound routes within the contract; without MAIL_SECRET_KEY, reading one is 503 MAIL_SECRET_KEY_MISSING", async () => {
  const getToken = async () => (await ctx.auth({ sub: randomUUID(), role: 'admin' })).authorization.slice('Bearer '.length);
  const admin = new ServiceClient({ serviceUrl: 'http://mail.test', getToken }, { fetch: injectFetch(ctx.app), validate: true });
  await expect(admin.call(mailApi.deleteQueueMailbox, { params: { queueId: support.id } })).resolves.toEqual({ configured: false, host: null, folder: 'INBOX' });
  const unkeyed = await admin.call(mailApi.getQueueMailbox, { params: { queueId: support.id } }).catch((e: unknown) => e);
  expect(unkeyed).toMatchObject({ status: 503, code: 'MAIL_SECRET_KEY_MISSING' });
  const unknown = await admin.call(mailApi.deleteQueueMailbox, { params: { queueId: randomUUID() } }).catch((e: unknown) => e);
  expect(unknown).toMatchObject({ status: 404, code: 'QUEUE_NOT_FOUND' });
  const refused = randomUUID();
  await ctx.app.orm.em.fork().execute(
    `insert into mail.inbound_message (id, dedup_key, raw_size, queue_id, source, kind, state, reason) values (?, ?, 1, ?, 'smtp', 'message', 'refused', 'too large')`,
    [refused, `mid:${randomUUID()}`, support.id],
  );
  const held = await admin.call(mailApi.listHeldInbound, { query: { state: 'refused' } });
  expect(held.items).toMatchObject([{ id: refused, state: 'refused', reason: 'too large', sender: null, retriable: false }]);
  const notRetriable = await admin.call(mailApi.retryHeldInbound, { params: { id: refused } }).catch((e: unknown) => e);
  expect(notRetriable).toMatchObject({ status: 409, code: 'HELD_INBOUND_NOT_RETRIABLE' });
});
