import { DEMO, SESSION_COOKIE, type Jwks } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import { createTestDatabase, type TestDatabase } from '@switchboard/service-kit/testing';
import { buildApp, type IdentityAppOptions } from './app';
import { seedDemoData } from './demo-seed';
import {
  EmailQueueEntity,
  QueueMemberEntity,
  SigningKeyEntity,
  TeamEntity,
  TeamMemberEntity,
  UserEntity,
} from './entities';
import { KeyStore } from './key-store';

// Builds several apps and runs scrypt on every login and seed.
jest.setTimeout(30_000);

let db: TestDatabase;
const open: ServiceApp[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await Promise.all(open.map((app) => app.close()));
  await db?.drop();
});

async function start(options: Partial<IdentityAppOptions> = {}): Promise<ServiceApp> {
  const app = await buildApp({ databaseUrl: db.url, poolSize: 2, logger: false, ...options });
  open.push(app);
  await app.ready();
  return app;
}

async function stop(app: ServiceApp): Promise<void> {
  open.splice(open.indexOf(app), 1);
  await app.close();
}

const jwksOf = async (app: ServiceApp) => (await app.inject({ url: '/.well-known/jwks.json' })).json<Jwks>();

const login = (app: ServiceApp) =>
  app.inject({ method: 'POST', url: '/login', body: { email: DEMO.users.agent.email, password: DEMO.password } });

async function countRows(app: ServiceApp): Promise<Record<string, number>> {
  const em = app.orm.em.fork();
  return {
    users: await em.count(UserEntity),
    teams: await em.count(TeamEntity),
    teamMembers: await em.count(TeamMemberEntity),
    queues: await em.count(EmailQueueEntity),
    queueMembers: await em.count(QueueMemberEntity),
  };
}

describe('across restarts and replicas', () => {
  it('seeds nothing unless asked', async () => {
    const app = await start();
    expect((await login(app)).statusCode).toBe(401);
    expect((await countRows(app)).users).toBe(0);
    await stop(app);
  });

  it('keeps the signing key across a restart, so old sessions stay valid', async () => {
    const first = await start({ seedDemo: true });
    const before = await jwksOf(first);
    const session = (await login(first)).cookies.find((c) => c.name === SESSION_COOKIE)?.value;
    expect(session).toBeDefined();
    await stop(first);

    const second = await start();
    expect(await jwksOf(second)).toEqual(before);
    const me = await second.inject({ url: '/me', headers: { cookie: `${SESSION_COOKIE}=${session}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(DEMO.users.agent.id);
    await stop(second);
  });

  it('creates exactly one active key when replicas start at once', async () => {
    const app = await start();
    await app.orm.em.fork().nativeDelete(SigningKeyEntity, {});
    const replicas = [new KeyStore(), new KeyStore(), new KeyStore()];
    await Promise.all(replicas.map((keys) => keys.load(app.orm.em)));
    expect(new Set(replicas.map((keys) => keys.activeKid)).size).toBe(1);
    expect(await app.orm.em.fork().count(SigningKeyEntity)).toBe(1);
    await stop(app);
  });

  it('seeds the demo idempotently', async () => {
    const app = await start({ seedDemo: true });
    const counts = await countRows(app);
    expect(counts).toEqual({ users: 3, teams: 2, teamMembers: 3, queues: 2, queueMembers: 4 });
    const hash = async () => (await app.orm.em.fork().findOneOrFail(UserEntity, { id: DEMO.users.agent.id })).passwordHash;
    const hashBefore = await hash();
    await seedDemoData(app.orm.em);
    await Promise.all([seedDemoData(app.orm.em), seedDemoData(app.orm.em)]);
    expect(await countRows(app)).toEqual(counts);
    expect(await hash()).toBe(hashBefore);
    expect((await login(app)).statusCode).toBe(200);
    await stop(app);
  });

  it('marks the session cookie Secure when told to', async () => {
    const app = await start({ secureCookies: true });
    const res = await login(app);
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie']).split('; ')).toEqual(expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Strict']));
    expect(String((await app.inject({ method: 'POST', url: '/logout', body: {} })).headers['set-cookie'])).toContain('; Secure');
    await stop(app);
  });
});
