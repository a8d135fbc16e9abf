import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Email } from '@switchboard/contracts';
import { attachFile, postDraft } from '../testing/mail-fixtures';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';
import { createTransportRegistry, type TransportRegistry } from '../transport/transports';
import { createOutboxRelay, type OutboxRelay } from './relay';
import { obliterateSendQueue } from './testing/processes';
import { waitForStatus } from './testing/seed';
import { silentLogger } from './testing/silent-logger';
import { startSmtpSink, type SinkRejection, type SmtpSink } from '../../../../infra/src/mail-sink/smtp-sink';
import { createSendWorker, type SendWorker } from './worker';

// The whole path: POST /emails/:id/send commits the outbox row and kicks the relay, which
// enqueues the job that the worker delivers to a real SMTP server.

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `sbtest-route-${randomBytes(4).toString('hex')}`;

let ctx: MailTestContext;
let relay: OutboxRelay | undefined;
let sendWorker: SendWorker;
let transports: TransportRegistry;
let sink: SmtpSink;
const rejections: SinkRejection[] = [];
const me = randomUUID();
const support = { id: randomUUID(), name: 'Support', fromAddress: 'support@mail.test', fromName: 'Acme Support' };
let asMe: Record<string, string>;

beforeAll(async () => {
  ctx = await createMailTestContext({ outboxRelay: { kick: () => relay?.kick() } });
  relay = createOutboxRelay({ orm: ctx.app.orm, connection: REDIS_URL, prefix: PREFIX, logger: silentLogger });
  sink = await startSmtpSink({ reject: () => rejections.shift() });
  transports = createTransportRegistry({ defaultUrl: sink.url, logger: silentLogger });
  sendWorker = createSendWorker({
    orm: ctx.app.orm,
    connection: REDIS_URL,
    prefix: PREFIX,
    blobStore: ctx.blobStore,
    transports,
    logger: silentLogger,
  });
  await ctx.addQueue(support);
  asMe = await ctx.auth({ sub: me, queues: [support.id] });
});

afterAll(async () => {
  await relay?.stop();
  await sendWorker?.close();
  transports?.close();
  await sink?.close();
  await obliterateSendQueue(REDIS_URL, PREFIX);
  await ctx?.close();
});

const get = async (id: string) => (await ctx.inject({ url: `/emails/${id}`, headers: asMe })).json<Email>();
const send = async (id: string, version: number) => {
  const res = await ctx.inject({ method: 'POST', url: `/emails/${id}/send`, body: { version }, headers: asMe });
  expect(res.statusCode).toBe(202);
  return res.json<Email>();
};

it('delivers what the send route queued, and a failed email again once it is re-sent', async () => {
  const draft = await postDraft(ctx, asMe);
  const pdf = randomBytes(50_000);
  await attachFile(ctx, draft.id, { bytes: pdf, fileName: 'refund.pdf', contentType: 'application/pdf' });
  const edited = await ctx.inject({
    method: 'PATCH',
    url: `/emails/${draft.id}`,
    headers: asMe,
    body: {
      version: draft.version,
      queueId: support.id,
      to: [{ address: 'jana@customer.example', name: 'Jana Nováková' }],
      subject: 'Your refund',
      html: '<p>Your refund is on its way.</p>',
    },
  });
  expect(edited.statusCode).toBe(200);

  rejections.push({ code: 550, message: '5.7.1 Relaying denied' });
  const queued = await send(draft.id, edited.json<Email>().version);
  await waitForStatus(ctx.app.orm, draft.id, 'failed');
  expect((await get(draft.id)).failure).toEqual({ reason: expect.stringContaining('Relaying denied'), smtpCode: 550 });

  // Sent again: the relay replaces the failed job of the same id, and the worker delivers.
  const failed = await get(draft.id);
  await send(draft.id, failed.version);
  await waitForStatus(ctx.app.orm, draft.id, 'sent');
  const email = await get(draft.id);
  expect(email).toMatchObject({ status: 'sent', failure: null, messageId: queued.messageId });
  expect(email.smtpResponse).toContain('OK queued as sink');

  const [message] = sink.accepted;
  expect(sink.accepted).toHaveLength(1);
  expect(message!.messageId).toBe(queued.messageId);
  expect(message!.mail!.subject).toBe(queued.subject);
  expect(message!.mail!.subject).toMatch(/^\[#\d+\] Your refund$/);
  expect(message!.mail!.from?.value).toEqual([{ address: 'support@mail.test', name: 'Acme Support' }]);
  const attachment = message!.mail!.attachments.find((a) => a.filename === 'refund.pdf')!;
  expect(createHash('sha256').update(attachment.content).digest('hex')).toBe(createHash('sha256').update(pdf).digest('hex'));
});
