import { Type } from '@sinclair/typebox';
import { defineRoute } from '@switchboard/contracts';
import { ApiError, ServiceClient } from './api-client';

const Item = Type.Object({ id: Type.String({ format: 'uuid' }), at: Type.String({ format: 'date-time' }) });
const listItems = defineRoute({
  method: 'GET', path: '/lists/:listId/items', summary: 'Items', tags: [],
  params: Type.Object({ listId: Type.String() }), query: Type.Object({ tag: Type.Optional(Type.Array(Type.String())) }),
  response: Type.Object({ items: Type.Array(Item) }), errors: [],
});
const removeItem = defineRoute({
  method: 'DELETE', path: '/items/:id', summary: 'Remove', tags: [],
  params: Type.Object({ id: Type.String() }), status: 204, response: null, errors: [],
});

const host = { serviceUrl: 'https://platform.test/api/things', getToken: async () => 'token-1' };
const item = { id: '0a7e0000-0000-4000-8000-000000000001', at: '2026-01-01T10:00:00.000Z' };

function recordingFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (input: URL | RequestInfo, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

it('calls the contract path and method with the token, params and repeated query keys', async () => {
  const { calls, fetchImpl } = recordingFetch(200, { items: [item] });
  const client = new ServiceClient(host, { fetch: fetchImpl, validate: true });
  await expect(client.call(listItems, { params: { listId: 'l/1' }, query: { tag: ['a', 'b'] } })).resolves.toEqual({ items: [item] });
  expect(calls[0].url).toBe('https://platform.test/api/things/lists/l%2F1/items?tag=a&tag=b');
  expect(calls[0].init).toMatchObject({ method: 'GET', headers: { authorization: 'Bearer token-1' } });
});

it('resolves a 204 with nothing', async () => {
  const { calls, fetchImpl } = recordingFetch(204, null);
  await expect(new ServiceClient(host, { fetch: fetchImpl }).call(removeItem, { params: { id: '7' } })).resolves.toBeUndefined();
  expect(calls[0].init.method).toBe('DELETE');
});

it('refuses an answer outside the contract when validating, naming where it differs', async () => {
  const { fetchImpl } = recordingFetch(200, { items: [{ ...item, id: 'not-a-uuid' }] });
  const error = await new ServiceClient(host, { fetch: fetchImpl, validate: true })
    .call(listItems, { params: { listId: '1' } })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ code: 'CONTRACT_MISMATCH', details: { path: '/items/0/id' } });
});

it('passes answers through unchecked when validation is off (production builds)', async () => {
  const { fetchImpl } = recordingFetch(200, { items: 'drifted' });
  await expect(new ServiceClient(host, { fetch: fetchImpl, validate: false }).call(listItems, { params: { listId: '1' } })).resolves.toEqual({
    items: 'drifted',
  });
});

it('rejects with the service error code and details', async () => {
  const { fetchImpl } = recordingFetch(409, { code: 'VERSION_CONFLICT', message: 'Changed elsewhere', details: { current: 3 } });
  await expect(new ServiceClient(host, { fetch: fetchImpl }).call(listItems, { params: { listId: '1' } })).rejects.toMatchObject({
    status: 409,
    code: 'VERSION_CONFLICT',
    details: { current: 3 },
  });
});

it('reads an error body that is not JSON as HTTP_<status>', () => {
  expect(ApiError.fromBody(502, '<html>Bad gateway</html>', 'Bad Gateway')).toMatchObject({ code: 'HTTP_502', message: 'Bad Gateway' });
});

it('sends no bearer token to a public route, nor for a host without getToken (cookie sessions)', async () => {
  const ping = defineRoute({ method: 'GET', path: '/ping', summary: 'Ping', tags: [], response: null, errors: [], public: true });
  const { calls, fetchImpl } = recordingFetch(200, { items: [] });
  await new ServiceClient(host, { fetch: fetchImpl }).send(ping, {});
  await new ServiceClient({ serviceUrl: host.serviceUrl }, { fetch: fetchImpl }).call(listItems, { params: { listId: '1' } });
  expect(calls.map((c) => c.init.headers)).toEqual([{}, {}]);
});

it('checks an answer that arrived another way (XMLHttpRequest) like a call', async () => {
  const client = new ServiceClient(host, { validate: true });
  await expect(client.answer(listItems, { items: [item] })).resolves.toEqual({ items: [item] });
  await expect(client.answer(listItems, { items: [{ id: 1 }] })).rejects.toMatchObject({ code: 'CONTRACT_MISMATCH' });
});
