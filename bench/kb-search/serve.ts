// Child process of the bench: serves the knowledge-base app or a bare Fastify hello-world on an
// ephemeral port and prints `LISTENING <port>`, so that the load generator does not share its
// event loop.
import Fastify from 'fastify';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { buildApp } from '../../services/kb/src/app';

async function main(): Promise<void> {
  const app =
    process.argv[2] === 'kb'
      ? await buildApp({
          databaseUrl: process.env.BENCH_DATABASE_URL!,
          poolSize: Number(process.env.BENCH_POOL_SIZE ?? 10),
          logger: false,
          getKey: createLocalJWKSet(JSON.parse(process.env.BENCH_JWKS!) as JSONWebKeySet),
        })
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
