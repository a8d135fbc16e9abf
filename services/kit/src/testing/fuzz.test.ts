import { Type } from '@sinclair/typebox';
import { defineRoute } from '@switchboard/contracts';
import Fastify, { type FastifyInstance } from 'fastify';
import { fuzzRoutes, fuzzSummary } from './fuzz';

// The fuzz must find what it is for: a handler that fails on NUL or on an infinite number, and
// a 4xx without a code.

const group = {
  search: defineRoute({
    method: 'GET', path: '/things', summary: 'Search', tags: ['t'],
    query: Type.Object({ limit: Type.Optional(Type.Number()) }), response: null, errors: [],
  }),
  save: defineRoute({
    method: 'PUT', path: '/things/:id', summary: 'Save', tags: ['t'],
    params: Type.Object({ id: Type.String() }), body: Type.Object({ name: Type.String() }), response: null, errors: [],
  }),
} as const;

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  app.setErrorHandler((error: { statusCode?: number }, _request, reply) =>
    reply.status(error.statusCode ?? 500).send({ code: error.statusCode && error.statusCode < 500 ? 'BAD' : 'BOOM' }),
  );
  app.get('/things', async (request) => {
    const { limit } = request.query as { limit?: string };
    if (limit !== undefined && !Number.isFinite(Number(limit))) throw new Error('limit');
    return { items: [] };
  });
  app.put('/things/:id', async (request, reply) => {
    const body = request.body as { name?: unknown } | null;
    if (typeof body?.name === 'string' && body.name.includes('\u0000')) throw new Error('NUL');
    if (!body || typeof body !== 'object') return reply.status(422).send('no body');
    return {};
  });
  await app.ready();
});
afterAll(() => app.close());

it('reports 5xx answers and 4xx answers without a code, and counts every request', async () => {
  const report = await fuzzRoutes({ inject: (request) => app.inject(request), headers: () => ({}) }, group, { randomCases: 40 });
  expect(report.routes).toBe(2);
  expect(report.serverErrors).toBeGreaterThan(0);
  expect(report.failures.map((f) => `${f.route} ${f.status}`)).toEqual(expect.arrayContaining(['search 500', 'save 500', 'save 422']));
  expect(report.requests).toBeGreaterThan(report.clientErrors + report.serverErrors);
  expect(fuzzSummary('things', report)).toBe(
    `fuzz things: 2 routes, ${report.requests} requests, ${report.clientErrors} 4xx, ${report.serverErrors} 5xx`,
  );
});

it('sends the same requests for the same seed', async () => {
  const urls = async (seed: number) => {
    const seen: string[] = [];
    await fuzzRoutes({ inject: (request) => (seen.push(`${request.url} ${String(request.payload)}`), app.inject(request)), headers: () => ({}) }, group, { seed });
    return seen;
  };
  expect(await urls(3)).toEqual(await urls(3));
  expect(await urls(3)).not.toEqual(await urls(4));
});
