import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { CommonErrorCode } from '@switchboard/contracts';
import { notFound } from './errors';

declare module 'fastify' {
  interface FastifyInstance {
    /** The service's Prometheus metrics (served at `/metrics`); a service may register its own. */
    metrics: Registry;
  }
}

/** Request durations in seconds: from a cached read (5 ms) to a slow search (10 s). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Node's own metrics (CPU, memory, event loop lag, GC) once per process, however many apps it runs. */
let processRegistry: Registry | undefined;
export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** The request came through a proxy (the gateway, an ingress): every one of them sets one of these. */
const forwarded = (request: FastifyRequest) => request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;

/** The pool of connections MikroORM's knex keeps (tarn). */
interface ConnectionPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

/** An outbox table found in the service's schema: a `*outbox` table with `created_at` and `relayed_at`. */
const OUTBOX_TABLES_SQL = `select table_name from information_schema.columns
  where table_schema = ? and table_name like '%outbox' and column_name in ('created_at', 'relayed_at')
  group by table_name having count(*) = 2 order by table_name`;

/**
 * Gauges of the ORM's connection pool and of every outbox table in the service's schema: rows
 * not yet relayed, and the age of the oldest (the relay's lag). Read at each scrape; a scrape
 * while the database is down leaves the outbox gauges out rather than failing.
 */
function registerDatabaseMetrics(registry: Registry, orm: MikroORM, schema: string): void {
  const pool = () => (orm.em.getConnection().getKnex().client as { pool?: ConnectionPool }).pool;
  new Gauge({
    name: 'db_pool_connections',
    help: 'Connections of the service database pool, by state (used, free, pending acquires, max)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const current = pool();
      if (!current) return;
      this.set({ state: 'used' }, current.numUsed());
      this.set({ state: 'free' }, current.numFree());
      this.set({ state: 'pending' }, current.numPendingAcquires());
      this.set({ state: 'max' }, current.max);
    },
  });

  let outboxTables: Promise<string[]> | undefined;
  const findOutboxTables = async () => {
    const rows = await orm.em.getConnection().execute<Array<{ table_name: string }>>(OUTBOX_TABLES_SQL, [schema]);
    return rows.map((row) => row.table_name);
  };
  /** Each table's backlog and lag; null when the database is not answering. */
  const readOutboxes = async (): Promise<Map<string, { rows: number; lag: number }> | null> => {
    try {
      outboxTables ??= findOutboxTables();
      const found = new Map<string, { rows: number; lag: number }>();
      for (const table of await outboxTables) {
        const [row] = await orm.em
          .getConnection()
          .execute<Array<{ rows: string; lag: number | null }>>(
            `select count(*) as rows, extract(epoch from now() - min(created_at))::float8 as lag from "${schema}"."${table}" where relayed_at is null`,
          );
        found.set(table, { rows: Number(row.rows), lag: Math.max(0, row.lag ?? 0) });
      }
      return found;
    } catch {
      outboxTables = undefined;
      return null;
    }
  };
  // Both gauges collect at once when scraped: they share one reading per scrape.
  let reading: ReturnType<typeof readOutboxes> | undefined;
  const outboxes = () => (reading ??= readOutboxes().finally(() => (reading = undefined)));
  const outboxGauge = (name: string, help: string, value: (outbox: { rows: number; lag: number }) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['table'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const [table, outbox] of (await outboxes()) ?? []) this.set({ table }, value(outbox));
      },
    });
  outboxGauge('outbox_pending_rows', 'Outbox rows not relayed yet', (outbox) => outbox.rows);
  outboxGauge('outbox_lag_seconds', 'Age of the oldest outbox row not relayed yet (0 when none)', (outbox) => outbox.lag);
}

/** What `installMetrics` measures beyond requests. */
export interface MetricsOptions {
  /** The service's ORM and schema: pool usage and outbox lag. */
  database?: { orm: MikroORM; schema: string };
}

/**
 * Prometheus metrics for one service app: request duration by method, route (the route's
 * template, never the raw path) and status; the database pool and outbox lag; Node's process
 * metrics. Serves them at `/metrics` without a token to callers on the service's own port
 * (Prometheus), and answers 404 to a request that came through the gateway or an ingress, so
 * `/api/<service>/metrics` reveals nothing.
 */
export function installMetrics(app: FastifyInstance, options: MetricsOptions = {}): void {
  const registry = new Registry();
  app.decorate('metrics', registry);
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request to response, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? '(unmatched)';
    duration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
  if (options.database) registerDatabaseMetrics(registry, options.database.orm, options.database.schema);

  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    // The same answer as for a path no route serves.
    if (forwarded(request)) throw notFound(CommonErrorCode.notFound, `No route ${request.method} ${request.url}`);
    const merged = Registry.merge([processMetrics(), registry]);
    return reply.type(merged.contentType).send(await merged.metrics());
  });
}
