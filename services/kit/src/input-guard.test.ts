import { Type } from '@sinclair/typebox';
import { defineRoute } from '@switchboard/contracts';
import { createServiceApp, type ServiceApp } from './app';
import { inputProblem, MAX_INPUT_DEPTH } from './input-guard';
import { serve } from './routes';
import { createTestKeys } from './testing/keys';

const nest = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: nest(depth - 1) });

describe('inputProblem', () => {
  it('accepts ordinary text, emoji, Czech and finite numbers', () => {
    expect(inputProblem({ name: 'Nováková 👩‍💼', n: [1, 2.5, -3], ok: true, none: null })).toBeNull();
  });

  it.each([
    ['NUL', { a: ['x', 'b\u0000c'] }, '/a/1'],
    ['a noncharacter', { a: 'x\uFFFE' }, '/a'],
    ['a lone high surrogate', { a: 'x\uD83D' }, '/a'],
    ['a lone low surrogate', { a: '\uDC00x' }, '/a'],
    ['NUL in a key', { 'k\u0000': 1 }, '/k\u0000'],
    ['a lone surrogate deep in a batch', { items: [{ changes: [] }, { changes: [{ key: 'a' }, { key: 'b\uD800' }] }] }, '/items/1/changes/1/key'],
    ['a noncharacter in a nested key', { a: [{ 'k\uFDD0': 'x' }] }, '/a/0/k\uFDD0'],
  ])('refuses %s with its path', (_, value, path) => {
    expect(inputProblem(value)).toEqual({ code: 'INVALID_CHARACTER', path });
  });

  it('refuses infinite numbers and nesting past the limit', () => {
    expect(inputProblem({ limit: Infinity })).toEqual({ code: 'VALIDATION_FAILED', path: '/limit' });
    expect(inputProblem(nest(MAX_INPUT_DEPTH - 1))).toBeNull();
    expect(inputProblem(nest(MAX_INPUT_DEPTH + 1))?.code).toBe('INPUT_TOO_DEEP');
  });
});

describe('the input guard of every service', () => {
  let app: ServiceApp;
  let auth: Record<string, string>;
  beforeAll(async () => {
    const keys = await createTestKeys();
    app = await createServiceApp({ name: 'guard', logger: false, auth: { audience: 'tickets', getKey: keys.getKey } });
    const echo = defineRoute({
      method: 'POST', path: '/echo', summary: 'Echo', tags: [],
      query: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }),
      body: Type.Object({ text: Type.Optional(Type.String()), settings: Type.Optional(Type.Unknown()) }),
      response: Type.Object({ ok: Type.Boolean() }), errors: [],
    });
    serve(app, echo, async () => ({ ok: true }));
    await app.ready();
    auth = { authorization: `Bearer ${await keys.sign({ aud: 'tickets' })}` };
  });
  afterAll(() => app.close());

  const post = (url: string, payload: unknown) =>
    app.inject({
      method: 'POST',
      url,
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      headers: { ...auth, 'content-type': 'application/json' },
    });
  const deepJson = (depth: number) => `${'{"settings":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it('answers 400 with a code, never 500, for NUL, infinite numbers and deep nesting', async () => {
    const cases: [string, unknown, string][] = [
      ['/echo', { text: 'a\u0000b' }, 'INVALID_CHARACTER'],
      ['/echo?limit=1e309', {}, 'VALIDATION_FAILED'],
      ['/echo?limit=Infinity', {}, 'VALIDATION_FAILED'],
      ['/echo', deepJson(5000), 'INPUT_TOO_DEEP'],
    ];
    for (const [url, payload, code] of cases) {
      const res = await post(url, payload);
      expect([url, res.statusCode, res.json().code]).toEqual([url, 400, code]);
    }
  });

  it('lets ordinary input through', async () => {
    expect((await post('/echo?limit=5', { text: 'Dobrý den', settings: nest(10) })).statusCode).toBe(200);
  });
});
