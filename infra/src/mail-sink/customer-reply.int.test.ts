import { devMailApi } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import { createTestKeys, injectFetch, type TestKeys } from '@switchboard/service-kit/testing';
import { ApiError, ServiceClient } from '@switchboard/widget-sdk';
import { simpleParser } from 'mailparser';
import { buildDevMailApi } from './dev-mail-api';
import { DevMailStore, toStoredMessage } from './dev-mail-store';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

/** Stands in for the mail service's inbound listener: it records what the customer's reply looked like on the wire. */
let inbound: SmtpSink;
let keys: TestKeys;
const apps: ServiceApp[] = [];

beforeAll(async () => {
  inbound = await startSmtpSink();
  keys = await createTestKeys();
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await inbound.close();
});

async function sinkWithSentMessage(inboundSmtpPort: number | undefined) {
  const store = new DevMailStore();
  const app = await buildDevMailApi({ store, getKey: keys.getKey, inboundSmtpPort });
  apps.push(app);
  const raw = Buffer.from(
    'From: Support <support@demo.test>\r\nTo: Carol <carol@example.com>\r\nSubject: [#1042] Printer\r\n' +
      'Message-ID: <sent-2@demo.test>\r\nReferences: <sent-1@demo.test>\r\n\r\nWe are on it.\r\n',
  );
  store.add(toStoredMessage(await simpleParser(raw), raw, { from: 'support@demo.test', to: ['carol@example.com'] }));
  const getToken = () => keys.sign({ aud: 'mail', sub: '0a7e0000-0000-4000-8000-000000000001', role: 'admin' });
  const client = new ServiceClient({ serviceUrl: 'http://dev-mail.test', getToken }, { fetch: injectFetch(app), validate: true });
  return { client, id: store.list()[0]!.id };
}

it('replies as the first recipient to the sender, threaded by In-Reply-To and References, tag kept', async () => {
  const { client, id } = await sinkWithSentMessage(inbound.port);
  const reply = await client.call(devMailApi.replyAsCustomer, { params: { id }, body: { text: 'Still broken, thanks.' } });
  expect(reply.response).toMatch(/^250 /);
  await inbound.waitForAccepted(1);
  const { mail, rcptTo } = inbound.accepted[0]!;
  expect(rcptTo).toEqual(['support@demo.test']);
  expect(mail).toMatchObject({
    subject: 'Re: [#1042] Printer',
    messageId: reply.messageId,
    inReplyTo: '<sent-2@demo.test>',
    references: ['<sent-1@demo.test>', '<sent-2@demo.test>'],
    text: 'Still broken, thanks.\n',
  });
  expect(mail!.from!.value[0]).toMatchObject({ address: 'carol@example.com', name: 'Carol' });
});

it('answers DEV_MAIL_REPLY_NOT_DELIVERED when the platform runs no inbound listener', async () => {
  const { client, id } = await sinkWithSentMessage(undefined);
  const refused = await client.call(devMailApi.replyAsCustomer, { params: { id }, body: { text: 'Hello' } }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(ApiError);
  expect(refused).toMatchObject({ status: 409, code: 'DEV_MAIL_REPLY_NOT_DELIVERED' });
});
