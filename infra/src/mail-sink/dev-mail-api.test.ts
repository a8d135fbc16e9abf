import { devMailApi } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import { createTestKeys, injectFetch, routeContractProblems } from '@switchboard/service-kit/testing';
import { ApiError, ServiceClient } from '@switchboard/widget-sdk';
import { simpleParser } from 'mailparser';
import { buildDevMailApi } from './dev-mail-api';
import { DevMailStore, toStoredMessage } from './dev-mail-store';

let app: ServiceApp;
let client: ServiceClient;
const store = new DevMailStore();

beforeAll(async () => {
  const keys = await createTestKeys();
  app = await buildDevMailApi({ store, getKey: keys.getKey });
  const getToken = () => keys.sign({ aud: 'mail', sub: '0a7e0000-0000-4000-8000-000000000001' });
  client = new ServiceClient({ serviceUrl: 'http://dev-mail.test', getToken }, { fetch: injectFetch(app), validate: true });
  const raw = Buffer.from('From: Ann <ann@demo.test>\r\nTo: bob@example.com\r\nSubject: Hi\r\n\r\nHello\r\n');
  store.add(toStoredMessage(await simpleParser(raw), raw, { from: 'ann@demo.test', to: ['bob@example.com'] }));
});
afterAll(() => app.close());

it('registers every route from the dev mail contract, and every contract route is served', () => {
  expect(routeContractProblems(app, devMailApi)).toEqual([]);
});

it('answers the SDK client within the contract on every route', async () => {
  const [summary] = (await client.call(devMailApi.listMessages, {})).items;
  expect(summary).toMatchObject({ subject: 'Hi', to: [{ address: 'bob@example.com', name: '' }] });
  expect((await client.call(devMailApi.getMessage, { params: { id: summary.id } })).text).toBe('Hello\n');
  const raw = await client.send(devMailApi.getRawMessage, { params: { id: summary.id } });
  expect(raw.headers.get('content-type')).toBe('message/rfc822');
  expect(await raw.text()).toContain('Subject: Hi');
  await client.call(devMailApi.clearMessages, {});
  expect((await client.call(devMailApi.listMessages, {})).items).toEqual([]);
});

it('carries the declared error code to the client', async () => {
  const missing = await client.call(devMailApi.getMessage, { params: { id: '0a7e0000-0000-4000-8000-0000000000ff' } }).catch((e: unknown) => e);
  expect(missing).toBeInstanceOf(ApiError);
  expect(missing).toMatchObject({ status: 404, code: 'DEV_MAIL_MESSAGE_NOT_FOUND' });
});
