// Child process of the bench: serves the CRM app, a bare Fastify hello-world, or the floor: a bare
// Fastify app running the CRM's statements for the same three requests on plain `pg`, one
// statement per request (the app coalesces concurrent matches into shared statements, the floor
// does not), with no auth, hooks, validation, schemas or mapping (what any route running that SQL
// once per request costs on this machine). Listens on an ephemeral port and prints `LISTENING <port>`, so that the load
// generator does not share its event loop.
import Fastify, { type FastifyInstance } from 'fastify';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { Pool } from 'pg';
import { buildApp } from '../../services/crm/src/app';
import { MATCH_SQL } from '../../services/crm/src/contacts/contact-match';
import { CONTACT_COLUMNS } from '../../services/crm/src/contacts/contact-row';
import { searchPage } from '../../services/crm/src/search/search-page';

const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? 10);

/** A statement with knex's `?` placeholders (the repository's) in pg's `$n` form. */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** The three routes on plain pg: the match statement prepared as the service prepares it, with one key, the search's steps as the repository runs them. */
function floor(): FastifyInstance {
  const pool = new Pool({ connectionString: process.env.BENCH_DATABASE_URL!, max: POOL_SIZE });
  const app = Fastify({ logger: false });
  app.get<{ Querystring: { email?: string; phone?: string } }>('/contacts/match', async (request) => {
    const { email, phone } = request.query;
    const { rows } = await pool.query({ name: 'match', text: MATCH_SQL, values: [JSON.stringify([email === undefined ? 'phone' : 'email']), JSON.stringify([email ?? phone])] });
    return { items: rows };
  });
  app.get<{ Querystring: { q: string } }>('/contacts', async (request) =>
    searchPage({ q: request.query.q, limit: 25, filters: { sql: [], params: [] }, alias: 'c' }, async (conditions, limit) => {
      const sql = `select ${CONTACT_COLUMNS} from crm.contact c ${conditions.sql.length ? `where ${conditions.sql.join(' and ')}` : ''} order by c.sort_name, c.id limit ?`;
      return (await pool.query<{ id: string; sort_name: string }>(numbered(sql), [...conditions.params, limit])).rows;
    }),
  );
  app.addHook('onClose', () => pool.end());
  return app;
}

async function main(): Promise<void> {
  const app =
    process.argv[2] === 'crm'
      ? await buildApp({
          databaseUrl: process.env.BENCH_DATABASE_URL!,
          poolSize: POOL_SIZE,
          logger: false,
          getKey: createLocalJWKSet(JSON.parse(process.env.BENCH_JWKS!) as JSONWebKeySet),
        })
      : process.argv[2] === 'floor'
        ? floor()
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
