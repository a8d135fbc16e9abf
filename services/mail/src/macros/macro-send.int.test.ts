import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  SEND_QUEUE_NAME,
  type ActivityPage,
  type CalendarEventList,
  type Email,
  type EmailMacroRun,
  type Macro,
  type SendJobData,
  type Ticket,
  type TicketTags,
} from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import { createTestDatabase, createTestKeys, type TestDatabase, type TestKeys } from '@switchboard/service-kit/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startSmtpSink, type SmtpSink } from '../../../../infra/src/mail-sink/smtp-sink';
import { buildApp as buildCrmApp } from '../../../crm/src/app';
import { buildApp as buildTemplatesApp } from '../../../templates/src/app';
import { createOutboxRelay, type OutboxRelay } from '../delivery/relay';
import { ensureSendJobs } from '../delivery/send-queue';
import { obliterateSendQueue } from '../delivery/testing/processes';
import { eventually, waitForStatus } from '../delivery/testing/seed';
import { silentLogger } from '../delivery/testing/silent-logger';
import { createSendWorker, type SendWorker } from '../delivery/worker';
import { MACRO_STEPS_SQL } from '../testing/macro-sends';
import { postDraft } from '../testing/mail-fixtures';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';
import { createTransportRegistry, type TransportRegistry } from '../transport/transports';
import { createMacroRunner, type MacroRunner } from './macro-runner';
import { createMacroSource } from './macro-source';

// E13 end to end on real services: the send route reads the macro from a real templates service,
// the worker delivers to a real SMTP server and then applies the actions to real tickets and CRM.

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `sbtest-macro-${randomBytes(4).toString('hex')}`;

let keys: TestKeys;
const dbs: TestDatabase[] = [];
let templates: ServiceApp;
let crm: ServiceApp;
let ctx: MailTestContext;
let relay: OutboxRelay | undefined;
let sendWorker: SendWorker;
let macros: MacroRunner | undefined;
let transports: TransportRegistry;
let sink: SmtpSink;

const me = randomUUID();
const colleague = randomUUID();
const myTeam = randomUUID();
const otherTeam = randomUUID();
const support = { id: randomUUID(), name: 'Support', fromAddress: 'support@macro.test' };
const headers = {} as Record<'mail' | 'tickets' | 'templates' | 'crm' | 'otherTemplates', Record<string, string>>;

type Audience = Parameters<TestKeys['sign']>[0]['aud'];
const urlOf = (app: ServiceApp) => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const serviceToken = (aud: Audience) => () => keys.sign({ aud, sub: 'service:mail', role: 'service' });
const bearer = async (aud: Audience, teams: string[]) => ({ authorization: `Bearer ${await keys.sign({ aud, sub: me, queues: [support.id], teams })}` });

beforeAll(async () => {
  keys = await createTestKeys();
  dbs.push(await createTestDatabase('sb_macro_templates'), await createTestDatabase('sb_macro_crm'));
  templates = await buildTemplatesApp({ databaseUrl: dbs[0].url, logger: false, getKey: keys.getKey, poolSize: 2 });
  crm = await buildCrmApp({ databaseUrl: dbs[1].url, logger: false, getKey: keys.getKey, poolSize: 2 });
  await templates.listen({ port: 0, host: '127.0.0.1' });
  await crm.listen({ port: 0, host: '127.0.0.1' });
  ctx = await createMailTestContext({
    keys,
    outboxRelay: { kick: () => relay?.kick() },
    macroSource: createMacroSource({ baseUrl: urlOf(templates), getToken: serviceToken('templates') }),
  });
  relay = createOutboxRelay({ orm: ctx.app.orm, connection: REDIS_URL, prefix: PREFIX, logger: silentLogger });
  sink = await startSmtpSink();
  transports = createTransportRegistry({ defaultUrl: sink.url, logger: silentLogger });
  macros = createMacroRunner({
    orm: ctx.app.orm,
    logger: silentLogger,
    tickets: { baseUrl: ctx.ticketsUrl, getToken: serviceToken('tickets') },
    crm: { baseUrl: urlOf(crm), getToken: serviceToken('crm') },
  });
  macros.start();
  sendWorker = createSendWorker({
    orm: ctx.app.orm,
    connection: REDIS_URL,
    prefix: PREFIX,
    blobStore: ctx.blobStore,
    transports,
    logger: silentLogger,
    macros,
  });
  await ctx.addQueue(support);
  headers.mail = await bearer('mail', [myTeam]);
  headers.tickets = await bearer('tickets', [myTeam]);
  headers.templates = await bearer('templates', [myTeam]);
  headers.crm = await bearer('crm', [myTeam]);
  headers.otherTemplates = { authorization: `Bearer ${await keys.sign({ aud: 'templates', sub: randomUUID(), teams: [otherTeam] })}` };
}, 60_000);

afterAll(async () => {
  await relay?.stop();
  await sendWorker?.close();
  await macros?.stop();
  transports?.close();
  await sink?.close();
  await obliterateSendQueue(REDIS_URL, PREFIX);
  await ctx?.close();
  await templates?.close();
  await crm?.close();
  await Promise.all(dbs.map((db) => db.drop()));
});

async function createMacro(name: string, actions: Macro['actions'], as = headers.templates): Promise<Macro> {
  const res = await templates.inject({ method: 'POST', url: '/macros', headers: as, body: { name, scope: 'team', actions } });
  expect(res.statusCode).toBe(201);
  return res.json<Macro>();
}

/** A ticket of a CRM contact, and the agent's draft in it, ready to send. */
async function draftInTicket(): Promise<{ draft: Email; ticket: Ticket; contactId: string }> {
  const contact = await crm.inject({ method: 'POST', url: '/contacts', headers: headers.crm, body: { name: 'Jana Nováková' } });
  expect(contact.statusCode).toBe(201);
  const contactId = contact.json<{ id: string }>().id;
  const created = await ctx.tickets.inject({
    method: 'POST',
    url: '/tickets',
    headers: headers.tickets,
    body: { title: 'Refund', queueId: support.id, contactId, assignToMe: true },
  });
  expect(created.statusCode).toBe(201);
  const ticket = created.json<Ticket>();
  const draft = await postDraft(ctx, headers.mail, { queueId: support.id, ticketId: ticket.id });
  const edited = await ctx.inject({
    method: 'PATCH',
    url: `/emails/${draft.id}`,
    headers: headers.mail,
    body: { version: draft.version, to: [{ address: 'jana@customer.example' }], subject: 'Your refund', html: '<p>Refund sent.</p>' },
  });
  expect(edited.statusCode).toBe(200);
  return { draft: edited.json<Email>(), ticket, contactId };
}

const send = (draft: Email, macroId?: string) =>
  ctx.inject({ method: 'POST', url: `/emails/${draft.id}/send`, headers: headers.mail, body: { version: draft.version, ...(macroId ? { macroId } : {}) } });
const macroRun = async (emailId: string) => (await ctx.inject({ url: `/emails/${emailId}/macro`, headers: headers.mail })).json<EmailMacroRun>();
const settled = async (emailId: string) => {
  await eventually(async () => (await macroRun(emailId)).steps.every((step) => step.state !== 'pending'), 'macro steps settled');
  return macroRun(emailId);
};
const ticketNow = async (id: string) => (await ctx.tickets.inject({ url: `/tickets/${id}`, headers: headers.tickets })).json<Ticket>();
const tagsNow = async (id: string) => (await ctx.tickets.inject({ url: `/tickets/${id}/tags`, headers: headers.tickets })).json<TicketTags>().tags;
const notesOf = async (contactId: string) =>
  (await crm.inject({ url: `/contacts/${contactId}/activities`, headers: headers.crm })).json<ActivityPage>().items.filter((a) => a.kind === 'note');
/** The agent's follow-ups of the next three days. */
const followUps = async () => {
  const from = new Date().toISOString();
  const to = new Date(Date.now() + 3 * 86_400_000).toISOString();
  return (await crm.inject({ url: `/calendar/events?from=${from}&to=${to}`, headers: headers.crm })).json<CalendarEventList>().items;
};
const finishOrder = async (emailId: string) =>
  (
    await ctx.app.orm.em.fork().execute<{ index: number }[]>(
      `select s."index" from ${MACRO_STEPS_SQL} s where s.email_id = ? order by s.finish_seq`,
      [emailId],
    )
  ).map((row) => row.index);
const sunkCount = (messageId: string | null | undefined) => sink.accepted.filter((message) => message.messageId === messageId).length;

const closeAsSolved: Macro['actions'] = [
  { type: 'setStatus', status: 'closed' },
  { type: 'addTags', tags: ['Refund', 'vip'] },
  { type: 'assignAgent', agentId: colleague },
  { type: 'assignTeam', teamId: myTeam },
  { type: 'addNote', text: 'Refund sent by macro' },
  { type: 'followUp', inHours: 24, title: 'Check the refund arrived' },
];

describe('send and run a macro (E13)', () => {
  it('applies the actions in order, once, after the SMTP server accepted the message', async () => {
    const macro = await createMacro('Close as solved', closeAsSolved);
    const { draft, ticket, contactId } = await draftInTicket();
    const res = await send(draft, macro.id);
    expect(res.statusCode).toBe(202);
    const sent = await waitForStatus(ctx.app.orm, draft.id, 'sent');
    const run = await settled(draft.id);
    expect(run).toMatchObject({ macroId: macro.id, name: 'Close as solved' });
    expect(run.steps.map((step) => [step.type, step.state, step.reason])).toEqual([
      ['setStatus', 'done', null],
      ['addTags', 'done', null],
      ['assignAgent', 'done', null],
      ['assignTeam', 'done', null],
      ['addNote', 'done', null],
      ['followUp', 'done', null],
    ]);
    expect(await finishOrder(draft.id)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sunkCount(sent.messageId)).toBe(1);
    expect(await ticketNow(ticket.id)).toMatchObject({ status: 'closed', assigneeId: colleague, teamId: myTeam });
    expect((await tagsNow(ticket.id)).sort()).toEqual(['refund', 'vip']);
    expect((await notesOf(contactId)).map((note) => note.body)).toEqual(['Refund sent by macro']);
    expect((await followUps()).filter((event) => event.ticketId === ticket.id).map((event) => [event.kind, event.title])).toEqual([
      ['follow-up', 'Check the refund arrived'],
    ]);
  });

  it('replays nothing when the job runs again after a crash between an action and its record', async () => {
    const macro = await createMacro('Close and tag', closeAsSolved);
    const { draft, ticket, contactId } = await draftInTicket();
    expect((await send(draft, macro.id)).statusCode).toBe(202);
    const sent = await waitForStatus(ctx.app.orm, draft.id, 'sent');
    await settled(draft.id);
    // The agent reopens the ticket and drops a tag by hand; then a worker that died after applying
    // the actions but before recording them runs the job again.
    await ctx.tickets.inject({ method: 'PATCH', url: `/tickets/${ticket.id}`, headers: headers.tickets, body: { status: 'open' } });
    await ctx.tickets.inject({ method: 'PATCH', url: `/tickets/${ticket.id}/tags`, headers: headers.tickets, body: { remove: ['vip'] } });
    await ctx.app.orm.em.fork().execute(
      `update "mail"."macro_run" set steps = (select jsonb_agg(s.value || '{"state": "pending", "finishedAt": null, "finishSeq": null}' order by s.ord)
        from jsonb_array_elements(steps) with ordinality as s(value, ord)) where email_id = ?`,
      [draft.id],
    );
    const client = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const sendQueue = new Queue<SendJobData>(SEND_QUEUE_NAME, { connection: client, prefix: PREFIX });
    try {
      expect(await ensureSendJobs(sendQueue, [{ emailId: draft.id }])).toBe(1);
      const run = await settled(draft.id);
      expect(run.steps.every((step) => step.state === 'done')).toBe(true);
    } finally {
      await sendQueue.close();
      client.disconnect();
    }
    expect(sunkCount(sent.messageId)).toBe(1);
    expect(await ticketNow(ticket.id)).toMatchObject({ status: 'open' });
    expect(await tagsNow(ticket.id)).toEqual(['refund']);
    expect(await notesOf(contactId)).toHaveLength(1);
    expect((await followUps()).filter((event) => event.ticketId === ticket.id)).toHaveLength(1);
  });

  it("lists the agent's macros and not another team's; refuses another team's and an unknown one with 404, and queues nothing", async () => {
    const theirs = await createMacro('Theirs', [{ type: 'setStatus', status: 'closed' }], headers.otherTemplates);
    const mine = await createMacro('Mine', [{ type: 'setStatus', status: 'closed' }]);
    const listed = (await ctx.inject({ url: '/macros', headers: headers.mail })).json<{ items: Macro[] }>().items.map((m) => m.id);
    expect(listed).toContain(mine.id);
    expect(listed).not.toContain(theirs.id);
    const { draft } = await draftInTicket();
    for (const macroId of [theirs.id, randomUUID()]) {
      const res = await send(draft, macroId);
      expect([res.statusCode, res.json().code]).toEqual([404, 'MACRO_NOT_FOUND']);
    }
    const after = (await ctx.inject({ url: `/emails/${draft.id}`, headers: headers.mail })).json<Email>();
    expect(after.status).toBe('draft');
    expect((await ctx.inject({ url: `/emails/${draft.id}/macro`, headers: headers.mail })).statusCode).toBe(404);
  });

  it('records a skipped note with its reason when the ticket has no contact, and goes on', async () => {
    const macro = await createMacro('Note and close', [
      { type: 'addNote', text: 'Nobody to note this on' },
      { type: 'setStatus', status: 'pending' },
    ]);
    const draft = await postDraft(ctx, headers.mail, { queueId: support.id });
    const edited = await ctx.inject({
      method: 'PATCH',
      url: `/emails/${draft.id}`,
      headers: headers.mail,
      body: { version: draft.version, to: [{ address: 'x@customer.example' }], subject: 'No contact', html: '<p>Hi</p>' },
    });
    expect((await send(edited.json<Email>(), macro.id)).statusCode).toBe(202);
    await waitForStatus(ctx.app.orm, draft.id, 'sent');
    const run = await settled(draft.id);
    expect(run.steps.map((step) => [step.state, step.reason])).toEqual([
      ['skipped', 'The ticket has no contact to note it on'],
      ['done', null],
    ]);
  });
});

describe('a failed action (E13)', () => {
  it('stops at the failure with its reason, keeps the send, and Try again runs it and the rest once', async () => {
    const macro = await createMacro('Note then close', [
      { type: 'addNote', text: 'Refund sent' },
      { type: 'setStatus', status: 'closed' },
    ]);
    // The ticket names a contact CRM does not know: the note is refused.
    const created = await ctx.tickets.inject({
      method: 'POST',
      url: '/tickets',
      headers: headers.tickets,
      body: { title: 'Lost contact', queueId: support.id, contactId: randomUUID(), contactName: 'Gone', assignToMe: true },
    });
    const ticket = created.json<Ticket>();
    const draft = await postDraft(ctx, headers.mail, { queueId: support.id, ticketId: ticket.id });
    const edited = await ctx.inject({
      method: 'PATCH',
      url: `/emails/${draft.id}`,
      headers: headers.mail,
      body: { version: draft.version, to: [{ address: 'y@customer.example' }], subject: 'Refund', html: '<p>Sent</p>' },
    });
    expect((await send(edited.json<Email>(), macro.id)).statusCode).toBe(202);
    const sent = await waitForStatus(ctx.app.orm, draft.id, 'sent');
    await eventually(async () => (await macroRun(draft.id)).steps[0].state === 'failed', 'the note failed');
    const failed = await macroRun(draft.id);
    expect(failed.steps.map((step) => step.state)).toEqual(['failed', 'pending']);
    expect(failed.steps[0].reason).toContain('CONTACT_NOT_FOUND');
    expect((await ticketNow(ticket.id)).status).not.toBe('closed');

    // The agent pairs the ticket with a real contact and tries again.
    const contact = await crm.inject({ method: 'POST', url: '/contacts', headers: headers.crm, body: { name: 'Petr Novák' } });
    const contactId = contact.json<{ id: string }>().id;
    const paired = await ctx.tickets.inject({
      method: 'PUT',
      url: `/tickets/${ticket.id}/contact`,
      headers: headers.tickets,
      body: { contactId, contactName: 'Petr Novák' },
    });
    expect(paired.statusCode).toBe(200);
    const retry = await ctx.inject({ method: 'POST', url: `/emails/${draft.id}/macro/retry`, headers: headers.mail });
    expect(retry.statusCode).toBe(202);
    const run = await settled(draft.id);
    expect(run.steps.map((step) => step.state)).toEqual(['done', 'done']);
    expect(await finishOrder(draft.id)).toEqual([0, 1]);
    expect((await ticketNow(ticket.id)).status).toBe('closed');
    expect((await notesOf(contactId)).map((note) => note.body)).toEqual(['Refund sent']);
    expect(sunkCount(sent.messageId)).toBe(1);
  });
});

describe('ticket actions in one call (decision 0013)', () => {
  it('records the step at fault when tickets refuses their batch: the ones before it are done, the rest wait', async () => {
    const tooMany = Array.from({ length: 20 }, (_, i) => `extra ${i}`);
    const macro = await createMacro('Prioritize and over-tag', [
      { type: 'setPriority', priority: 'urgent' },
      { type: 'addTags', tags: tooMany },
      { type: 'setStatus', status: 'closed' },
    ]);
    const { draft, ticket } = await draftInTicket();
    // 40 tags already: 20 more pass the 50 a ticket may have, so tickets refuses the batch whole.
    for (const from of [0, 20]) {
      const tags = Array.from({ length: 20 }, (_, i) => `old ${from + i}`);
      await ctx.tickets.inject({ method: 'PATCH', url: `/tickets/${ticket.id}/tags`, headers: headers.tickets, body: { add: tags } });
    }
    expect((await send(draft, macro.id)).statusCode).toBe(202);
    await waitForStatus(ctx.app.orm, draft.id, 'sent');
    await eventually(async () => (await macroRun(draft.id)).steps[1].state === 'failed', 'the tags failed');
    const run = await macroRun(draft.id);
    expect(run.steps.map((step) => step.state)).toEqual(['done', 'failed', 'pending']);
    expect(run.steps[1].reason).toContain('TOO_MANY_TAGS');
    expect(await ticketNow(ticket.id)).toMatchObject({ priority: 'urgent', status: 'open' });
    expect(await tagsNow(ticket.id)).toHaveLength(40);
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
