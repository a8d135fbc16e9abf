import { DEMO, SESSION_COOKIE, type Jwks } from '@switchboard/contracts';
import { verifyAccessToken, type ServiceApp } from '@switchboard/service-kit';
import { createTestDatabase, createTestKeys, unsignedToken, type TestDatabase } from '@switchboard/service-kit/testing';
import { createLocalJWKSet } from 'jose';
import { buildApp } from './app';
import { KeyStore } from './key-store';

// Every login runs scrypt (~0.1-0.3 s, more on a busy machine).
jest.setTimeout(30_000);

const MAIL_SECRET = 'mail-secret-for-the-tests-0123456789';
const { agent, admin } = DEMO.users;

let db: TestDatabase;
let app: ServiceApp;
/** The app's own signing key, to forge expired or wrong-audience sessions. */
let keys: KeyStore;
const statuses: number[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  app = await buildApp({ databaseUrl: db.url, poolSize: 2, logger: false, seedDemo: true, serviceSecrets: { mail: MAIL_SECRET } });
  app.addHook('onResponse', async (_request, reply) => void statuses.push(reply.statusCode));
  await app.ready();
  keys = new KeyStore();
  await keys.load(app.orm.em);
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const login = (email: string, password: string = DEMO.password) =>
  app.inject({ method: 'POST', url: '/login', body: { email, password } });

const sessions = new Map<string, Promise<string>>();

/** A session token of a demo user; one login per user and file, as scrypt is slow on purpose. */
function sessionOf(email: string): Promise<string> {
  let session = sessions.get(email);
  if (!session) {
    session = login(email).then((res) => {
      const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
      if (res.statusCode !== 200 || !cookie) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      return cookie.value;
    });
    sessions.set(email, session);
  }
  return session;
}

const withSession = (token: string) => ({ cookie: `theme=dark; ${SESSION_COOKIE}=${token}` });

describe('login and logout', () => {
  it('logs in with the right password and sets the session cookie', async () => {
    const res = await login(agent.email);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: agent.id,
      email: agent.email,
      name: agent.name,
      role: 'agent',
      locale: 'en',
      teams: [{ id: DEMO.teams.support.id, name: 'Support' }],
      queues: [{ id: DEMO.queues.support.id, name: 'Support', fromAddress: DEMO.queues.support.fromAddress }],
    });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w-]+\\.[\\w-]+\\.[\\w-]+;`));
    const attributes = setCookie.split('; ').slice(1).sort();
    expect(attributes).toEqual(['HttpOnly', 'Max-Age=28800', 'Path=/', 'SameSite=Strict']);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('matches the email case-insensitively', async () => {
    const res = await login('Admin@Demo.TEST');
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(admin.id);
  });

  it('answers a wrong password and an unknown email alike, in similar time', async () => {
    const took = { wrong: [] as number[], unknown: [] as number[] };
    const answers = new Set<string>();
    // Interleaved, so load from other processes hits both kinds alike.
    for (let i = 0; i < 3; i++) {
      for (const [kind, email] of [['wrong', agent.email], ['unknown', 'nobody@demo.test']] as const) {
        const started = performance.now();
        const res = await login(email, 'not-demo');
        took[kind].push(performance.now() - started);
        expect(res.statusCode).toBe(401);
        expect(res.headers['set-cookie']).toBeUndefined();
        answers.add(res.body);
      }
    }
    expect([...answers].map((body) => JSON.parse(body))).toEqual([{ code: 'INVALID_CREDENTIALS', message: 'Invalid email or password' }]);
    // Without the dummy hash an unknown email answers in a few ms, a wrong password in 100+ ms.
    const median = (values: number[]) => values.sort((a, b) => a - b)[1];
    expect(median(took.unknown) / median(took.wrong)).toBeGreaterThan(0.25);
  });

  it('refuses bad bodies with 400 VALIDATION_FAILED', async () => {
    const bodies = [
      {},
      { email: agent.email },
      { email: 'not-an-email', password: 'demo' },
      { email: agent.email, password: '' },
      { email: agent.email, password: 'demo', admin: true },
      { email: agent.email, password: 'x'.repeat(201) },
    ];
    for (const body of bodies) {
      const res = await app.inject({ method: 'POST', url: '/login', body });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    const broken = await app.inject({ method: 'POST', url: '/login', payload: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('INVALID_JSON');
  });

  it('logs out by expiring the cookie, without needing a session', async () => {
    const res = await app.inject({ method: 'POST', url: '/logout', body: {} });
    expect(res.statusCode).toBe(204);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    expect(setCookie).toContain('Max-Age=0');
    expect(setCookie).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect(setCookie).toContain('Path=/');
  });
});

describe('the session', () => {
  it('authenticates /me by the cookie (or the same token as a bearer)', async () => {
    const token = await sessionOf(admin.email);
    const res = await app.inject({ url: '/me', headers: withSession(token) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: admin.id, role: 'admin', teams: [{ name: 'Support' }] });
    expect(res.json().queues.map((q: { name: string }) => q.name)).toEqual(['Billing', 'Support']);
    const bearer = await app.inject({ url: '/me', headers: { authorization: `Bearer ${token}` } });
    expect(bearer.json().id).toBe(admin.id);
  });

  it('refuses missing, garbage, unsigned, expired, foreign and wrong-audience sessions with 401', async () => {
    const subject = { sub: agent.id, role: 'agent' as const, queues: [], teams: [] };
    const expired = await keys.sign(subject, { audience: 'identity', ttlSeconds: 60, issuedAt: Math.floor(Date.now() / 1000) - 3600 });
    const wrongAudience = await keys.sign(subject, { audience: 'tickets', ttlSeconds: 60 });
    const foreign = await (await createTestKeys()).sign({ aud: 'identity', sub: agent.id });
    const none = unsignedToken({ aud: 'identity', sub: agent.id, iss: 'switchboard-identity', iat: 1, exp: 9e9 });
    const cases: Record<string, string> = {
      missing: '',
      garbage: 'garbage',
      none,
      expired: expired.token,
      foreign,
      wrongAudience: wrongAudience.token,
    };
    for (const [name, token] of Object.entries(cases)) {
      const res = await app.inject({ url: '/me', headers: token ? withSession(token) : {} });
      expect({ name, status: res.statusCode, code: res.json().code }).toEqual({ name, status: 401, code: 'UNAUTHORIZED' });
    }
  });

  it('refuses a validly signed session whose subject is not a user', async () => {
    const service = await keys.sign({ sub: 'service:mail', role: 'service', queues: [], teams: [] }, { audience: 'identity', ttlSeconds: 60 });
    const gone = await keys.sign({ sub: '00000000-0000-4000-8000-00000000dead', role: 'agent', queues: [], teams: [] }, { audience: 'identity', ttlSeconds: 60 });
    for (const { token } of [service, gone]) {
      for (const url of ['/me']) {
        expect((await app.inject({ url, headers: withSession(token) })).statusCode).toBe(401);
      }
      const res = await app.inject({ method: 'POST', url: '/token', body: { audience: 'tickets' }, headers: withSession(token) });
      expect(res.statusCode).toBe(401);
    }
  });

  it('changes the locale with PATCH /me/settings', async () => {
    const headers = withSession(await sessionOf(admin.email));
    const res = await app.inject({ method: 'PATCH', url: '/me/settings', body: { locale: 'cs' }, headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: admin.id, locale: 'cs' });
    expect((await app.inject({ url: '/me', headers })).json().locale).toBe('cs');
    const unchanged = await app.inject({ method: 'PATCH', url: '/me/settings', body: {}, headers });
    expect(unchanged.json().locale).toBe('cs');
    for (const body of [{ locale: 'de' }, { locale: 'en', role: 'admin' }]) {
      const bad = await app.inject({ method: 'PATCH', url: '/me/settings', body, headers });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await app.inject({ method: 'PATCH', url: '/me/settings', body: { locale: 'en' } })).statusCode).toBe(401);
  });
});

describe('teams', () => {
  it('lists every team by name to an admin, and refuses agents (403) and anonymous callers (401)', async () => {
    const res = await app.inject({ url: '/teams', headers: withSession(await sessionOf(admin.email)) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [DEMO.teams.billing, DEMO.teams.support] });
    const refused = await app.inject({ url: '/teams', headers: withSession(await sessionOf(agent.email)) });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('FORBIDDEN');
    expect((await app.inject({ url: '/teams' })).statusCode).toBe(401);
  });
});

describe('tokens per audience', () => {
  it('issues a 5-minute token that services verify against the JWKS, for its audience only', async () => {
    const headers = withSession(await sessionOf(agent.email));
    const res = await app.inject({ method: 'POST', url: '/token', body: { audience: 'tickets' }, headers });
    expect(res.statusCode).toBe(200);
    const { token, expiresAt } = res.json<{ token: string; expiresAt: number }>();
    expect(Math.abs(expiresAt - (Date.now() / 1000 + 300))).toBeLessThan(5);

    const jwks = (await app.inject({ url: '/.well-known/jwks.json' })).json<Jwks>();
    const getKey = createLocalJWKSet(jwks);
    const claims = await verifyAccessToken(token, { audience: 'tickets', getKey });
    expect(claims).toMatchObject({
      sub: agent.id,
      aud: 'tickets',
      iss: 'switchboard-identity',
      role: 'agent',
      queues: [DEMO.queues.support.id],
      teams: [DEMO.teams.support.id],
    });
    expect(claims.exp - claims.iat).toBe(300);
    await expect(verifyAccessToken(token, { audience: 'mail', getKey })).rejects.toMatchObject({ statusCode: 401 });
    // Nor does a service token open the session routes.
    expect((await app.inject({ url: '/me', headers: withSession(token) })).statusCode).toBe(401);
  });

  it('never hands out a session-audience token, and validates the body', async () => {
    const headers = withSession(await sessionOf(agent.email));
    const identity = await app.inject({ method: 'POST', url: '/token', body: { audience: 'identity' }, headers });
    expect(identity.statusCode).toBe(400);
    expect(identity.json().code).toBe('AUDIENCE_NOT_ALLOWED');
    for (const body of [{}, { audience: 'nope' }, { audience: 'tickets', sub: admin.id }]) {
      const bad = await app.inject({ method: 'POST', url: '/token', body, headers });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await app.inject({ method: 'POST', url: '/token', body: { audience: 'tickets' } })).statusCode).toBe(401);
  });

  it('publishes public keys only, with kid, alg and use', async () => {
    const res = await app.inject({ url: '/.well-known/jwks.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const { keys: published } = res.json<Jwks>();
    expect(published).toHaveLength(1);
    expect(Object.keys(published[0]).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    expect(published[0]).toMatchObject({ kid: keys.activeKid, kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
  });
});

describe('service tokens', () => {
  const serviceToken = (body: Record<string, unknown>) => app.inject({ method: 'POST', url: '/service-token', body });

  it('gives a service with the right secret a token for another service, as itself', async () => {
    const res = await serviceToken({ service: 'mail', secret: MAIL_SECRET, audience: 'tickets' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const getKey = createLocalJWKSet((await app.inject({ url: '/.well-known/jwks.json' })).json<Jwks>());
    const claims = await verifyAccessToken(res.json<{ token: string }>().token, { audience: 'tickets', getKey });
    expect(claims).toMatchObject({ sub: 'service:mail', role: 'service', queues: [], teams: [], aud: 'tickets' });
    expect(claims.exp - claims.iat).toBe(300);
  });

  it('refuses a wrong secret, an unknown service and the session audience', async () => {
    const wrong = await serviceToken({ service: 'mail', secret: `${MAIL_SECRET}x`, audience: 'tickets' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('UNAUTHORIZED');
    const unknown = await serviceToken({ service: 'crm', secret: MAIL_SECRET, audience: 'tickets' });
    expect(unknown.statusCode).toBe(401);
    const identity = await serviceToken({ service: 'mail', secret: MAIL_SECRET, audience: 'identity' });
    expect(identity.statusCode).toBe(400);
    expect(identity.json().code).toBe('AUDIENCE_NOT_ALLOWED');
    for (const body of [{}, { service: 'mail', secret: 'short', audience: 'tickets' }, { service: 'Mail!', secret: MAIL_SECRET, audience: 'tickets' }]) {
      const bad = await serviceToken(body);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('VALIDATION_FAILED');
    }
  });
});

it('answered no request in this file with a 5xx', () => {
  expect(statuses.length).toBeGreaterThan(30);
  expect(statuses.filter((status) => status >= 500)).toEqual([]);
});
