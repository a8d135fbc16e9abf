import { Type } from '@sinclair/typebox';
import { defineEntity, p } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { createServiceApp, type ServiceApp } from './app';
import { conflict } from './errors';
import { createTestDatabase, createTestKeys, unsignedToken, type TestDatabase, type TestKeys } from './testing';

const Note = defineEntity({
  name: 'Note',
  tableName: 'note',
  properties: { id: p.integer().primary(), text: p.string() },
});

class CreateNote extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table "kit_test"."note" (id serial primary key, text text not null)');
  }
}

let db: TestDatabase;
let keys: TestKeys;
let app: ServiceApp;
const requestForks: unknown[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  keys = await createTestKeys();
  app = await createServiceApp({
    name: 'kit-test',
    logger: false,
    auth: { audience: 'tickets', getKey: keys.getKey },
    orm: { databaseUrl: db.url, schema: 'kit_test', entities: [Note], migrations: [{ name: 'CreateNote', class: CreateNote }] },
  });
  app.post(
    '/notes',
    { schema: { body: Type.Object({ text: Type.String({ minLength: 1 }) }, { additionalProperties: false }) } },
    async (request) => {
      const em = app.orm.em;
      const note = em.create(Note, { text: request.body.text });
      await em.flush();
      return { id: note.id, by: request.auth.sub };
    },
  );
  // The request's EntityManager, forked on first use (ormPlugin): recorded to compare requests.
  app.get('/fork', async () => {
    const first = app.orm.em.getContext();
    await new Promise((resolve) => setImmediate(resolve));
    requestForks.push(first);
    return { same: app.orm.em.getContext() === first, root: first === app.orm.em };
  });
  app.get('/conflict', async () => {
    throw conflict('SAME_THING', 'Already there', { id: 1 });
  });
  app.get('/boom', async () => {
    throw new Error('secret internals');
  });
  // The database drops the request's connection, as a PostgreSQL restart does.
  app.get('/database-gone', async () => app.orm.em.fork().execute('select pg_terminate_backend(pg_backend_pid())'));
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await db.drop();
});

describe('service kit', () => {
  it('answers /health and /ready without a token, checking the database', async () => {
    expect((await app.inject('/health')).json()).toEqual({ status: 'ok', service: 'kit-test' });
    const ready = await app.inject('/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toEqual({ database: 'ok' });
  });

  it('refuses missing, unsigned, expired and wrong-audience tokens with 401', async () => {
    const body = { text: 'x' };
    const expired = await keys.sign({ aud: 'tickets' }, { issuedAt: 1000, expiresIn: 2000 });
    const wrongAud = await keys.sign({ aud: 'mail' });
    const none = unsignedToken({ aud: 'tickets', sub: 'u', iss: 'switchboard-identity', exp: 9e9, iat: 1 });
    for (const token of [undefined, none, expired, wrongAud, 'garbage']) {
      const res = await app.inject({
        method: 'POST',
        url: '/notes',
        body,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('UNAUTHORIZED');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('stores through the per-request EntityManager after migrations ran', async () => {
    const token = await keys.sign({ aud: 'tickets', sub: 'user-1' });
    const res = await app.inject({ method: 'POST', url: '/notes', body: { text: 'hello' }, headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 1, by: 'user-1' });
  });

  it('gives each request its own EntityManager, the same throughout the request', async () => {
    const headers = { authorization: `Bearer ${await keys.sign({ aud: 'tickets' })}` };
    const answers = await Promise.all([1, 2, 3].map(() => app.inject({ url: '/fork', headers })));
    expect(answers.map((res) => res.json())).toEqual([1, 2, 3].map(() => ({ same: true, root: false })));
    expect(new Set(requestForks).size).toBe(3);
  });

  it('maps validation, coded, unknown-route and unexpected errors', async () => {
    const auth = { authorization: `Bearer ${await keys.sign({ aud: 'tickets' })}` };
    const invalid = await app.inject({ method: 'POST', url: '/notes', body: { text: '' }, headers: auth });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe('VALIDATION_FAILED');
    const badJson = await app.inject({ method: 'POST', url: '/notes', payload: '{', headers: { ...auth, 'content-type': 'application/json' } });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().code).toBe('INVALID_JSON');
    expect((await app.inject({ url: '/conflict', headers: auth })).json()).toEqual({ code: 'SAME_THING', message: 'Already there', details: { id: 1 } });
    expect((await app.inject({ url: '/nowhere', headers: auth })).statusCode).toBe(404);
    const boom = await app.inject({ url: '/boom', headers: auth });
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal error' });
  });

  it('answers 503 with a code and Retry-After, never 500, when the database drops the connection, and serves again', async () => {
    const auth = { authorization: `Bearer ${await keys.sign({ aud: 'tickets', sub: 'agent-1' })}` };
    const gone = await app.inject({ url: '/database-gone', headers: auth });
    expect(gone.statusCode).toBe(503);
    expect(gone.headers['retry-after']).toBe('5');
    expect(gone.json()).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    // A pooled connection of the old session fails once more (also 503), then the pool replaces it.
    const statuses: number[] = [];
    while (statuses.at(-1) !== 200 && statuses.length < 5) {
      statuses.push((await app.inject({ method: 'POST', url: '/notes', payload: { text: 'after the outage' }, headers: auth })).statusCode);
    }
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
  });
});
