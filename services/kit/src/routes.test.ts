import { Type } from '@sinclair/typebox';
import { defineRoute } from '@switchboard/contracts';
import { createServiceApp, type ServiceApp } from './app';
import { conflict } from './errors';
import { serve } from './routes';
import { createTestKeys, type TestKeys } from './testing/keys';

const Note = Type.Object({ id: Type.Integer(), text: Type.String() });
const notesApi = {
  createNote: defineRoute({
    method: 'POST', path: '/notes', summary: 'Create', tags: ['notes'],
    body: Type.Object({ text: Type.String({ minLength: 1 }) }), status: 201, response: Note, errors: ['NOTE_EXISTS'],
  }),
  removeNote: defineRoute({
    method: 'DELETE', path: '/notes/:id', summary: 'Remove', tags: ['notes'],
    params: Type.Object({ id: Type.Integer() }), status: 204, response: null, errors: [],
  }),
  pingNote: defineRoute({
    method: 'GET', path: '/notes/ping', summary: 'Public ping', tags: ['notes'], response: Type.Object({ ok: Type.Boolean() }), errors: [], public: true,
  }),
} as const;

let keys: TestKeys;
const build = async (strictContracts: boolean): Promise<ServiceApp> => {
  const app = await createServiceApp({ name: 'kit-routes', logger: false, auth: { audience: 'tickets', getKey: keys.getKey }, strictContracts });
  await app.register(async (child) => {
    serve(child, notesApi.createNote, async (request) => {
      if (request.body.text === 'dup') throw conflict('NOTE_EXISTS', 'There already');
      if (request.body.text === 'other') throw conflict('SOMETHING_ELSE', 'Not declared');
      return { id: 1, text: request.body.text };
    });
    serve(child, notesApi.removeNote, async () => undefined);
    serve(child, notesApi.pingNote, async () => ({ ok: true }));
  });
  await app.ready();
  return app;
};

beforeAll(async () => {
  keys = await createTestKeys();
});

describe('serve', () => {
  let app: ServiceApp;
  let auth: Record<string, string>;
  beforeAll(async () => {
    app = await build(true);
    auth = { authorization: `Bearer ${await keys.sign({ aud: 'tickets' })}` };
  });
  afterAll(() => app.close());

  it('answers with the contract status and records the route as coming from its contract', async () => {
    const created = await app.inject({ method: 'POST', url: '/notes', body: { text: 'hi' }, headers: auth });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ id: 1, text: 'hi' });
    const removed = await app.inject({ method: 'DELETE', url: '/notes/1', headers: auth });
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
    expect(app.registeredRoutes.map((r) => [r.method, r.url, r.contract])).toEqual([
      ['POST', '/notes', notesApi.createNote],
      ['DELETE', '/notes/:id', notesApi.removeNote],
      ['GET', '/notes/ping', notesApi.pingNote],
    ]);
  });

  it('validates params, query and body from the contract', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/notes/abc', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('lets a public contract route through without a token and guards the others', async () => {
    expect((await app.inject({ url: '/notes/ping' })).json()).toEqual({ ok: true });
    expect((await app.inject({ method: 'DELETE', url: '/notes/1' })).statusCode).toBe(401);
  });

  it('answers a declared code as thrown and an undeclared one as 500 UNDECLARED_ERROR_CODE in strict mode', async () => {
    const dup = await app.inject({ method: 'POST', url: '/notes', body: { text: 'dup' }, headers: auth });
    expect([dup.statusCode, dup.json().code]).toEqual([409, 'NOTE_EXISTS']);
    const other = await app.inject({ method: 'POST', url: '/notes', body: { text: 'other' }, headers: auth });
    expect([other.statusCode, other.json().code]).toEqual([500, 'UNDECLARED_ERROR_CODE']);
  });

  it('puts summary, tags and error responses into the OpenAPI document', async () => {
    const doc = (await app.inject('/openapi.json')).json();
    const op = doc.paths['/notes'].post;
    expect(op.summary).toBe('Create');
    expect(op.tags).toEqual(['notes']);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['201', '400', '404', '409']));
  });
});

it('answers an undeclared code as thrown outside strict mode', async () => {
  const app = await build(false);
  const auth = { authorization: `Bearer ${await keys.sign({ aud: 'tickets' })}` };
  const other = await app.inject({ method: 'POST', url: '/notes', body: { text: 'other' }, headers: auth });
  expect([other.statusCode, other.json().code]).toEqual([409, 'SOMETHING_ELSE']);
  await app.close();
});
