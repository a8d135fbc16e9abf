// Child process of the bench: serves the CRM app, a bare Fastify hello-world, or a bare Fastify
// route running the CRM's match statement on plain `pg` (the ceiling of any match route on this
// database) on an ephemeral port and prints `LISTENING <port>`, so that the load generator does
// not share its event loop.
import Fastify, { type FastifyInstance } from 'fastify';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { Pool } from 'pg';
import { buildApp } from '../../services/crm/src/app';
import { MATCH_BY_EMAIL_SQL } from '../../services/crm/src/contacts/contact-match';

/** `GET /contacts/match?email=` with nothing but the statement: no auth, schema or mapping. */
function bareMatch(): FastifyInstance {
  const pool = new Pool({ connectionString: process.env.BENCH_DATABASE_URL!, max: Number(process.env.BENCH_POOL_SIZE ?? 10) });
  const app = Fastify({ logger: false });
  app.get<{ Querystring: { email: string } }>('/contacts/match', async (request) => {
    const { rows } = await pool.query({ name: 'match-email', text: MATCH_BY_EMAIL_SQL, values: [request.query.email] });
    return { items: rows };
  });
  app.addHook('onClose', () => pool.end());
  return app;
}

async function main(): Promise<void> {
  const app =
    process.argv[2] === 'crm'
      ? await buildApp({
          databaseUrl: process.env.BENCH_DATABASE_URL!,
          poolSize: Number(process.env.BENCH_POOL_SIZE ?? 10),
          logger: false,
          getKey: createLocalJWKSet(JSON.parse(process.env.BENCH_JWKS!) as JSONWebKeySet),
        })
      : process.argv[2] === 'bare-match'
        ? bareMatch()
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
