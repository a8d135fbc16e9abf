import { DEMO, type User } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import { IdentityClient } from './identity-client';

const user: User = {
  id: DEMO.users.agent.id,
  email: DEMO.users.agent.email,
  name: DEMO.users.agent.name,
  role: 'agent',
  locale: 'en',
  teams: [],
  queues: [],
};

/** Answers each request with the next canned response and records what was asked. */
function identity(...answers: Array<[number, unknown?]>) {
  const requests: string[] = [];
  const fetchImpl = (async (url: URL, init: RequestInit) => {
    const headers = new Headers(init.headers);
    requests.push(`${init.method} ${url.pathname} ${headers.get('authorization') ?? 'no bearer'} ${init.credentials} ${init.body ?? ''}`.trim());
    const [status, body] = answers.shift() ?? [500];
    return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { client: new IdentityClient('/api/identity', fetchImpl), requests };
}

const noSession: [number, unknown] = [401, { code: 'UNAUTHORIZED', message: 'No session' }];

describe('IdentityClient', () => {
  it('calls identity with the session cookie only, never a bearer token', async () => {
    const { client, requests } = identity([200, user], [200, user], [200, { ...user, locale: 'cs' }], [204]);
    expect(await client.login({ email: user.email, password: 'demo' })).toEqual(user);
    expect(await client.me()).toEqual(user);
    await client.updateSettings({ locale: 'cs' });
    await client.logout();
    expect(requests).toEqual([
      `POST /api/identity/login no bearer same-origin {"email":"${user.email}","password":"demo"}`,
      'GET /api/identity/me no bearer same-origin',
      'PATCH /api/identity/me/settings no bearer same-origin {"locale":"cs"}',
      'POST /api/identity/logout no bearer same-origin {}',
    ]);
  });

  it('answers null for no session, ignores a gone session on logout, and rejects with the code otherwise', async () => {
    const { client } = identity(noSession, noSession, [401, { code: 'INVALID_CREDENTIALS', message: 'Invalid email or password' }]);
    expect(await client.me()).toBeNull();
    await expect(client.logout()).resolves.toBeUndefined();
    const refused = await client.login({ email: user.email, password: 'wrong' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
  });
});
