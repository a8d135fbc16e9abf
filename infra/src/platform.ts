import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { freePort } from './free-port';
import { mailSecretKeyOf } from './mail-secret-key';
import { buildGateway } from './gateway';
import { startDevMailSink, type DevMailSink } from './mail-sink/dev-mail-sink';
import { REPO_ROOT } from './paths';
import { PlatformError } from './platform-error';
import { checkRedis, DEFAULT_REDIS_URL } from './redis-check';
import type { ServiceProcess } from './service-process';
import { superviseService, type RestartPolicy } from './supervisor';
import { buildWidgetCdn, findBuiltWidgets } from './widget-cdn';

/** The services the platform runs. */
export type ServiceName = 'identity' | 'tickets' | 'mail' | 'registry' | 'crm' | 'templates' | 'kb';

/** Start order and default ports: identity first, because the others verify tokens with its JWKS. */
export const SERVICES: ReadonlyArray<{ name: ServiceName; port: number }> = [
  { name: 'identity', port: 4001 },
  { name: 'tickets', port: 4002 },
  { name: 'mail', port: 4003 },
  { name: 'registry', port: 4004 },
  { name: 'crm', port: 4005 },
  { name: 'templates', port: 4006 },
  { name: 'kb', port: 4007 },
];

/** The mail service's delivery worker, in the same package. */
const MAIL_WORKER_SCRIPT = ['services', 'mail', 'dist', 'delivery', 'worker-main.js'];

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
  /** Service ports; defaults 4001 (identity), 4002 (tickets), 4003 (mail), 4004 (registry), 4005 (crm), 4006 (templates), 4007 (kb), 0 = any free port. */
  servicePorts?: Partial<Record<ServiceName, number>>;
  /** The SMTP server mail delivers through (SMTP_URL); omitted: a dev mail sink is started for it. */
  smtpUrl?: string;
  /** SMTP port of the dev mail sink; default 2525, 0 = any free port. */
  devMailPort?: number;
  /** Port of the mail service's inbound SMTP listener (INBOUND_SMTP_PORT); default 2526, 0 = any free port. */
  inboundSmtpPort?: number;
  /** Where the mail service and its worker keep attachment bytes; default `<dataDir>/mail-blobs`. */
  blobDir?: string;
  /** Where the registry keeps published widget files; default `<dataDir>/registry-files`. */
  registryDir?: string;
  /** Folder of the SDK tarballs (packages/cli/scripts/pack-packages.cjs) the registry serves at /sdk/:file; none by default. */
  sdkPackagesDir?: string;
  /** Redis key prefix of the mail send queue (MAIL_QUEUE_PREFIX); default `sb`. Tests use their own. */
  mailQueuePrefix?: string;
  /** Undo window of agents who never chose one, in seconds (MAIL_UNDO_SEND_SECONDS); mail's default 10. Tests use 0. */
  mailUndoSendSeconds?: number;
  /** Redis key prefix of the events between services (EVENTS_PREFIX, hash-tagged); default `{sb}`. Tests use their own. */
  eventsPrefix?: string;
  /** Sites the shell may frame for the Page-in-page widget (P1), as origins (`https://orders.example`); the gateway's `frame-src`. */
  frameOrigins?: string[];
  /**
   * Processes per service (default 1). With more, the gateway balances over them and the services
   * call one another through the gateway (`<shellUrl>/api/<service>`), as pods do through a
   * Kubernetes Service; replica 0 keeps the service's port, the others take free ones.
   */
  replicas?: number;
  /** Connections each service process may open to `databaseUrl` (DB_POOL_SIZE; the kit's default 10). */
  poolSize?: number;
  /** Mail delivery worker processes (default 1). */
  mailWorkers?: number;
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
  /** More widget folders the CDN serves by name (not published to the registry), e.g. a test fixture. */
  extraWidgets?: Record<string, string>;
  /** The built shell; default `<rootDir>/shell/dist`. */
  shellDir?: string;
  /** Longest wait for one service's `/ready`; default 120 s (first start migrates). */
  readyTimeoutMs?: number;
  /** Aborting it cancels start-up: what started is stopped and the promise rejects. */
  signal?: AbortSignal;
  /** How a service that dies while running is started again (default: after 1 s, doubling up to 30 s). */
  restartPolicy?: RestartPolicy;
  /** Called when a service dies while running, before it is restarted; default: a log line. */
  onUnexpectedExit?: (name: string, code: number | null, signal: NodeJS.Signals | null) => void;
}

/** A running platform. */
export interface Platform {
  /** Where the agent opens the app, e.g. http://127.0.0.1:8080. */
  shellUrl: string;
  /** Origin of the widget CDN, e.g. http://127.0.0.1:8081. */
  widgetOrigin: string;
  /** Each service's own base URL (bypassing the gateway; replica 0's) and every replica's. */
  services: Record<ServiceName, { url: string; replicas: string[] }>;
  /** The dev mail sink (at /api/dev-mail behind the gateway), or null when `smtpUrl` was given. */
  devMail: { smtpPort: number; url: string } | null;
  /** Every service replica and worker process now running, by log name (`mail`, `mail-2`, `mail-worker`). */
  processes(): Array<{ name: string; pid: number | undefined }>;
  /** Stops services (SIGTERM, SIGKILL after 5 s), servers and embedded databases. Idempotent. */
  stop(): Promise<void>;
}

/** Log name of a replica: the first keeps the plain name (`mail`), the others are numbered (`mail-2`). */
const replicaName = (name: string, replica: number) => (replica === 0 ? name : `${name}-${replica + 1}`);

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
 * Starts the whole platform: one process per service on its own database, the mail worker, the
 * dev mail sink (without `smtpUrl`), the gateway (shell + /api) and the widget CDN. Used by
 * `npm start` and by the e2e tests. On any start-up failure it stops what it started and
 * rejects, with a PlatformError where the cause is known.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const root = options.rootDir ?? REPO_ROOT;
  const out = options.output ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const shellDir = options.shellDir ?? join(root, 'shell', 'dist');
  const dataDir = options.dataDir ?? join(root, '.data');
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
  let sink: DevMailSink | undefined;
  let stopping: Promise<void> | undefined;
  let running = false;
  /** A process that died before start-up finished, when no waitReady was there to see it. */
  let earlyExit: string | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.allSettled(servers.map((server) => server.close()));
      await Promise.allSettled(children.map((child) => child.stop(5000)));
      await Promise.allSettled(databases.map((db) => db.stop()));
      await sink?.stop();
    })());

  try {
    const replicaCount = Math.max(1, options.replicas ?? 1);
    const ports = {} as Record<ServiceName, number[]>;
    for (const { name, port } of SERVICES) {
      const wanted = options.servicePorts?.[name] ?? port;
      ports[name] = [wanted === 0 ? await freePort() : wanted];
      while (ports[name].length < replicaCount) ports[name].push(await freePort());
    }
    const replicaUrls = Object.fromEntries(SERVICES.map(({ name }) => [name, ports[name].map((port) => `http://127.0.0.1:${port}`)])) as Record<
      ServiceName,
      string[]
    >;
    const gatewayPort = (options.port ?? 8080) || (await freePort());
    // How the platform's parts reach a service: itself, or through the gateway's balancer when replicated.
    const serviceUrls = Object.fromEntries(
      SERVICES.map(({ name }) => [name, replicaCount > 1 ? `http://127.0.0.1:${gatewayPort}/api/${name}` : replicaUrls[name][0]!]),
    ) as Record<ServiceName, string>;
    const jwksUrl = `${serviceUrls.identity}/.well-known/jwks.json`;
    const inboundSmtpPort = (options.inboundSmtpPort ?? 2526) || (await freePort());

    if (!options.smtpUrl) {
      sink = await startDevMailSink({ smtpPort: options.devMailPort ?? 2525, jwksUrl, inboundSmtpPort, log: out }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
        throw new PlatformError(
          `Port ${options.devMailPort ?? 2525} (dev mail sink) is taken. ` +
            'Set DEV_MAIL_PORT to use another, or SMTP_URL to send through a real SMTP server.',
        );
      });
    }
    const proxied: Record<string, string | string[]> = { ...replicaUrls, ...(sink ? { 'dev-mail': sink.apiUrl } : {}) };

    const builtWidgets = findBuiltWidgets(root);
    const cdn = await buildWidgetCdn({ widgets: { ...builtWidgets, ...options.extraWidgets }, registryUrl: serviceUrls.registry });
    servers.push(cdn);
    const widgetOrigin = await listen(cdn, options.widgetPort ?? 8081, 'widget CDN', 'WIDGET_PORT');
    // The platform is for one machine: a developer's widget dev server may be loaded by a dev override.
    const gateway = await buildGateway({
      shellDir,
      services: proxied,
      widgetOrigin,
      allowLoopbackDevServers: true,
      frameOrigins: options.frameOrigins,
      frameOriginsUrl: `${serviceUrls.registry}/frame-origins`,
      connectOriginsUrl: `${serviceUrls.registry}/connect-origins`,
      log: out,
    });
    servers.push(gateway);
    const shellUrl = await listen(gateway, gatewayPort, 'gateway', 'PORT');
    checkCancelled();

    const databaseUrls = {} as Record<ServiceName, string>;
    if (options.databaseUrl) {
      for (const { name } of SERVICES) databaseUrls[name] = options.databaseUrl;
    } else {
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

    const blobDir = options.blobDir ?? join(dataDir, 'mail-blobs');
    const registryDir = options.registryDir ?? join(dataDir, 'registry-files');
    await mkdir(blobDir, { recursive: true });
    await mkdir(registryDir, { recursive: true });
    // Identity knows the mail service by this secret; a new one each start, never written down.
    const mailSecret = randomBytes(32).toString('base64url');
    // Queues' sealed SMTP and IMAP URLs; with it mail runs the IMAP pollers (issue 13).
    const mailSecretKey = await mailSecretKeyOf(dataDir);
    const common = (name: ServiceName) => ({
      DATABASE_URL: databaseUrls[name],
      ...(options.databaseUrl ? (options.poolSize ? { DB_POOL_SIZE: String(options.poolSize) } : {}) : { DB_POOL_SIZE: '1' }),
      LOG_LEVEL: options.logLevel ?? 'info',
      REDIS_URL: redisUrl,
      ...(options.eventsPrefix ? { EVENTS_PREFIX: options.eventsPrefix } : {}),
    });
    const mailQueuePrefix = options.mailQueuePrefix ?? 'sb';
    const envOf = (name: ServiceName): Record<string, string> => {
      const env = { ...common(name), SEED_DEMO: String(options.seedDemo ?? false) };
      switch (name) {
        case 'identity':
          // The shell's origin: browsers without Sec-Fetch-Site name it in Origin, and identity sees
          // the gateway's upstream host, not this one.
          return {
            ...env,
            SERVICE_SECRETS: `mail:${mailSecret}`,
            ALLOWED_ORIGINS: new URL(shellUrl).origin,
            // Widget tokens (issue 16): the registry's approved connect origins, tickets' access rules.
            REGISTRY_URL: serviceUrls.registry,
            TICKETS_URL: serviceUrls.tickets,
          };
        case 'tickets':
        case 'crm':
        case 'templates':
        case 'kb':
          return { ...env, IDENTITY_JWKS_URL: jwksUrl };
        case 'mail':
          return {
            ...env,
            IDENTITY_JWKS_URL: jwksUrl,
            IDENTITY_URL: serviceUrls.identity,
            TICKETS_URL: serviceUrls.tickets,
            TEMPLATES_URL: serviceUrls.templates,
            // Received emails' senders are matched with CRM contacts (issue 13).
            CRM_URL: serviceUrls.crm,
            SERVICE_SECRET: mailSecret,
            BLOB_DIR: blobDir,
            MAIL_QUEUE_PREFIX: mailQueuePrefix,
            MAIL_SECRET_KEY: mailSecretKey,
            INBOUND_SMTP_PORT: String(inboundSmtpPort),
            ...(options.mailUndoSendSeconds === undefined ? {} : { MAIL_UNDO_SEND_SECONDS: String(options.mailUndoSendSeconds) }),
          };
        case 'registry':
          return {
            ...env,
            IDENTITY_JWKS_URL: jwksUrl,
            REGISTRY_DATA_DIR: registryDir,
            ASSET_BASE_URL: `${widgetOrigin}/registry`,
            // Builds may be registered by URL from this platform's own widget server only.
            REGISTRY_FETCH_ORIGINS: widgetOrigin,
            // The first-party widgets of this build are published and activated at first start.
            SEED_WIDGETS: Object.values(builtWidgets).join(':'),
            ...(options.sdkPackagesDir ? { SDK_PACKAGES_DIR: options.sdkPackagesDir } : {}),
          };
      }
    };
    const onUnexpectedExit = (service: string, code: number | null, signal: NodeJS.Signals | null) => {
      if (!running) {
        earlyExit ??= `${service} stopped during start-up (${signal ?? `exit code ${code}`}).`;
        return;
      }
      if (options.onUnexpectedExit) options.onUnexpectedExit(service, code, signal);
      else out(`[platform] ${service} stopped unexpectedly (${signal ?? `code ${code}`})`);
    };
    const launch = (name: string, script: string, env: Record<string, string>, port?: number) => {
      const child = superviseService(
        { name, script, port, env, output: options.quiet ? undefined : out, onUnexpectedExit },
        {
          policy: options.restartPolicy,
          restarting: () => running && !stopping,
          onRestart: (service, delayMs) => options.quiet || out(`[platform] restarting ${service} in ${(delayMs / 1000).toFixed(1)} s`),
          onRestartFailed: (service, error) => out(`[platform] could not restart ${service}: ${error instanceof Error ? error.message : String(error)}`),
        },
      );
      children.push(child);
      return child.waitReady(options.readyTimeoutMs ?? 120_000, options.signal);
    };
    const launchService = async (name: ServiceName) => {
      const env = envOf(name);
      await Promise.all(
        replicaUrls[name].map(async (_, replica) => {
          // Each mail replica listens for inbound SMTP on a port of its own; the first on the advertised one.
          const own: Record<string, string> = name === 'mail' && replica > 0 ? { INBOUND_SMTP_PORT: String(await freePort()) } : {};
          return launch(replicaName(name, replica), join(root, 'services', name, 'dist', 'server.js'), { ...env, ...own }, ports[name][replica]);
        }),
      );
    };

    await launchService('identity');
    await Promise.all(SERVICES.filter(({ name }) => name !== 'identity').map(({ name }) => launchService(name)));
    // After the mail service is ready, so its migrations have run.
    const workerEnv = {
      ...common('mail'),
      BLOB_DIR: blobDir,
      SMTP_URL: options.smtpUrl ?? sink!.smtpUrl,
      MAIL_QUEUE_PREFIX: mailQueuePrefix,
      MAIL_SECRET_KEY: mailSecretKey,
      // A sent email's macro (E13): its actions go to tickets and CRM with mail's service tokens.
      IDENTITY_URL: serviceUrls.identity,
      TICKETS_URL: serviceUrls.tickets,
      CRM_URL: serviceUrls.crm,
      SERVICE_SECRET: mailSecret,
    };
    const workers = Array.from({ length: Math.max(1, options.mailWorkers ?? 1) }, (_, i) => replicaName('mail-worker', i));
    await Promise.all(workers.map((name) => launch(name, join(root, ...MAIL_WORKER_SCRIPT), workerEnv)));
    checkCancelled();
    running = true;
    if (earlyExit) throw new PlatformError(earlyExit);
    return {
      shellUrl,
      widgetOrigin,
      services: Object.fromEntries(SERVICES.map(({ name }) => [name, { url: replicaUrls[name][0]!, replicas: replicaUrls[name] }])) as Platform['services'],
      devMail: sink ? { smtpPort: sink.smtpPort, url: `${shellUrl}/api/dev-mail` } : null,
      processes: () => children.map((child) => ({ name: child.name, pid: child.pid })),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
