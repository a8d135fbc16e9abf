import { backendFetch } from './backend-fetch';

function recordingFetch() {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (input: URL | RequestInfo, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

it("asks the host for a token of the widget's own audience and sends it to the backend, without cookies", async () => {
  const audiences: (string | undefined)[] = [];
  const host = { getToken: async (audience?: string) => (audiences.push(audience), `token-for-${audience}`) };
  const { calls, fetchImpl } = recordingFetch();
  const call = backendFetch(host, 'order-lookup', fetchImpl);

  const response = await call('https://orders.example/orders?contact=1', { method: 'POST', headers: { 'x-trace': 'a' }, body: '{}' });

  expect(response.status).toBe(200);
  expect(audiences).toEqual(['widget:order-lookup']);
  expect(calls).toHaveLength(1);
  expect(calls[0].url).toBe('https://orders.example/orders?contact=1');
  const headers = new Headers(calls[0].init.headers);
  expect(headers.get('authorization')).toBe('Bearer token-for-widget:order-lookup');
  expect(headers.get('x-trace')).toBe('a');
  expect(calls[0].init).toMatchObject({ method: 'POST', body: '{}', credentials: 'omit' });
});

it('asks for a fresh token on every request (the host caches and renews them)', async () => {
  let issued = 0;
  const { calls, fetchImpl } = recordingFetch();
  const call = backendFetch({ getToken: async () => `token-${++issued}` }, 'order-lookup', fetchImpl);
  await call('https://orders.example/a');
  await call('https://orders.example/b');
  expect(calls.map((c) => new Headers(c.init.headers).get('authorization'))).toEqual(['Bearer token-1', 'Bearer token-2']);
});

it('fails with the host when it refuses the token (a widget without an approved backend)', async () => {
  const { calls, fetchImpl } = recordingFetch();
  const call = backendFetch({ getToken: async () => Promise.reject(new Error('WIDGET_NOT_APPROVED')) }, 'calendar', fetchImpl);
  await expect(call('https://calendar.example/')).rejects.toThrow('WIDGET_NOT_APPROVED');
  expect(calls).toEqual([]);
});
