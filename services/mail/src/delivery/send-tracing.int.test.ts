import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Email } from '@switchboard/contracts';
import { isListening } from '@switchboard/service-kit/testing';
import { attributeOf, SPAN_KIND, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '@switchboard/service-kit/testing';
import { startSmtpSink, type SmtpSink } from '../../../../infra/src/mail-sink/smtp-sink';
import { postDraft } from '../testing/mail-fixtures';
import { startMacroServices, type MacroServices } from '../testing/macro-services';
import { startMailProcess, type MailProcess } from '../testing/mail-process';
import { createMailTestContext, type MailTestContext } from '../testing/mail-test-context';
import { freePort, obliterateSendQueue, startWorkerProcess, type Child } from './testing/processes';
import { eventually } from './testing/seed';

// Issue 17: one trace from the send request through the outbox row and the BullMQ job to the
// SMTP answer. The mail service and the worker each run in a process of their own with tracing
// on, exporting to a receiver of the test's.

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `sbtest-trace-${randomBytes(4).toString('hex')}`;
const CLIENT_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_SPAN = 'b7ad6b7169203331';

let services: MacroServices;
let ctx: MailTestContext;
let receiver: OtlpReceiver;
let sink: SmtpSink;
let mail: MailProcess;
let worker: Child;
let blobDir: string;
let mailUrl: string;
const support = { id: randomUUID(), name: 'Support', fromAddress: 'support@trace.test' };
const me = randomUUID();

beforeAll(async () => {
  services = await startMacroServices();
  // The receiver also serves the key set of the test's tokens, which the mail process trusts.
  receiver = await startOtlpReceiver((app) => app.get('/jwks.json', async () => services.keys.jwks));
  ctx = await createMailTestContext({ keys: services.keys });
  await ctx.addQueue(support);
  sink = await startSmtpSink({ parse: false });
  blobDir = await mkdtemp(path.join(tmpdir(), 'sb-trace-blobs-'));
  const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' };
  const port = await freePort();
  mailUrl = `http://127.0.0.1:${port}`;
  mail = await startMailProcess(ctx, services, { BLOB_DIR: blobDir, MAIL_QUEUE_PREFIX: PREFIX, PORT: String(port), MAIL_UNDO_SEND_SECONDS: '0', IDENTITY_JWKS_URL: `${receiver.endpoint}/jwks.json`, ...tracing });
  worker = startWorkerProcess({ DATABASE_URL: ctx.databaseUrl, REDIS_URL, BLOB_DIR: blobDir, SMTP_URL: sink.url, MAIL_QUEUE_PREFIX: PREFIX, ...tracing });
  await eventually(() => isListening(port), `the mail service (${mail.output()})`, 120_000);
}, 180_000);

afterAll(async () => {
  worker?.process.kill('SIGKILL');
  await worker?.exited;
  await mail?.kill();
  await sink?.close();
  await obliterateSendQueue(REDIS_URL, PREFIX);
  await ctx?.close();
  await services?.close();
  await receiver?.close();
  if (blobDir) await rm(blobDir, { recursive: true, force: true });
});

it('continues the send request’s trace in the worker’s job span and its SMTP call, with the reply code', async () => {
  const asMe = await ctx.auth({ sub: me, queues: [support.id] });
  const created = await postDraft(ctx, asMe);
  const edited = await ctx.inject({
    method: 'PATCH',
    url: `/emails/${created.id}`,
    headers: asMe,
    body: { version: created.version, queueId: support.id, to: [{ address: 'jana@customer.test' }], subject: 'Trace me', html: '<p>Hello</p>' },
  });
  expect(edited.statusCode).toBe(200);
  const draft = edited.json<Email>();
  const res = await fetch(`${mailUrl}/emails/${draft.id}/send`, {
    method: 'POST',
    headers: { ...asMe, 'content-type': 'application/json', traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` },
    body: JSON.stringify({ version: draft.version }),
  });
  expect(res.status).toBe(202);
  await eventually(async () => sink.accepted.length === 1, `the message at the sink (${worker.output()})`, 60_000);

  const ours = (spans: ReceivedSpan[]) => spans.filter((span) => span.traceId === CLIENT_TRACE);
  // Each process exports on its own schedule: wait for the first span and the last one of the chain.
  const has = (spans: ReceivedSpan[], service: string, name: string) => ours(spans).some((span) => span.service === service && span.name === name);
  const spans = ours(await receiver.spansWhen((all) => has(all, 'mail', 'POST /emails/:id/send') && has(all, 'mail-worker', 'smtp send')));
  const one = (service: string, kind: number, name?: string) => {
    const found = spans.filter((span) => span.service === service && span.kind === kind && (!name || span.name === name));
    expect({ service, kind, name, count: found.length }).toEqual({ service, kind, name, count: 1 });
    return found[0]!;
  };
  const request = one('mail', SPAN_KIND.server, 'POST /emails/:id/send');
  const job = one('mail-worker', SPAN_KIND.consumer);
  const smtp = one('mail-worker', SPAN_KIND.client, 'smtp send');
  expect(request.parentSpanId).toBe(CLIENT_SPAN);
  expect(job.parentSpanId).toBe(request.spanId);
  expect(smtp.parentSpanId).toBe(job.spanId);
  expect(attributeOf(job, 'messaging.message.id')).toEqual({ stringValue: draft.id });
  expect(attributeOf(smtp, 'smtp.response.code')).toEqual({ intValue: 250 });
  // No address or subject of the email travels in a span.
  expect(JSON.stringify(spans)).not.toMatch(/jana@customer\.test|Trace me/);
}, 120_000);
