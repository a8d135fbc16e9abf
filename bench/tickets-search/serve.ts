// Child process of the bench: serves the tickets app, a bare hello-world, a kit app with one
// authenticated route (the kit's per-request cost, with the verified-token cache or without it), or
// the floor (bare Fastify and a pg pool running the search's own statements) on an ephemeral port
// and prints `LISTENING <port>`, so that the load generator does not share its event loop.
import { TicketListSchema, TicketSearchQuerySchema, type TicketSearchQuery } from '@switchboard/contracts';
import { createServiceApp, type Caller } from '@switchboard/service-kit';
import Fastify from 'fastify';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { Pool } from 'pg';
import { buildApp } from '../../services/tickets/src/app';
import { runSearch } from '../../services/tickets/src/search/run-search';
import { BENCH_QUEUE, BENCH_USER } from './bulk-seed';

const benchKeys = () => createLocalJWKSet(JSON.parse(process.env.BENCH_JWKS!) as JSONWebKeySet);

/** A kit app whose only route needs a token: `token-cached` keeps verified tokens, `token-verified` checks every signature. */
async function authenticatedHello(mode: string) {
  const tokenCacheSize = mode === 'token-verified' ? 0 : undefined;
  const app = await createServiceApp({ name: 'tickets', logger: false, auth: { audience: 'tickets', getKey: benchKeys(), tokenCacheSize } });
  app.get('/', async (request) => ({ hello: request.auth.sub }));
  return app;
}

/**
 * The floor: what the same search costs with nothing of the service around it. Bare Fastify (the
 * contract's query and answer schemas, so validation and serialization are the service's), a pg
 * pool of the service's size, the search's statements (runSearch, prepared as the service runs
 * them) for the bench user as the token names them; no token check, no ORM, no kit hooks.
 */
function floor() {
  const pool = new Pool({ connectionString: process.env.BENCH_DATABASE_URL!, max: Number(process.env.BENCH_POOL_SIZE ?? 10) });
  const caller: Caller = { sub: BENCH_USER, userId: BENCH_USER, queues: [BENCH_QUEUE], teams: [], isAdmin: false, isService: false };
  const app = Fastify({ logger: false, ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true } } });
  app.get<{ Querystring: TicketSearchQuery }>(
    '/tickets',
    { schema: { querystring: TicketSearchQuerySchema, response: { 200: TicketListSchema } } },
    async (request) => runSearch(async (name, text, values) => (await pool.query({ name, text, values })).rows, caller, request.query),
  );
  app.addHook('onClose', async () => pool.end());
  return app;
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  const app =
    mode === 'tickets'
      ? await buildApp({
          databaseUrl: process.env.BENCH_DATABASE_URL!,
          poolSize: Number(process.env.BENCH_POOL_SIZE ?? 10),
          logger: false,
          getKey: benchKeys(),
        })
      : mode === 'floor'
        ? floor()
        : mode === 'token-cached' || mode === 'token-verified'
          ? await authenticatedHello(mode)
          : Fastify({ logger: false }).get('/', async () => ({ hello: 'world' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
