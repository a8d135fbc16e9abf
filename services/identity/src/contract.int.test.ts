import { DEMO, identityApi, SESSION_COOKIE, widgetTokenApi } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import { createTestDatabase, injectFetch, routeContractProblems, type TestDatabase } from '@switchboard/service-kit/testing';
import { ApiError, ServiceClient } from '@switchboard/widget-sdk';
import { buildApp } from './app';

// Every login runs scrypt (~0.1-0.3 s, more on a busy machine).
jest.setTimeout(30_000);

const MAIL_SECRET = 'mail-secret-for-the-tests-0123456789';
let db: TestDatabase;
let app: ServiceApp;
let session = '';
/** The identity client with the session as its token (the kit takes it as a bearer as well as a cookie). */
let client: ServiceClient;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await buildApp({ databaseUrl: db.url, poolSize: 2, logger: false, seedDemo: true, serviceSecrets: { mail: MAIL_SECRET } });
  await app.ready();
  client = new ServiceClient({ serviceUrl: 'http://identity.test', getToken: async () => session }, { fetch: injectFetch(app), validate: true });
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

it('registers every route from the identity contract, and every contract route is served', () => {
  expect(routeContractProblems(app, identityApi, widgetTokenApi)).toEqual([]);
});

/** The session token a login response sets as its cookie. */
function sessionCookie(login: Response): string {
  const cookie = login.headers.getSetCookie().find((header) => header.startsWith(`${SESSION_COOKIE}=`));
  return cookie?.slice(SESSION_COOKIE.length + 1).split(';')[0] ?? '';
}

it('answers the SDK client within the contract on every route', async () => {
  const { agent } = DEMO.users;
  const login = await client.send(identityApi.login, { body: { email: agent.email, password: DEMO.password } });
  session = sessionCookie(login);
  expect((await client.call(identityApi.login, { body: { email: agent.email, password: DEMO.password } })).id).toBe(agent.id);
  expect((await client.call(identityApi.me, {})).email).toBe(agent.email);
  expect((await client.call(identityApi.updateSettings, { body: { locale: 'cs' } })).locale).toBe('cs');
  const token = await client.call(identityApi.issueToken, { body: { audience: 'tickets' } });
  expect(token.token.split('.')).toHaveLength(3);
  const service = await client.call(identityApi.issueServiceToken, { body: { service: 'mail', secret: MAIL_SECRET, audience: 'tickets' } });
  expect(service.expiresAt).toBeGreaterThan(Date.now() / 1000);
  expect((await client.call(identityApi.jwks, {})).keys).toHaveLength(1);
  const agentSession = session;
  session = sessionCookie(await client.send(identityApi.login, { body: { email: DEMO.users.admin.email, password: DEMO.password } }));
  expect((await client.call(identityApi.listTeams, {})).items.map((team) => team.name)).toEqual(['Billing', 'Support']);
  session = agentSession;
  await client.call(identityApi.logout, { body: {} });
});

it('carries the declared error codes to the client', async () => {
  const wrong = await client.call(identityApi.login, { body: { email: DEMO.users.agent.email, password: 'not-demo' } }).catch((e: unknown) => e);
  expect(wrong).toBeInstanceOf(ApiError);
  expect(wrong).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
  await expect(client.call(identityApi.issueToken, { body: { audience: 'identity' } })).rejects.toMatchObject({
    status: 400,
    code: 'AUDIENCE_NOT_ALLOWED',
  });
  // "Sign out everywhere" and the list of teams are an admin's.
  await expect(client.call(identityApi.listTeams, {})).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
  await expect(client.call(identityApi.revokeUserSessions, { params: { userId: DEMO.users.billing.id } })).rejects.toMatchObject({
    status: 403,
    code: 'FORBIDDEN',
  });
});
