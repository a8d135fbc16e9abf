import { randomUUID } from 'node:crypto';
import { DEMO, SESSION_COOKIE } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import { createTestDatabase, type TestDatabase } from '@switchboard/service-kit/testing';
import { Redis } from 'ioredis';
import { buildApp, type IdentityAppOptions } from './app';
import { SessionEntity } from './entities';

// Every login runs scrypt (~0.1-0.3 s, more on a busy machine); the limit tests run a dozen.
jest.setTimeout(60_000);

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** This file's Redis keys, so parallel runs and other apps never share counters. */
const PREFIX = `sb-test:identity:${randomUUID()}:`;
const { agent, admin, billing } = DEMO.users;

let db: TestDatabase;
let app: ServiceApp;
const open: ServiceApp[] = [];
const statuses: number[] = [];

async function start(options: Partial<IdentityAppOptions> = {}): Promise<ServiceApp> {
  const started = await buildApp({
    databaseUrl: db.url, poolSize: 2, logger: false, redisUrl: REDIS_URL, redisKeyPrefix: PREFIX, ...options,
  });
  started.addHook('onResponse', async (_request, reply) => void statuses.push(reply.statusCode));
  open.push(started);
  await started.ready();
  return started;
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await start({ seedDemo: true, allowedOrigins: ['https://helpdesk.example'] });
});

afterAll(async () => {
  await Promise.all(open.map((a) => a.close()));
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await db?.drop();
});

const login = (email: string, password: string = DEMO.password, on: ServiceApp = app) =>
  on.inject({ method: 'POST', url: '/login', body: { email, password } });

/** Logs in and answers the session cookie's value. */
async function sessionOf(email: string): Promise<string> {
  const res = await login(email);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (res.statusCode !== 200 || !cookie) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return cookie.value;
}

const cookieOf = (session: string) => ({ cookie: `${SESSION_COOKIE}=${session}` });
const exchange = (session: string) => app.inject({ method: 'POST', url: '/token', body: { audience: 'tickets' }, headers: cookieOf(session) });
const me = (session: string) => app.inject({ url: '/me', headers: cookieOf(session) });
const logout = (session: string, headers: Record<string, string> = {}, payload: string | object = {}) =>
  app.inject({ method: 'POST', url: '/logout', headers: { ...cookieOf(session), ...headers }, payload });

describe('sessions that end', () => {
  it('refuses a copied cookie after logout on token exchange and /me', async () => {
    const session = await sessionOf(agent.email);
    const copy = session;
    expect((await exchange(copy)).statusCode).toBe(200);
    const out = await logout(session);
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    for (const res of [await exchange(copy), await me(copy)]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ code: 'UNAUTHORIZED', message: 'The session has ended' });
    }
  });

  it('keeps the other sessions of the user when one logs out', async () => {
    const [first, second] = [await sessionOf(agent.email), await sessionOf(agent.email)];
    expect((await logout(first)).statusCode).toBe(204);
    expect((await exchange(first)).statusCode).toBe(401);
    expect((await exchange(second)).statusCode).toBe(200);
  });

  it('refuses a session whose record has expired, though its token is still valid', async () => {
    const session = await sessionOf(agent.email);
    expect((await me(session)).statusCode).toBe(200);
    const { sid } = JSON.parse(Buffer.from(session.split('.')[1], 'base64url').toString()) as { sid: string };
    await app.orm.em.fork().nativeUpdate(SessionEntity, { id: sid }, { expiresAt: new Date(Date.now() - 1000) });
    expect((await me(session)).statusCode).toBe(401);
    expect((await exchange(session)).statusCode).toBe(401);
  });

  it('lets an admin sign a user out everywhere, and no one else', async () => {
    const [first, second] = [await sessionOf(billing.email), await sessionOf(billing.email)];
    const adminSession = await sessionOf(admin.email);
    const revoke = (session: string, userId: string) =>
      app.inject({ method: 'DELETE', url: `/users/${userId}/sessions`, headers: cookieOf(session) });

    const refused = await revoke(first, agent.id);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('FORBIDDEN');
    expect((await revoke(adminSession, billing.id)).statusCode).toBe(204);
    expect((await exchange(first)).statusCode).toBe(401);
    expect((await exchange(second)).statusCode).toBe(401);
    expect((await exchange(adminSession)).statusCode).toBe(200);
    expect((await revoke(adminSession, 'not-a-uuid')).statusCode).toBe(400);
  });
});

describe('logout and login refuse cross-site requests', () => {
  it('does not log out on a cross-site form POST', async () => {
    const session = await sessionOf(agent.email);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const attempts = [
      // What a cross-site <form method=post> sends: a form body and the attacker's Origin.
      logout(session, { ...form, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, 'x=1'),
      // Without Origin or Sec-Fetch-Site (an old browser): the form body alone is refused.
      logout(session, form, 'x=1'),
      // enctype=text/plain: fastify parses the text, which is no JSON object.
      logout(session, { 'content-type': 'text/plain' }, '{}'),
      // A JSON body from a foreign origin (only possible with CORS, which identity does not allow).
      logout(session, { origin: 'https://evil.example' }),
      logout(session, { 'sec-fetch-site': 'same-site' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect((await exchange(session)).statusCode).toBe(200);
  });

  it('refuses a JSON logout from a foreign Origin with 403', async () => {
    const session = await sessionOf(agent.email);
    const res = await logout(session, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    expect((await exchange(session)).statusCode).toBe(200);
  });

  it('refuses a logout without the JSON body', async () => {
    const session = await sessionOf(agent.email);
    const bare = await app.inject({ method: 'POST', url: '/logout', headers: cookieOf(session) });
    expect(bare.statusCode).toBe(400);
    const form = await logout(session, { 'content-type': 'application/x-www-form-urlencoded' }, 'x=1');
    expect(form.statusCode).toBe(415);
    expect((await exchange(session)).statusCode).toBe(200);
  });

  it('logs out from its own origin, a configured one, or a same-origin fetch', async () => {
    const allowed: Array<Record<string, string>> = [
      { origin: 'http://identity.test:4001', host: 'identity.test:4001' },
      { origin: 'https://helpdesk.example' },
      { origin: 'https://helpdesk.example:8443', 'sec-fetch-site': 'same-origin' },
    ];
    for (const headers of allowed) {
      const session = await sessionOf(agent.email);
      expect((await logout(session, headers)).statusCode).toBe(204);
      expect((await exchange(session)).statusCode).toBe(401);
    }
  });

  it('refuses a cross-site login (login CSRF) with 403', async () => {
    const res = await app.inject({
      method: 'POST', url: '/login', body: { email: agent.email, password: DEMO.password }, headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('failed-login limits in Redis', () => {
  it('answers the 11th wrong password for an account within a minute with 429 and Retry-After, on every replica', async () => {
    const replica = await start();
    const email = DEMO.users.agent.email.replace('agent', 'Agent');
    for (let i = 1; i <= 10; i++) {
      // Alternating replicas: the counter is Redis's, not one process's.
      const res = await login(email, `wrong-${i}`, i % 2 ? app : replica);
      expect({ i, status: res.statusCode }).toEqual({ i, status: 401 });
    }
    for (const on of [app, replica]) {
      const res = await login(agent.email, 'wrong-11', on);
      expect(res.statusCode).toBe(429);
      expect(res.json()).toMatchObject({ code: 'TOO_MANY_LOGIN_ATTEMPTS' });
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // The right password waits too; another account does not.
    expect((await login(agent.email)).statusCode).toBe(429);
    expect((await login(admin.email)).statusCode).toBe(200);
  });

  it('limits failures per client address across accounts, unknown ones included', async () => {
    const strict = await start({ redisKeyPrefix: `${PREFIX}address:`, loginLimits: { perAccount: 10, perAddress: 3, windowSeconds: 60 } });
    for (const email of ['nobody-1@demo.test', 'nobody-2@demo.test', billing.email]) {
      expect((await login(email, 'wrong', strict)).statusCode).toBe(401);
    }
    const res = await login('nobody-3@demo.test', 'wrong', strict);
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('does not count successful logins', async () => {
    const strict = await start({ redisKeyPrefix: `${PREFIX}success:`, loginLimits: { perAccount: 2, perAddress: 2, windowSeconds: 60 } });
    for (let i = 0; i < 3; i++) expect((await login(billing.email, DEMO.password, strict)).statusCode).toBe(200);
  });
});

it('answered no request in this file with a 5xx', () => {
  expect(statuses.length).toBeGreaterThan(40);
  expect(statuses.filter((status) => status >= 500)).toEqual([]);
});
