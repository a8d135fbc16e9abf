import { devMailApi } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import { createTestKeys, injectFetch, routeContractProblems, type TestKeys } from '@switchboard/service-kit/testing';
import { ApiError, ServiceClient } from '@switchboard/widget-sdk';
import { simpleParser } from 'mailparser';
import { buildDevMailApi } from './dev-mail-api';
import { DevMailStore, toStoredMessage } from './dev-mail-store';

let app: ServiceApp;
let client: ServiceClient;
let keys: TestKeys;
const store = new DevMailStore();

beforeAll(async () => {
  keys = await createTestKeys();
  app = await buildDevMailApi({ store, getKey: keys.getKey });
  const getToken = () => keys.sign({ aud: 'mail', sub: '0a7e0000-0000-4000-8000-000000000001', role: 'admin' });
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

describe('an agent who is no admin (issue 12: the sink holds every agent\'s sent mail)', () => {
  it('is refused every route with 403 and no data', async () => {
    const raw = Buffer.from('From: ann@demo.test\r\nTo: bob@example.com\r\nSubject: Secret\r\n\r\nHello\r\n');
    store.add(toStoredMessage(await simpleParser(raw), raw, { from: 'ann@demo.test', to: ['bob@example.com'] }));
    const [summary] = store.list();
    const headers = { authorization: `Bearer ${await keys.sign({ aud: 'mail', sub: '0a7e0000-0000-4000-8000-000000000002' })}` };
    for (const [method, url] of [
      ['GET', '/messages'],
      ['GET', `/messages/${summary.id}`],
      ['GET', `/messages/${summary.id}/raw`],
      ['DELETE', '/messages'],
    ] as const) {
      const res = await app.inject({ method, url, headers });
      expect({ url, method, status: res.statusCode, code: res.json().code }).toEqual({ url, method, status: 403, code: 'FORBIDDEN' });
      expect(res.body).not.toContain('Secret');
    }
    expect(store.list()).toHaveLength(1);
  });

  it('may still ask whether the platform runs a sink (GET /health, public)', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});
