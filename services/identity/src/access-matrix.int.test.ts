import { DEMO, SESSION_COOKIE, identityApi } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import { createTestDatabase, runAccessMatrix, type AccessMatrix, type MatrixRole, type TestDatabase } from '@switchboard/service-kit/testing';
import type { InjectOptions } from 'fastify';
import { buildApp } from './app';
import { TeamMemberEntity, UserEntity } from './entities';
import { KeyStore } from './key-store';
import { hashPassword } from './passwords';

// Every cell logs the owner in afresh, and every login runs scrypt.
jest.setTimeout(120_000);

const MAIL_SECRET = 'matrix-mail-secret-of-enough-length';
const { agent, admin, billing } = DEMO.users;
/** A second agent of Support, the owner's team. */
const colleague = { id: '00000000-0000-4000-8000-0000000000c1', email: 'colleague@demo.test', name: 'Cole Colleague' };
/** Whose session each role logs in to; the record of every cell is the owner's (Alex Agent's) session. */
const emails: Record<Exclude<MatrixRole, 'service'>, string> = { owner: agent.email, sameQueue: colleague.email, otherTeam: billing.email, admin: admin.email };

let db: TestDatabase;
let app: ServiceApp;
let keys: KeyStore;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await buildApp({ databaseUrl: db.url, poolSize: 2, logger: false, seedDemo: true, serviceSecrets: { mail: MAIL_SECRET } });
  await app.ready();
  const em = app.orm.em.fork();
  const row = { ...colleague, role: 'agent' as const, locale: 'en' as const, passwordHash: await hashPassword(DEMO.password) };
  await em.createQueryBuilder(UserEntity).insert(row).execute();
  await em.createQueryBuilder(TeamMemberEntity).insert({ team: DEMO.teams.support.id, user: colleague.id }).execute();
  keys = new KeyStore();
  await keys.load(app.orm.em);
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const serverErrors: string[] = [];
async function inject(request: InjectOptions) {
  const res = await app.inject(request);
  if (res.statusCode >= 500) serverErrors.push(`${request.method ?? 'GET'} ${String(request.url)} -> ${res.statusCode} ${res.body}`);
  return res;
}

async function sessionOf(email: string): Promise<string> {
  const res = await inject({ method: 'POST', url: '/login', body: { email, password: DEMO.password } });
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (res.statusCode !== 200 || !cookie) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return cookie.value;
}

const cookieOf = (session: string) => ({ cookie: `${SESSION_COOKIE}=${session}` });
const alive = async (session: string) => (await inject({ url: '/me', headers: cookieOf(session) })).statusCode === 200;

/** The other roles' sessions, kept while they live (a logout ends the caller's own). */
const sessions: Partial<Record<MatrixRole, string>> = {};

/** The role's headers: a live session of its user, or a service token signed by identity itself. */
async function headersOf(role: MatrixRole, ownerSession: string): Promise<Record<string, string>> {
  if (role === 'owner') return cookieOf(ownerSession);
  if (role === 'service') {
    const { token } = await keys.sign({ sub: 'service:mail', role: 'service', queues: [], teams: [] }, { audience: 'identity', ttlSeconds: 60 });
    return { authorization: `Bearer ${token}` };
  }
  const kept = sessions[role];
  if (!kept || !(await alive(kept))) sessions[role] = await sessionOf(emails[role]);
  return cookieOf(sessions[role]!);
}

/** The owner's name and address: no one else's answer may hold them. */
const ownersData = [agent.name, agent.email];

/** The request each route makes as one role; the owner's session is fresh in every cell. */
const requests: { [Route in keyof typeof identityApi]: () => { request: InjectOptions; data: string[] } } = {
  // Public: anyone may log in with the right password, whatever they send along.
  login: () => ({ request: { method: 'POST', url: '/login', body: { email: colleague.email, password: DEMO.password } }, data: ownersData }),
  logout: () => ({ request: { method: 'POST', url: '/logout', body: {} }, data: ownersData }),
  revokeUserSessions: () => ({ request: { method: 'DELETE', url: `/users/${agent.id}/sessions` }, data: ownersData }),
  listTeams: () => ({ request: { url: '/teams' }, data: ownersData }),
  me: () => ({ request: { url: '/me' }, data: ownersData }),
  updateSettings: () => ({ request: { method: 'PATCH', url: '/me/settings', body: { locale: 'en' } }, data: ownersData }),
  issueToken: () => ({ request: { method: 'POST', url: '/token', body: { audience: 'tickets' } }, data: ownersData }),
  issueServiceToken: () => ({ request: { method: 'POST', url: '/service-token', body: { service: 'mail', secret: MAIL_SECRET, audience: 'tickets' } }, data: ownersData }),
  jwks: () => ({ request: { url: '/.well-known/jwks.json' }, data: ownersData }),
};

const shown = { status: 200, carries: true };
const left = { status: 200, carries: false };
const open = { owner: left, sameQueue: left, otherTeam: left, admin: left, service: left };

/** Who gets what; docs/decisions/0009-who-may-see-what.md. A service token is no session: 401. */
const table: AccessMatrix<typeof identityApi> = {
  login: open,
  logout: { owner: 204, sameQueue: 204, otherTeam: 204, admin: 204, service: 204 },
  revokeUserSessions: { owner: 403, sameQueue: 403, otherTeam: 403, admin: 204, service: 401 },
  // Team names are for admins placing widgets; no user's data is in them.
  listTeams: { owner: 403, sameQueue: 403, otherTeam: 403, admin: left, service: 401 },
  me: { owner: shown, sameQueue: left, otherTeam: left, admin: left, service: 401 },
  updateSettings: { owner: shown, sameQueue: left, otherTeam: left, admin: left, service: 401 },
  // A token is the caller's own (its claims are encoded, so the owner's name is never in it).
  issueToken: { owner: left, sameQueue: left, otherTeam: left, admin: left, service: 401 },
  issueServiceToken: open,
  jwks: open,
};

/**
 * Which roles ended the owner's session, per route. The matrix sees answers only; ending a
 * session is an effect, so this file checks it beside the matrix: a logout ends the caller's
 * own session, and only an admin ends another user's.
 */
const endedTheOwners: Record<string, MatrixRole[]> = {};

describe('identity access matrix', () => {
  it('answers every route to every role as the table says, and no one but the owner gets the owner', async () => {
    const report = await runAccessMatrix({
      group: identityApi,
      table,
      send: async (route, role) => {
        const ownerSession = await sessionOf(agent.email);
        const { request, data } = requests[route]();
        const res = await inject({ ...request, headers: await headersOf(role, ownerSession) });
        if (!(await alive(ownerSession))) (endedTheOwners[route] ??= []).push(role);
        return { status: res.statusCode, body: res.body, data };
      },
    });
    expect(report.problems).toEqual([]);
    expect(report.cells).toBe(Object.keys(identityApi).length * 5);
    expect(endedTheOwners).toEqual({ logout: ['owner'], revokeUserSessions: ['admin'] });
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(serverErrors).toEqual([]);
  });
});
