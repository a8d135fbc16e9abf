import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { freePort } from './free-port';
import { buildGateway } from './gateway';
import { REPO_ROOT } from './paths';
import { PlatformError } from './platform-error';
import { checkRedis, DEFAULT_REDIS_URL } from './redis-check';
import { spawnService, type ServiceProcess } from './service-process';
import { buildWidgetCdn, findBuiltWidgets } from './widget-cdn';

/** The services the platform runs. */
export type ServiceName = 'identity' | 'tickets';

/** Start order and default ports: identity first, because the others verify tokens with its JWKS. */
const SERVICES: ReadonlyArray<{ name: ServiceName; port: number }> = [
  { name: 'identity', port: 4001 },
  { name: 'tickets', port: 4002 },
];

/** How to start the platform; every field has a default fit for `npm start`. */
export interface PlatformOptions {
  /** Repository root holding shell/, widgets/ and services/. */
  rootDir?: string;
  /** A real PostgreSQL for every service (each in its own schema); omitted: embedded PGlite per service. */
  databaseUrl?: string;
  /** Parent folder of the embedded databases (`<dataDir>/<service>`); default `<rootDir>/.data`. */
  dataDir?: string;
  /** Gateway port (shell and /api); default 8080, 0 = any free port. */
  port?: number;
  /** Widget CDN port; default 8081, 0 = any free port. */
  widgetPort?: number;
  /** Service ports; defaults 4001 (identity) and 4002 (tickets), 0 = any free port. */
  servicePorts?: Partial<Record<ServiceName, number>>;
  /** Seed demo data into empty tables (SEED_DEMO). */
  seedDemo?: boolean;
  /** Log level of the services (LOG_LEVEL); default info. */
  logLevel?: string;
  /** Keep the services' output to error messages only (tests). */
  quiet?: boolean;
  /** Where log lines go; default stdout. */
  output?: (line: string) => void;
  /** Refuse to start without Redis; default true. */
  requireRedis?: boolean;
  /** Redis URL, passed on to the services; default redis://127.0.0.1:6379. */
  redisUrl?: string;
  /** More widget folders to serve by name, e.g. a test fixture. */
  extraWidgets?: Record<string, string>;
  /** The built shell; default `<rootDir>/shell/dist`. */
  shellDir?: string;
  /** Longest wait for one service's `/ready`; default 120 s (first start migrates). */
  readyTimeoutMs?: number;
  /** Aborting it cancels start-up: what started is stopped and the promise rejects. */
  signal?: AbortSignal;
  /** Called when a service dies while running; default: a log line. */
  onUnexpectedExit?: (name: string, code: number | null, signal: NodeJS.Signals | null) => void;
}

/** A running platform. */
export interface Platform {
  /** Where the agent opens the app, e.g. http://127.0.0.1:8080. */
  shellUrl: string;
  /** Origin of the widget CDN, e.g. http://127.0.0.1:8081. */
  widgetOrigin: string;
  /** Each service's own base URL (bypassing the gateway). */
  services: Record<ServiceName, { url: string }>;
  /** Stops services (SIGTERM, SIGKILL after 5 s), servers and embedded databases. Idempotent. */
  stop(): Promise<void>;
}

async function listen(app: FastifyInstance, port: number, what: string, envName: string): Promise<string> {
  try {
    await app.listen({ port, host: '127.0.0.1' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new PlatformError(`Port ${port} (${what}) is taken, perhaps by another \`npm start\`. Set ${envName} to use another.`);
    }
    throw error;
  }
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
}

/**
 * Starts the whole platform: one process per service on its own database, the gateway (shell +
 * /api) and the widget CDN. Used by `npm start` and by the e2e tests. On any start-up failure it
 * stops what it started and rejects, with a PlatformError where the cause is known.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const root = options.rootDir ?? REPO_ROOT;
  const out = options.output ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const shellDir = options.shellDir ?? join(root, 'shell', 'dist');
  const redisUrl = options.redisUrl ?? DEFAULT_REDIS_URL;
  if (!existsSync(join(shellDir, 'index.html'))) {
    throw new PlatformError(`${shellDir}/index.html is missing: build first with \`npm run build\`.`);
  }
  if (options.requireRedis ?? true) await checkRedis(redisUrl);
  const checkCancelled = () => {
    if (options.signal?.aborted) throw new PlatformError('Start-up cancelled');
  };

  const servers: FastifyInstance[] = [];
  const databases: EmbeddedPostgres[] = [];
  const children: ServiceProcess[] = [];
  let stopping: Promise<void> | undefined;
  let running = false;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.allSettled(servers.map((server) => server.close()));
      await Promise.allSettled(children.map((child) => child.stop(5000)));
      await Promise.allSettled(databases.map((db) => db.stop()));
    })());

  try {
    const ports = {} as Record<ServiceName, number>;
    for (const { name, port } of SERVICES) {
      const wanted = options.servicePorts?.[name] ?? port;
      ports[name] = wanted === 0 ? await freePort() : wanted;
    }
    const serviceUrls = Object.fromEntries(SERVICES.map(({ name }) => [name, `http://127.0.0.1:${ports[name]}`]));

    const cdn = await buildWidgetCdn({ widgets: { ...findBuiltWidgets(root), ...options.extraWidgets } });
    servers.push(cdn);
    const widgetOrigin = await listen(cdn, options.widgetPort ?? 8081, 'widget CDN', 'WIDGET_PORT');
    const gateway = await buildGateway({ shellDir, services: serviceUrls, widgetOrigin, log: out });
    servers.push(gateway);
    const shellUrl = await listen(gateway, options.port ?? 8080, 'gateway', 'PORT');
    checkCancelled();

    const databaseUrls = {} as Record<ServiceName, string>;
    if (options.databaseUrl) {
      for (const { name } of SERVICES) databaseUrls[name] = options.databaseUrl;
    } else {
      const dataDir = options.dataDir ?? join(root, '.data');
      // allSettled: on a failure, every database that did open is in `databases` for stop().
      const opened = await Promise.allSettled(
        SERVICES.map(async ({ name }) => {
          const db = await startEmbeddedPostgres({ dataDir: join(dataDir, name) });
          databases.push(db);
          databaseUrls[name] = db.url;
        }),
      );
      const failure = opened.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
    }
    checkCancelled();

    const envOf = (name: ServiceName): Record<string, string> => ({
      DATABASE_URL: databaseUrls[name],
      ...(options.databaseUrl ? {} : { DB_POOL_SIZE: '1' }),
      SEED_DEMO: String(options.seedDemo ?? false),
      LOG_LEVEL: options.logLevel ?? 'info',
      REDIS_URL: redisUrl,
      ...(name === 'identity'
        ? { WIDGET_ORIGIN: widgetOrigin }
        : { IDENTITY_JWKS_URL: `${serviceUrls.identity}/.well-known/jwks.json` }),
    });
    const launch = (name: ServiceName) => {
      const child = spawnService({
        name,
        script: join(root, 'services', name, 'dist', 'server.js'),
        port: ports[name],
        env: envOf(name),
        output: options.quiet ? undefined : out,
        // During start-up, waitReady reports a dying service, with its last output.
        onUnexpectedExit: (service, code, signal) => {
          if (!running) return;
          if (options.onUnexpectedExit) options.onUnexpectedExit(service, code, signal);
          else out(`[platform] ${service} stopped unexpectedly (${signal ?? `code ${code}`})`);
        },
      });
      children.push(child);
      return child.waitReady(options.readyTimeoutMs ?? 120_000, options.signal);
    };
    const [first, ...rest] = SERVICES;
    await launch(first.name);
    await Promise.all(rest.map(({ name }) => launch(name)));
    checkCancelled();
    running = true;
    return {
      shellUrl,
      widgetOrigin,
      services: Object.fromEntries(SERVICES.map(({ name }) => [name, { url: serviceUrls[name] }])) as Platform['services'],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
