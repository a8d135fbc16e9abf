import type { ServiceAudience } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import { TokenBroker } from './token-broker';

/** A fake identity token endpoint: answers are released by hand so tests control timing. */
function fakeIdentity(options: { status?: number; lifetimeS?: number } = {}) {
  const calls: ServiceAudience[] = [];
  let issued = 0;
  let clock = 1_000_000_000_000;
  const waiting: Array<() => void> = [];
  const fetchImpl = (async (_url: string, init: RequestInit) => {
    const { audience } = JSON.parse(String(init.body)) as { audience: ServiceAudience };
    calls.push(audience);
    await new Promise<void>((resolve) => waiting.push(resolve));
    if (options.status) {
      return new Response(JSON.stringify({ code: 'UNAUTHORIZED', message: 'No session' }), { status: options.status });
    }
    issued += 1;
    const expiresAt = Math.floor(clock / 1000) + (options.lifetimeS ?? 300);
    return new Response(JSON.stringify({ token: `${audience}-${issued}`, expiresAt }), { status: 200 });
  }) as unknown as typeof fetch;
  return {
    calls,
    fetch: fetchImpl,
    now: () => clock,
    advance: (ms: number) => {
      clock += ms;
    },
    /** Lets requests just started reach the fake, lets every waiting one answer, then lets their promise chains run. */
    release: async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      while (waiting.length) waiting.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

describe('TokenBroker', () => {
  it('asks once more when the gateway answers 502 (an identity replica died), and only once', async () => {
    const answers = [502, 200, 502, 502];
    const calls: number[] = [];
    const fetchImpl = (async () => {
      const status = answers[calls.length]!;
      calls.push(status);
      return status === 200
        ? new Response(JSON.stringify({ token: 'mail-1', expiresAt: 4_000_000_000 }), { status })
        : new Response(JSON.stringify({ code: 'BAD_GATEWAY', message: 'The service behind this path is not answering' }), { status });
    }) as unknown as typeof fetch;
    const broker = new TokenBroker({ fetch: fetchImpl, onUnauthorized: () => undefined });

    expect(await broker.getToken('mail')).toBe('mail-1');
    expect(calls).toEqual([502, 200]);
    await expect(broker.getToken('tickets')).rejects.toMatchObject({ status: 502 });
    expect(calls).toEqual([502, 200, 502, 502]);
  });

  it('asks identity once per audience and serves the cached token after that', async () => {
    const identity = fakeIdentity();
    const broker = new TokenBroker({ fetch: identity.fetch, now: identity.now, onUnauthorized: () => undefined });

    const first = broker.getToken('tickets');
    await identity.release();
    expect(await first).toBe('tickets-1');
    expect(await broker.getToken('tickets')).toBe('tickets-1');
    expect(identity.calls).toEqual(['tickets']);
  });

  it('shares one request between concurrent callers of the same audience', async () => {
    const identity = fakeIdentity();
    const broker = new TokenBroker({ fetch: identity.fetch, now: identity.now, onUnauthorized: () => undefined });

    const all = Promise.all([broker.getToken('tickets'), broker.getToken('tickets'), broker.getToken('tickets')]);
    await identity.release();

    expect(await all).toEqual(['tickets-1', 'tickets-1', 'tickets-1']);
    expect(identity.calls).toEqual(['tickets']);
  });

  it('keeps one token per audience', async () => {
    const identity = fakeIdentity();
    const broker = new TokenBroker({ fetch: identity.fetch, now: identity.now, onUnauthorized: () => undefined });

    const both = Promise.all([broker.getToken('tickets'), broker.getToken('mail')]);
    await identity.release();

    expect(await both).toEqual(['tickets-1', 'mail-2']);
    expect(identity.calls).toEqual(['tickets', 'mail']);
  });

  it('renews a token 30 s before it expires, not earlier', async () => {
    const identity = fakeIdentity({ lifetimeS: 300 });
    const broker = new TokenBroker({ fetch: identity.fetch, now: identity.now, onUnauthorized: () => undefined });
    const first = broker.getToken('tickets');
    await identity.release();
    await first;

    identity.advance(269_000);
    expect(await broker.getToken('tickets')).toBe('tickets-1');
    expect(identity.calls).toHaveLength(1);

    identity.advance(1_000);
    const renewed = broker.getToken('tickets');
    await identity.release();
    expect(await renewed).toBe('tickets-2');
    expect(identity.calls).toHaveLength(2);
  });

  it('rejects with the API error, clears the cache and reports a lost session on 401', async () => {
    const identity = fakeIdentity({ status: 401 });
    let lost = 0;
    const broker = new TokenBroker({ fetch: identity.fetch, now: identity.now, onUnauthorized: () => (lost += 1) });

    const callers = Promise.allSettled([broker.getToken('tickets'), broker.getToken('tickets')]);
    await identity.release();
    const results = await callers;

    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const reason = (results[0] as PromiseRejectedResult).reason as ApiError;
    expect(reason).toBeInstanceOf(ApiError);
    expect(reason.status).toBe(401);
    expect(lost).toBe(1);
  });

  it('does not report a lost session for other failures, and retries on the next call', async () => {
    const identity = fakeIdentity({ status: 503 });
    let lost = 0;
    const broker = new TokenBroker({ fetch: identity.fetch, now: identity.now, onUnauthorized: () => (lost += 1) });

    const first = expect(broker.getToken('tickets')).rejects.toMatchObject({ status: 503 });
    await identity.release();
    await first;
    const second = expect(broker.getToken('tickets')).rejects.toMatchObject({ status: 503 });
    await identity.release();
    await second;

    expect(identity.calls).toEqual(['tickets', 'tickets']);
    expect(lost).toBe(0);
  });

  it('asks identity at /api/identity/token with the session cookie only, never a bearer token', async () => {
    const seen: Array<{ url: string; method?: string; authorization: string | null; credentials?: RequestCredentials }> = [];
    const fetchImpl = (async (url: URL, init: RequestInit) => {
      seen.push({ url: url.pathname, method: init.method, authorization: new Headers(init.headers).get('authorization'), credentials: init.credentials });
      return new Response(JSON.stringify({ token: 't', expiresAt: 2_000_000_000 }), { status: 200 });
    }) as unknown as typeof fetch;
    await new TokenBroker({ fetch: fetchImpl, onUnauthorized: () => undefined }).getToken('mail');
    expect(seen).toEqual([{ url: '/api/identity/token', method: 'POST', authorization: null, credentials: 'same-origin' }]);
  });

  it("asks identity's /widget-token for a widget's backend, once per widget and ticket", async () => {
    const seen: Array<{ url: string; body: unknown }> = [];
    const fetchImpl = (async (url: URL, init: RequestInit) => {
      seen.push({ url: url.pathname, body: JSON.parse(String(init.body)) });
      return new Response(JSON.stringify({ token: `w-${seen.length}`, expiresAt: 2_000_000_000 }), { status: 200 });
    }) as unknown as typeof fetch;
    const broker = new TokenBroker({ fetch: fetchImpl, onUnauthorized: () => undefined });
    const t1 = '00000000-0000-4000-8000-000000000001';

    expect(await broker.getWidgetToken('order-lookup', t1)).toBe('w-1');
    expect(await broker.getWidgetToken('order-lookup', t1)).toBe('w-1');
    expect(await broker.getWidgetToken('order-lookup')).toBe('w-2');
    expect(await broker.getWidgetToken('calendar', t1)).toBe('w-3');
    expect(seen).toEqual([
      { url: '/api/identity/widget-token', body: { widget: 'order-lookup', ticketId: t1 } },
      { url: '/api/identity/widget-token', body: { widget: 'order-lookup' } },
      { url: '/api/identity/widget-token', body: { widget: 'calendar', ticketId: t1 } },
    ]);
  });

  it('does not cache a token that arrives after clear()', async () => {
    const identity = fakeIdentity();
    const broker = new TokenBroker({ fetch: identity.fetch, now: identity.now, onUnauthorized: () => undefined });

    const stale = broker.getToken('tickets');
    broker.clear();
    await identity.release();
    expect(await stale).toBe('tickets-1');

    const fresh = broker.getToken('tickets');
    await identity.release();
    expect(await fresh).toBe('tickets-2');
    expect(identity.calls).toEqual(['tickets', 'tickets']);
  });
});
