import { randomUUID } from 'node:crypto';
import { DEMO, SESSION_COOKIE, TOKEN_ISSUER, type Jwks, type WidgetTokenClaims } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import { createTestDatabase, type TestDatabase } from '@switchboard/service-kit/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { buildApp } from './app';

// Issue 16: a token for a widget's own backend. Identity asks the registry which widgets have
// approved backends and the tickets service whether the user may read the ticket; here both are
// small HTTP stand-ins with those services' answers (the registry's list; tickets' 404 for a
// ticket outside the caller's teams, decided from the caller's token as tickets does).

jest.setTimeout(30_000);

const SUPPORT_TICKET = { id: randomUUID(), number: 41, contactId: randomUUID(), teamId: DEMO.teams.support.id };
const BILLING_TICKET = { id: randomUUID(), number: 42, contactId: randomUUID(), teamId: DEMO.teams.billing.id };

let db: TestDatabase;
let app: ServiceApp;
let registry: FastifyInstance;
let tickets: FastifyInstance;
let jwks: ReturnType<typeof createLocalJWKSet>;
let registryUp = true;
const ticketReads: string[] = [];

async function listen(server: FastifyInstance): Promise<string> {
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

beforeAll(async () => {
  registry = Fastify();
  registry.get('/connect-origins', async (_request, reply) => {
    if (!registryUp) return reply.status(503).send({ code: 'DEPENDENCY_UNAVAILABLE', message: 'down' });
    return {
      origins: ['https://orders.example'],
      widgets: [{ name: 'order-lookup', origins: ['https://orders.example'] }],
    };
  });
  tickets = Fastify();
  tickets.get<{ Params: { id: string } }>('/tickets/:id', async (request, reply) => {
    const { payload } = await jwtVerify(String(request.headers.authorization).replace(/^Bearer /, ''), jwks, { audience: 'tickets', issuer: TOKEN_ISSUER });
    ticketReads.push(`${payload.sub} ${request.params.id}`);
    const ticket = [SUPPORT_TICKET, BILLING_TICKET].find((t) => t.id === request.params.id);
    if (!ticket || !(payload.teams as string[]).includes(ticket.teamId)) return reply.status(404).send({ code: 'TICKET_NOT_FOUND', message: 'No ticket' });
    return { ...ticket, title: 'Where is my order?' };
  });
  db = await createTestDatabase();
  app = await buildApp({
    databaseUrl: db.url,
    poolSize: 2,
    logger: false,
    seedDemo: true,
    widgetTokens: { registryUrl: await listen(registry), ticketsUrl: await listen(tickets) },
  });
  await app.ready();
  jwks = createLocalJWKSet((await app.inject({ url: '/.well-known/jwks.json' })).json<Jwks>());
});

afterAll(async () => {
  await app?.close();
  await registry?.close();
  await tickets?.close();
  await db?.drop();
});

async function sessionOf(email: string): Promise<Record<string, string>> {
  const res = await app.inject({ method: 'POST', url: '/login', body: { email, password: DEMO.password } });
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (res.statusCode !== 200 || !cookie) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return { cookie: `${SESSION_COOKIE}=${cookie.value}` };
}

const widgetToken = async (body: unknown, headers?: Record<string, string>) =>
  app.inject({ method: 'POST', url: '/widget-token', body: body as object, headers: headers ?? (await sessionOf(DEMO.users.agent.email)) });

it("issues a 5-minute token for the widget's audience naming the agent, the ticket and its contact, verifiable with the JWKS", async () => {
  const res = await widgetToken({ widget: 'order-lookup', ticketId: SUPPORT_TICKET.id });
  expect(res.statusCode).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  const { token, expiresAt } = res.json<{ token: string; expiresAt: number }>();
  const { payload } = await jwtVerify(token, jwks, { audience: 'widget:order-lookup', issuer: TOKEN_ISSUER });
  const claims = payload as unknown as WidgetTokenClaims;
  expect(claims).toMatchObject({
    sub: DEMO.users.agent.id,
    aud: 'widget:order-lookup',
    teams: [DEMO.teams.support.id],
    ticket: { id: SUPPORT_TICKET.id, number: 41 },
    contact: SUPPORT_TICKET.contactId,
    exp: expiresAt,
  });
  expect(claims.exp - claims.iat).toBe(300);
  // A platform service refuses it: it is for the widget's backend only.
  await expect(jwtVerify(token, jwks, { audience: 'tickets' })).rejects.toThrow();
  expect(ticketReads).toContain(`${DEMO.users.agent.id} ${SUPPORT_TICKET.id}`);
});

it('issues one without a ticket for a page that has none, naming no ticket or contact', async () => {
  const res = await widgetToken({ widget: 'order-lookup' });
  expect(res.statusCode).toBe(200);
  const { payload } = await jwtVerify(res.json<{ token: string }>().token, jwks, { audience: 'widget:order-lookup' });
  expect(payload).not.toHaveProperty('ticket');
  expect(payload).not.toHaveProperty('contact');
});

it("refuses a widget without an approved backend, and another team's ticket, with codes", async () => {
  const unapproved = await widgetToken({ widget: 'calendar', ticketId: SUPPORT_TICKET.id });
  expect([unapproved.statusCode, unapproved.json().code]).toEqual([403, 'WIDGET_NOT_APPROVED']);
  const otherTeams = await widgetToken({ widget: 'order-lookup', ticketId: BILLING_TICKET.id });
  expect([otherTeams.statusCode, otherTeams.json().code]).toEqual([403, 'TICKET_NOT_ACCESSIBLE']);
  // The Billing agent gets a token about their team's ticket.
  const billing = await widgetToken({ widget: 'order-lookup', ticketId: BILLING_TICKET.id }, await sessionOf(DEMO.users.billing.email));
  expect(billing.statusCode).toBe(200);
  for (const body of [{}, { widget: 'Order Lookup' }, { widget: 'order-lookup', ticketId: 'not-a-uuid' }, { widget: 'order-lookup', extra: 1 }]) {
    const res = await widgetToken(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toEqual(expect.any(String));
  }
  expect((await app.inject({ method: 'POST', url: '/widget-token', body: { widget: 'order-lookup' } })).statusCode).toBe(401);
});

it('answers 503 while the registry is away', async () => {
  registryUp = false;
  try {
    const res = await widgetToken({ widget: 'order-lookup' });
    expect([res.statusCode, res.json().code]).toEqual([503, 'DEPENDENCY_UNAVAILABLE']);
  } finally {
    registryUp = true;
  }
});
