import { randomBytes, randomUUID } from 'node:crypto';
import type { Email, EmailList, Macro } from '@switchboard/contracts';
import { startSmtpSink, type SmtpSink } from '../../../../infra/src/mail-sink/smtp-sink';
import type { MacroSource } from '../macros/macro-source';
import { MACRO_STEPS_SQL } from '../testing/macro-sends';
import { insertEmail, postDraft } from '../testing/mail-fixtures';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';
import { createTransportRegistry, type TransportRegistry } from '../transport/transports';
import { createOutboxRelay, type OutboxRelay } from './relay';
import { obliterateSendQueue } from './testing/processes';
import { eventually, readEmail, waitForStatus } from './testing/seed';
import { silentLogger } from './testing/silent-logger';
import { createSendWorker, type SendWorker } from './worker';

// Undo send (E14) and scheduled send (E15) through mail's routes, its outbox relay, the real
// send worker, PostgreSQL, Redis and an SMTP sink.

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `sbtest-held-${randomBytes(4).toString('hex')}`;

const me = randomUUID();
const support = { id: randomUUID(), name: 'Support', fromAddress: 'support@held.test' };
/** A macro templates would give; mail records its actions with the send (E13). */
const closeMacro: Macro = {
  id: randomUUID(),
  name: 'Close',
  actions: [{ type: 'setStatus', status: 'closed' }],
  scope: 'personal',
  ownerId: me,
  teamId: null,
} as Macro;
const macroSource: MacroSource = {
  getMacro: async (id) => (id === closeMacro.id ? closeMacro : null),
  usableBy: async () => ({ items: [closeMacro] }),
};

let ctx: MailTestContext;
let sink: SmtpSink;
let transports: TransportRegistry;
let relay: OutboxRelay | undefined;
let worker: SendWorker | undefined;
let asMe: Record<string, string>;

/** The relay and worker a mail deployment runs; stopped and started again to stand for restarts. */
function startDelivery() {
  relay = createOutboxRelay({ orm: ctx.app.orm, connection: REDIS_URL, prefix: PREFIX, logger: silentLogger, pollIntervalMs: 50 });
  relay.start();
  worker = createSendWorker({ orm: ctx.app.orm, connection: REDIS_URL, prefix: PREFIX, blobStore: ctx.blobStore, transports, logger: silentLogger });
}
async function stopDelivery() {
  await relay?.stop();
  await worker?.close();
  relay = undefined;
  worker = undefined;
}

beforeAll(async () => {
  sink = await startSmtpSink({});
  transports = createTransportRegistry({ defaultUrl: sink.url, logger: silentLogger });
  ctx = await createMailTestContext({ outboxRelay: { kick: () => relay?.kick() }, macroSource, undoSendSeconds: 10 });
  await ctx.addQueue(support);
  asMe = await ctx.auth({ sub: me, queues: [support.id] });
  startDelivery();
}, 30_000);

afterAll(async () => {
  await stopDelivery();
  await ctx?.close();
  transports?.close();
  await sink?.close();
  await obliterateSendQueue(REDIS_URL, PREFIX);
});

const inject = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: object) => ctx.inject({ method, url, body, headers: asMe });
const setUndoWindow = async (seconds: number) => expect((await inject('PUT', '/settings/send', { undoSendSeconds: seconds })).statusCode).toBe(200);
const delivered = (messageId: string | null) => sink.accepted.filter((m) => m.messageId === messageId);
const macroRuns = async (emailId: string) => {
  const [row] = await ctx.app.orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n from ${MACRO_STEPS_SQL} s where s.email_id = ?`, [emailId]);
  return row!.n;
};

/** A draft ready to send, with a unique subject. */
async function readyDraft(): Promise<Email> {
  const draft = await postDraft(ctx, asMe, { queueId: support.id });
  const res = await inject('PATCH', `/emails/${draft.id}`, {
    version: draft.version,
    to: [{ address: 'jana@customer.example', name: 'Jana' }],
    cc: [{ address: 'boss@customer.example' }],
    subject: `Refund ${randomUUID()}`,
    html: '<p>Your refund is on its way.</p>',
    important: true,
  });
  expect(res.statusCode).toBe(200);
  return res.json<Email>();
}

async function send(draft: Email, extra: object = {}): Promise<Email> {
  const res = await inject('POST', `/emails/${draft.id}/send`, { version: draft.version, ...extra });
  expect(res.statusCode).toBe(202);
  return res.json<Email>();
}

/** Sends a marker that is released after `after` and waits for its delivery: the relay has passed that time. */
async function releasedPast(after: string) {
  await setUndoWindow(3);
  const marker = await send(await readyDraft());
  expect(new Date(marker.releaseAt!).getTime()).toBeGreaterThan(new Date(after).getTime());
  await waitForStatus(ctx.app.orm, marker.id, 'sent');
}

describe('undo send (E14)', () => {
  it('holds a send for the agent’s window; Undo makes it a draft again with nothing lost, and nothing is delivered', async () => {
    expect((await inject('GET', '/settings/send')).json()).toEqual({ undoSendSeconds: 10 });
    await setUndoWindow(2);
    const draft = await readyDraft();
    const before = Date.now();
    const queued = await send(draft, { macroId: closeMacro.id });
    expect(queued.status).toBe('queued');
    expect(new Date(queued.releaseAt!).getTime()).toBeGreaterThanOrEqual(before + 2000);
    expect(await macroRuns(draft.id)).toBe(1);

    const undo = await inject('POST', `/emails/${draft.id}/unsend`);
    expect(undo.statusCode).toBe(200);
    const back = undo.json<Email>();
    expect(back).toMatchObject({ status: 'draft', releaseAt: null, to: draft.to, cc: draft.cc, html: draft.html, important: true, postponed: false });
    expect(back.subject).toContain(draft.subject);
    expect(back.version).toBe(queued.version + 1);
    expect(await macroRuns(draft.id)).toBe(0);
    expect(await ctx.app.orm.em.fork().execute('select 1 from mail.outbox where email_id = ?', [draft.id])).toEqual([]);

    await releasedPast(queued.releaseAt!);
    expect(delivered(queued.messageId)).toHaveLength(0);
    expect((await readEmail(ctx.app.orm, draft.id))!.status).toBe('draft');

    // Sent again: it goes once, and its macro is recorded once.
    await setUndoWindow(1);
    const again = await send(back, { macroId: closeMacro.id });
    const sent = await waitForStatus(ctx.app.orm, draft.id, 'sent');
    expect(sent.sentAt!.getTime()).toBeGreaterThanOrEqual(new Date(again.releaseAt!).getTime());
    expect(delivered(again.messageId)).toHaveLength(1);
    expect(await macroRuns(draft.id)).toBe(1);
  });

  it('releases a send only after its window, delivers it once, and Undo afterwards is 409 SEND_NOT_HELD', async () => {
    await setUndoWindow(1);
    const queued = await send(await readyDraft());
    const sent = await waitForStatus(ctx.app.orm, queued.id, 'sent');
    // The hold is the server's: the relay did not hand it to the worker before its time.
    expect(sent.sentAt!.getTime()).toBeGreaterThanOrEqual(new Date(queued.releaseAt!).getTime());
    expect(delivered(queued.messageId)).toHaveLength(1);
    const late = await inject('POST', `/emails/${queued.id}/unsend`);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('SEND_NOT_HELD');
  });

  it('orders Undo against the relay by the outbox row: once the relay has taken the row, Undo is refused and the email is delivered once', async () => {
    await setUndoWindow(60);
    const queued = await send(await readyDraft());
    // begin/commit rather than transactional(): a request started inside the callback would join its transaction.
    const tx = ctx.app.orm.em.fork();
    await tx.begin();
    let undo: ReturnType<typeof inject> | undefined;
    try {
      // Stands for the relay holding the row while it publishes it.
      await tx.execute('select 1 from mail.outbox where email_id = ? for update', [queued.id]);
      undo = inject('POST', `/emails/${queued.id}/unsend`);
      await eventually(async () => {
        const [row] = await ctx.app.orm.em.fork().execute<{ n: number }[]>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        return row!.n > 0;
      }, 'Undo to wait for the outbox row');
      await tx.execute('update mail.outbox set relayed_at = now(), release_at = now() where email_id = ?', [queued.id]);
      await tx.commit();
    } catch (error) {
      await tx.rollback();
      throw error;
    }
    expect((await undo!).json().code).toBe('SEND_NOT_HELD');
    // The row was relayed by the stand-in, which published nothing: the sweep re-publishes it.
    await relay!.sweep();
    await waitForStatus(ctx.app.orm, queued.id, 'sent');
    expect(delivered(queued.messageId)).toHaveLength(1);
  });

  it('refuses bad input and others’ sends without a 5xx', async () => {
    const draft = await readyDraft();
    expect((await inject('POST', `/emails/${draft.id}/unsend`)).json().code).toBe('SEND_NOT_HELD');
    expect((await inject('PUT', '/settings/send', { undoSendSeconds: 61 })).statusCode).toBe(400);
    expect((await inject('PUT', '/settings/send', { undoSendSeconds: -1 })).statusCode).toBe(400);
    await setUndoWindow(60);
    const queued = await send(draft);
    const stranger = await ctx.auth({ sub: randomUUID(), queues: [randomUUID()] });
    expect((await ctx.inject({ method: 'POST', url: `/emails/${queued.id}/unsend`, headers: stranger })).statusCode).toBe(403);
    const colleague = await ctx.auth({ sub: randomUUID(), queues: [support.id] });
    expect((await ctx.inject({ method: 'POST', url: `/emails/${queued.id}/unsend`, headers: colleague })).statusCode).toBe(403);
    expect((await inject('POST', `/emails/${queued.id}/unsend`)).statusCode).toBe(200);
    expect(ctx.serverErrors()).toEqual([]);
  });
});

describe('scheduled send (E15)', () => {
  it('waits under Postponed, can be moved, and goes out once at its time, across a restart of the relay and the worker', async () => {
    const draft = await readyDraft();
    const sendAt = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const scheduled = await send(draft, { sendAt });
    expect(scheduled).toMatchObject({ status: 'scheduled', postponed: true, releaseAt: sendAt });
    const postponed = (await inject('GET', '/emails?folder=postponed')).json<EmailList>().items.map((e) => e.id);
    expect(postponed).toContain(draft.id);

    await stopDelivery();
    const soon = new Date(Date.now() + 1500).toISOString();
    const moved = await inject('POST', `/emails/${draft.id}/schedule`, { version: scheduled.version, sendAt: soon });
    expect(moved.statusCode).toBe(200);
    expect(moved.json<Email>()).toMatchObject({ status: 'scheduled', releaseAt: soon });
    startDelivery();

    const sent = await waitForStatus(ctx.app.orm, draft.id, 'sent');
    expect(sent.sentAt!.getTime()).toBeGreaterThanOrEqual(new Date(soon).getTime());
    expect(sent.postponed).toBe(false);
    expect(delivered(scheduled.messageId)).toHaveLength(1);
  });

  it('is held back when the customer writes to the ticket first: a postponed draft again, marked held, nothing delivered', async () => {
    const sendAt = new Date(Date.now() + 1500).toISOString();
    const scheduled = await send(await readyDraft(), { sendAt });
    await insertEmail(ctx, { ownerId: randomUUID(), queueId: support.id, ticket: scheduled.ticket!, subject: 'One more thing', from: { address: 'jana@customer.example' } });
    const held = await waitForStatus(ctx.app.orm, scheduled.id, 'draft');
    expect(held).toMatchObject({ postponed: true, releaseAt: null });
    expect(held.heldAt).toBeInstanceOf(Date);
    const view = (await inject('GET', `/emails/${scheduled.id}`)).json<Email>();
    expect(view.heldAt).not.toBeNull();
    await releasedPast(sendAt);
    expect(delivered(scheduled.messageId)).toHaveLength(0);
  });

  it('can be cancelled (a draft again), and refuses a time in the past or a stale version', async () => {
    const draft = await readyDraft();
    const past = await inject('POST', `/emails/${draft.id}/send`, { version: draft.version, sendAt: new Date(Date.now() - 1000).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(past.json().code).toBe('SEND_AT_OUT_OF_RANGE');
    const scheduled = await send(draft, { sendAt: new Date(Date.now() + 60 * 60 * 1000).toISOString() });
    const stale = await inject('POST', `/emails/${draft.id}/schedule`, { version: scheduled.version - 1, sendAt: new Date(Date.now() + 7200_000).toISOString() });
    expect(stale.json().code).toBe('DRAFT_VERSION_CONFLICT');
    const cancelled = await inject('POST', `/emails/${draft.id}/unsend`);
    expect(cancelled.json<Email>()).toMatchObject({ status: 'draft', postponed: false, releaseAt: null });
    expect(ctx.serverErrors()).toEqual([]);
  });
});
