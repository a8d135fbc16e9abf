// Child process of the bench: serves the tickets app, a bare hello-world, or a kit app with one
// authenticated route (the kit's per-request cost, with the verified-token cache or without it) on
// an ephemeral port and prints `LISTENING <port>`, so that the load generator does not share its event loop.
import { createServiceApp } from '@switchboard/service-kit';
import Fastify from 'fastify';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { buildApp } from '../../services/tickets/src/app';

const benchKeys = () => createLocalJWKSet(JSON.parse(process.env.BENCH_JWKS!) as JSONWebKeySet);

/** A kit app whose only route needs a token: `token-cached` keeps verified tokens, `token-verified` checks every signature. */
async function authenticatedHello(mode: string) {
  const tokenCacheSize = mode === 'token-verified' ? 0 : undefined;
  const app = await createServiceApp({ name: 'tickets', logger: false, auth: { audience: 'tickets', getKey: benchKeys(), tokenCacheSize } });
  app.get('/', async (request) => ({ hello: request.auth.sub }));
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
