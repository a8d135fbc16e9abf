import { randomBytes, randomUUID } from 'node:crypto';
import { mailApi, type EmailList } from '@switchboard/contracts';
import { runAccessMatrix, type AccessMatrix, type MatrixRole } from '@switchboard/service-kit/testing';
import type { InjectOptions } from 'fastify';
import { multipartRequest } from './attachments/attachments-test-context';
import { readEventStream } from './live/sse-reader';
import { setQueueMailbox } from './inbound/imap/queue-mailbox';
import { rawMessage } from './inbound/inbound-test-kit';
import { storeBlob } from './delivery/testing/seed';
import { recordMacroRun } from './macros/macro-store';
import { attachFile, insertEmail } from './testing/mail-fixtures';
import { createMailTestContext, type MailTestContext } from './testing/mail-test-context';

let ctx: MailTestContext;

const unique = (label: string) => `${label} ${randomUUID().replaceAll('-', '')}`;
/** The owner's queue, which the same-queue agent shares; the other team works in Billing. */
const support = { id: randomUUID(), name: unique('Support'), fromAddress: 'support@matrix.test' };
const billing = { id: randomUUID(), name: unique('Billing'), fromAddress: 'billing@matrix.test' };
const users: Record<MatrixRole, string> = {
  owner: randomUUID(),
  sameQueue: randomUUID(),
  otherTeam: randomUUID(),
  admin: randomUUID(),
  service: 'service:tickets',
};
const headers = {} as Record<MatrixRole, Record<string, string>>;
const secretKey = randomBytes(32);

beforeAll(async () => {
  // With the IMAP pollers and their key, for the admins' mailbox routes; their polls of 127.0.0.1:1 fail at once.
  ctx = await createMailTestContext({
    outboxRelay: { kick: () => undefined },
    imap: { redisUrl: 'redis://127.0.0.1:6379', prefix: `sb-matrix-${randomUUID()}`, secretKey, everyMs: 3_600_000, idleMs: 0 },
  });
  await ctx.addQueue(support);
  await ctx.addQueue(billing);
  headers.owner = await ctx.auth({ sub: users.owner, queues: [support.id] });
  headers.sameQueue = await ctx.auth({ sub: users.sameQueue, queues: [support.id] });
  headers.otherTeam = await ctx.auth({ sub: users.otherTeam, queues: [billing.id] });
  // An admin with no queue: mail gives an admin no view of other agents' mail.
  headers.admin = await ctx.auth({ sub: users.admin, role: 'admin' });
  headers.service = await ctx.auth({ sub: users.service, role: 'service' });
  // Two databases, two migrated apps: slow on a busy machine.
}, 30_000);

afterAll(async () => {
  await ctx?.close();
});

/**
 * A stream's status and its first event (or the refusal's body), over real HTTP: an open
 * stream never ends, so `inject` would wait for ever.
 */
let baseUrl: string | undefined;
async function firstEvent(url: string, roleHeaders: Record<string, string>): Promise<{ status: number; body: string }> {
  baseUrl ??= await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const reader = await readEventStream(`${baseUrl}${url}`, roleHeaders);
  try {
    return { status: reader.status, body: reader.status === 200 ? JSON.stringify(await reader.next('thread')) : reader.refusal };
  } finally {
    reader.close();
  }
}

const ticketOf = () => ({ id: randomUUID(), number: 1, title: unique('Ticket') });

/**
 * A ticket's thread in Support: the owner's sent reply and a customer's inbound email with a
 * file. Its subjects, the customer's address and the file's name and bytes are the data.
 */
async function sentThread() {
  const ticket = ticketOf();
  const customer = `${randomUUID()}@customer.example`;
  const inbound = await insertEmail(ctx, {
    ownerId: users.owner,
    queueId: support.id,
    ticket,
    subject: unique('Inbound'),
    from: { address: customer, name: 'Customer' },
    to: [{ address: support.fromAddress }],
  });
  const sent = await insertEmail(ctx, {
    ownerId: users.owner,
    queueId: support.id,
    direction: 'outbound',
    ticket,
    subject: unique('Reply'),
    from: { address: support.fromAddress },
    to: [{ address: customer, name: 'Customer' }],
  });
  const bytes = unique('File bytes');
  const file = await attachFile(ctx, inbound.id, { bytes: Buffer.from(bytes), fileName: `${randomUUID()}.txt`, contentType: 'text/plain' });
  return { ticket, inbound, sent, customer, file, bytes };
}

/** The inbound email of a thread with one remote image, not allowed yet (issue 13). */
async function remoteImage() {
  const { inbound } = await sentThread();
  const address = `https://images.example/${randomUUID()}.png`;
  await ctx.app.orm.em.fork().execute('insert into mail.remote_image (email_id, position, url) values (?, 0, ?)', [inbound.id, address]);
  return { inbound, address };
}

/** The owner's draft in Support, ready to send; its subject and body are the data. */
async function ownersDraft(ticket: ReturnType<typeof ticketOf> | null = null) {
  const draft = await insertEmail(ctx, {
    ownerId: users.owner,
    queueId: support.id,
    direction: 'outbound',
    status: 'draft',
    messageId: null,
    ticket,
    subject: unique('Draft'),
    html: `<p>${unique('Draft body')}</p>`,
    to: [{ address: 'jana@customer.example' }],
  });
  return { draft, data: [draft.subject, draft.html.slice(3, -4)] };
}

/** The owner's send still waiting for its release (undo window or scheduled time, E14, E15); its subject is the data. */
async function ownersHeldSend(status: 'queued' | 'scheduled') {
  const { draft, data } = await ownersDraft();
  const releaseAt = new Date(Date.now() + 60 * 60 * 1000);
  const em = ctx.app.orm.em.fork();
  await em.execute('update "mail"."email" set status = ?, release_at = ?, queued_at = now() where id = ?', [status, releaseAt, draft.id]);
  await em.execute('insert into "mail"."outbox" (email_id, release_at) values (?, ?)', [draft.id, releaseAt]);
  return { email: draft, data };
}

/** Support's mailbox set with a folder of its own: the data only an admin's answer carries (issue 13). */
async function supportMailbox() {
  const folder = unique('Folder').replace(' ', '-');
  const em = ctx.app.orm.em.fork();
  await setQueueMailbox(em, secretKey, { id: support.id }, 'imap://desk:matrix-secret@127.0.0.1:1', folder);
  return folder;
}

/** A quarantined message of Support with its raw bytes (issue 13); its subject is the data. */
async function quarantined() {
  const subject = unique('Held');
  const raw = Buffer.from(rawMessage({ to: support.fromAddress, subject, messageId: `<${randomUUID()}@example.net>` }));
  const sha256 = await storeBlob(ctx.app.orm, ctx.blobStore, raw);
  const id = randomUUID();
  await ctx.app.orm.em.fork().execute(
    `insert into mail.inbound_message (id, dedup_key, raw_sha256, raw_size, queue_id, source, kind, state, reason)
      values (?, ?, ?, ?, ?, 'smtp', 'message', 'quarantined', 'tickets refused to file it')`,
    [id, `mid:${randomUUID()}`, sha256, raw.length, support.id],
  );
  return { id, subject };
}

type Request = InjectOptions & { headers?: Record<string, string> };

/** The request each route makes on a fresh record, as one role. */
const requests: { [Route in keyof typeof mailApi]: (role: MatrixRole) => Promise<{ request: Request; data: string[] }> } = {
  listQueues: async () => ({ request: { url: '/queues' }, data: [support.name] }),
  listQueueMailboxes: async () => ({ request: { url: '/queues/mailboxes' }, data: [await supportMailbox()] }),
  getQueueMailbox: async () => ({ request: { url: `/queues/${support.id}/mailbox` }, data: [await supportMailbox()] }),
  putQueueMailbox: async () => {
    const folder = unique('Folder').replace(' ', '-');
    return { request: { method: 'PUT', url: `/queues/${support.id}/mailbox`, body: { url: 'imap://desk:matrix-secret@127.0.0.1:1', folder } }, data: [folder] };
  },
  listHeldInbound: async () => ({ request: { url: '/inbound/held?limit=200' }, data: [(await quarantined()).subject] }),
  retryHeldInbound: async () => {
    const { id, subject } = await quarantined();
    return { request: { method: 'POST', url: `/inbound/held/${id}/retry` }, data: [subject] };
  },
  deleteQueueMailbox: async () => ({ request: { method: 'DELETE', url: `/queues/${support.id}/mailbox` }, data: [await supportMailbox()] }),
  createDraft: async () => ({ request: { method: 'POST', url: '/drafts', body: { queueId: support.id } }, data: [] }),
  listEmails: async () => {
    const { data } = await ownersDraft();
    return { request: { url: '/emails?folder=drafts&limit=100' }, data };
  },
  getEmail: async () => {
    const { draft, data } = await ownersDraft();
    return { request: { url: `/emails/${draft.id}` }, data };
  },
  patchDraft: async () => {
    const { draft, data } = await ownersDraft();
    return { request: { method: 'PATCH', url: `/emails/${draft.id}`, body: { version: draft.version, important: true } }, data };
  },
  discardDraft: async () => {
    const { draft, data } = await ownersDraft();
    return { request: { method: 'DELETE', url: `/emails/${draft.id}` }, data };
  },
  sendEmail: async () => {
    const { draft, data } = await ownersDraft();
    return { request: { method: 'POST', url: `/emails/${draft.id}/send`, body: { version: draft.version } }, data };
  },
  unsendEmail: async () => {
    const { email, data } = await ownersHeldSend('queued');
    return { request: { method: 'POST', url: `/emails/${email.id}/unsend` }, data };
  },
  rescheduleEmail: async () => {
    const { email, data } = await ownersHeldSend('scheduled');
    const sendAt = new Date(Date.now() + 2 * 60 * 60 * 1000).toISOString();
    return { request: { method: 'POST', url: `/emails/${email.id}/schedule`, body: { version: email.version, sendAt } }, data };
  },
  getSendSettings: async () => ({ request: { url: '/settings/send' }, data: [] }),
  putSendSettings: async () => ({ request: { method: 'PUT', url: '/settings/send', body: { undoSendSeconds: 5 } }, data: [] }),
  // This file's mail has no templates service: the list is empty for every agent.
  listMacros: async () => ({ request: { url: '/macros' }, data: [] }),
  getEmailMacro: async () => {
    const { sent } = await sentThread();
    const name = unique('Macro');
    await recordMacroRun(ctx.app.orm.em.fork(), sent.id, { id: randomUUID(), name, actions: [{ type: 'setStatus', status: 'closed' }] });
    return { request: { url: `/emails/${sent.id}/macro` }, data: [name] };
  },
  retryEmailMacro: async () => {
    const { sent } = await sentThread();
    const name = unique('Macro');
    await recordMacroRun(ctx.app.orm.em.fork(), sent.id, { id: randomUUID(), name, actions: [{ type: 'setStatus', status: 'closed' }] });
    return { request: { method: 'POST', url: `/emails/${sent.id}/macro/retry` }, data: [name] };
  },
  listTicketEmails: async () => {
    const { ticket, inbound, sent } = await sentThread();
    return { request: { url: `/tickets/${ticket.id}/emails` }, data: [inbound.subject, sent.subject] };
  },
  // A stream: sent over real HTTP (see `send`), its first event read as the answer.
  ticketEmailChanges: async () => {
    const { ticket, inbound, sent } = await sentThread();
    return { request: { url: `/tickets/${ticket.id}/emails/changes` }, data: [inbound.subject, sent.subject] };
  },
  getSuggestions: async () => {
    const { sent, customer } = await sentThread();
    return { request: { url: `/emails/${sent.id}/suggestions` }, data: [customer] };
  },
  // A draft's stream never ends, so the matrix asks for a sent email's: its author hears 409 EMAIL_NOT_DRAFT.
  draftChanges: async () => {
    const { sent } = await sentThread();
    return { request: { url: `/emails/${sent.id}/changes` }, data: [sent.subject] };
  },
  uploadAttachment: async () => {
    const { draft, data } = await ownersDraft();
    const upload = multipartRequest([{ fileName: 'notes.txt', chunks: [Buffer.from('Matrix upload')] }]);
    return { request: { method: 'POST', url: `/emails/${draft.id}/attachments`, ...upload }, data };
  },
  attachmentContent: async () => {
    const { inbound, file, bytes } = await sentThread();
    return { request: { url: `/emails/${inbound.id}/attachments/${file.id}/content` }, data: [bytes] };
  },
  removeAttachment: async () => {
    const { draft, data } = await ownersDraft();
    const file = await attachFile(ctx, draft.id, { bytes: Buffer.from('Draft file'), fileName: 'draft.txt', contentType: 'text/plain' });
    return { request: { method: 'DELETE', url: `/emails/${draft.id}/attachments/${file.id}` }, data };
  },
  listTicketAttachments: async () => {
    const { ticket, file } = await sentThread();
    return { request: { url: `/tickets/${ticket.id}/attachments` }, data: [file.fileName] };
  },
  // Choosing a file of the ticket's emails for the owner's draft on that ticket.
  addTicketAttachments: async () => {
    const { ticket, file } = await sentThread();
    const { draft, data } = await ownersDraft(ticket);
    return { request: { method: 'POST', url: `/emails/${draft.id}/attachments/from-ticket`, body: { attachmentIds: [file.id] } }, data };
  },
  // The address of a customer's remote image is the data: no answer carries it, and none is fetched.
  getRemoteImages: async () => {
    const { inbound, address } = await remoteImage();
    return { request: { url: `/emails/${inbound.id}/remote-images` }, data: [address] };
  },
  allowRemoteImages: async () => {
    const { inbound, address } = await remoteImage();
    return { request: { method: 'PUT', url: `/emails/${inbound.id}/remote-images` }, data: [address] };
  },
  remoteImageContent: async () => {
    const { inbound, address } = await remoteImage();
    return { request: { url: `/emails/${inbound.id}/remote-images/0` }, data: [address] };
  },
};

const shown = { status: 200, carries: true };
const left = { status: 200, carries: false };
/** Only the author may touch a draft; everyone else gets 403 EMAIL_FORBIDDEN, without the draft. */
const ownerOnly = (status: number) => ({ owner: status, sameQueue: 403, otherTeam: 403, admin: 403, service: 403 });

/**
 * Who gets what; docs/decisions/0009-who-may-see-what.md. A draft is its author's alone; sent and
 * inbound mail is seen by the members of its queue; an admin is an agent like any other here; a
 * service token gets 403 on every route ("Mail routes are for agents").
 */
const table: AccessMatrix<typeof mailApi> = {
  listQueues: { owner: shown, sameQueue: shown, otherTeam: left, admin: left, service: 403 },
  // A queue's IMAP mailbox is an admin's alone, members of the queue included (issue 13).
  listQueueMailboxes: { owner: 403, sameQueue: 403, otherTeam: 403, admin: shown, service: 403 },
  getQueueMailbox: { owner: 403, sameQueue: 403, otherTeam: 403, admin: shown, service: 403 },
  putQueueMailbox: { owner: 403, sameQueue: 403, otherTeam: 403, admin: shown, service: 403 },
  // Held inbound mail is an admin's alone; a retry answers only the spool row (issue 13).
  listHeldInbound: { owner: 403, sameQueue: 403, otherTeam: 403, admin: shown, service: 403 },
  retryHeldInbound: { owner: 403, sameQueue: 403, otherTeam: 403, admin: { status: 202, carries: false }, service: 403 },
  deleteQueueMailbox: { owner: 403, sameQueue: 403, otherTeam: 403, admin: left, service: 403 },
  // Writing through a queue needs membership of it (403 QUEUE_FORBIDDEN), for an admin too.
  createDraft: { owner: 201, sameQueue: 201, otherTeam: 403, admin: 403, service: 403 },
  // Folders are the caller's own emails.
  listEmails: { owner: shown, sameQueue: left, otherTeam: left, admin: left, service: 403 },
  getEmail: { ...ownerOnly(200), owner: shown },
  patchDraft: ownerOnly(200),
  discardDraft: ownerOnly(204),
  sendEmail: ownerOnly(202),
  // Undo and reschedule are the sender's; the queue may read a waiting send but not take it back.
  unsendEmail: { ...ownerOnly(200), owner: shown },
  rescheduleEmail: { ...ownerOnly(200), owner: shown },
  // Settings are each agent's own.
  getSendSettings: { owner: left, sameQueue: left, otherTeam: left, admin: left, service: 403 },
  putSendSettings: { owner: left, sameQueue: left, otherTeam: left, admin: left, service: 403 },
  listMacros: { owner: left, sameQueue: left, otherTeam: left, admin: left, service: 403 },
  // A send's macro is read like the sent email: by its queue.
  getEmailMacro: { owner: shown, sameQueue: shown, otherTeam: 403, admin: 403, service: 403 },
  // Try again is the sender's, like the send.
  retryEmailMacro: { owner: { status: 202, carries: true }, sameQueue: 403, otherTeam: 403, admin: 403, service: 403 },
  listTicketEmails: { owner: shown, sameQueue: shown, otherTeam: left, admin: left, service: 403 },
  // Its live thread: whoever would list none of its emails is told the ticket is not found.
  ticketEmailChanges: { owner: shown, sameQueue: shown, otherTeam: 404, admin: 404, service: 403 },
  getSuggestions: { owner: shown, sameQueue: shown, otherTeam: 403, admin: 403, service: 403 },
  draftChanges: ownerOnly(409),
  uploadAttachment: ownerOnly(201),
  attachmentContent: { owner: shown, sameQueue: shown, otherTeam: 403, admin: 403, service: 403 },
  removeAttachment: ownerOnly(204),
  listTicketAttachments: { owner: shown, sameQueue: shown, otherTeam: left, admin: left, service: 403 },
  addTicketAttachments: ownerOnly(201),
  // Remote images are read and allowed like the received email, by its queue; blocked ones are never fetched.
  getRemoteImages: { owner: left, sameQueue: left, otherTeam: 403, admin: 403, service: 403 },
  allowRemoteImages: { owner: left, sameQueue: left, otherTeam: 403, admin: 403, service: 403 },
  remoteImageContent: { owner: 409, sameQueue: 409, otherTeam: 403, admin: 403, service: 403 },
};

describe('mail access matrix', () => {
  it('answers every route to every role as the table says, and no refusal carries the email', async () => {
    const report = await runAccessMatrix({
      group: mailApi,
      table,
      send: async (route, role) => {
        const { request, data } = await requests[route](role);
        if (route === 'ticketEmailChanges') return { ...(await firstEvent(String(request.url), headers[role])), data };
        const res = await ctx.inject({ ...request, headers: { ...request.headers, ...headers[role] } });
        return { status: res.statusCode, body: res.body, data };
      },
    });
    expect(report.problems).toEqual([]);
    expect(report.cells).toBe(Object.keys(mailApi).length * 5);
  }, 60_000);

  it('shows a sent email to its queue, while the draft beside it in the thread stays its author’s', async () => {
    const { ticket, sent } = await sentThread();
    const { draft } = await ownersDraft(ticket);
    expect((await ctx.inject({ url: `/emails/${sent.id}`, headers: headers.sameQueue })).statusCode).toBe(200);
    const thread = async (role: MatrixRole) =>
      (await ctx.inject({ url: `/tickets/${ticket.id}/emails`, headers: headers[role] })).json<EmailList>().items.map((e) => e.id);
    expect(await thread('owner')).toContain(draft.id);
    expect(await thread('sameQueue')).toContain(sent.id);
    expect(await thread('sameQueue')).not.toContain(draft.id);
  });

  it('refuses a service token with 403 FORBIDDEN "Mail routes are for agents"', async () => {
    const res = await ctx.inject({ url: '/queues', headers: headers.service });
    expect(res.json()).toMatchObject({ code: 'FORBIDDEN', message: 'Mail routes are for agents' });
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
