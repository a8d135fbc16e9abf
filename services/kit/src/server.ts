import type { JWTVerifyGetKey } from 'jose';
import type { ServiceApp } from './app';
import { remoteKeySet } from './auth';
import { closeGracefully } from './shutdown';
import { startTracing } from './tracing';

export interface RunOptions {
  /** Port to listen on. */
  port: number;
  /** Interface to bind; loopback unless told otherwise. */
  host?: string;
  /** Longest wait for in-flight requests on shutdown, in ms. */
  shutdownTimeoutMs?: number;
}

/**
 * Listens, and on SIGINT/SIGTERM (see `closeGracefully`) stops accepting, lets in-flight requests
 * finish, closes resources through `onClose`, then exits.
 */
export async function runService(app: ServiceApp, options: RunOptions): Promise<void> {
  closeGracefully(() => app.close(), { log: app.log, timeoutMs: options.shutdownTimeoutMs });
  await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
}

/** Reads a required environment variable or exits with a clear message. */
export function requireEnv(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    console.error(`Missing environment variable ${name}`);
    process.exit(1);
  }
  return value;
}

/**
 * Reads a whole-number environment variable (a port, a pool size) of at least `min` (default 0),
 * or exits with a clear message.
 */
export function intFromEnv(name: string, fallback: number, min = 0): number {
  const raw = requireEnv(name, String(fallback));
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    console.error(`${name}=${raw} is not a whole number${min > 0 ? ` of at least ${min}` : ''}`);
    process.exit(1);
  }
  return value;
}

/** What every service's `buildApp` reads from the environment the same way. */
export interface ServiceEnvironment {
  /** DATABASE_URL. */
  databaseUrl: string;
  /** DB_POOL_SIZE (10). */
  poolSize: number;
  /** LOG_LEVEL (info). */
  logger: { level: string };
  /** SEED_DEMO=true. */
  seedDemo: boolean;
  /** Token verification with identity's keys (IDENTITY_JWKS_URL, read when asked: identity has none). */
  identityKeys(): JWTVerifyGetKey;
}

/**
 * Builds the app from the common environment and serves it, or, with `MIGRATE_ONLY=true` (a
 * Kubernetes migration Job), stops once `build` has migrated (under the database's migration
 * lock, see orm.ts), closing the app without listening. Resolves with what it did.
 */
export async function startFromEnvironment(
  defaultPort: number,
  build: (env: ServiceEnvironment) => Promise<ServiceApp>,
): Promise<'serving' | 'migrated'> {
  const env: ServiceEnvironment = {
    databaseUrl: requireEnv('DATABASE_URL'),
    poolSize: intFromEnv('DB_POOL_SIZE', 10),
    logger: { level: requireEnv('LOG_LEVEL', 'info') },
    seedDemo: process.env.SEED_DEMO === 'true',
    identityKeys: () => remoteKeySet(requireEnv('IDENTITY_JWKS_URL')),
  };
  const app = await build(env);
  if (process.env.MIGRATE_ONLY === 'true') {
    await app.close();
    return 'migrated';
  }
  await runService(app, { port: intFromEnv('PORT', defaultPort), host: requireEnv('HOST', '127.0.0.1') });
  return 'serving';
}

/**
 * A service's `server.ts` in one call: reads the common environment (and `PORT`, `HOST`), builds
 * the app with `build` (which reads the service's own variables), serves it until
 * SIGINT/SIGTERM, and exits 1 with a clear line when start-up fails. With `MIGRATE_ONLY=true` it
 * exits 0 once migrated instead of serving. Traces go out when `OTEL_EXPORTER_OTLP_ENDPOINT` is
 * set (tracing.ts).
 */
export function serveFromEnvironment(
  name: string,
  defaultPort: number,
  build: (env: ServiceEnvironment) => Promise<ServiceApp>,
): void {
  startTracing(name);
  startFromEnvironment(defaultPort, build).then(
    (outcome) => {
      if (outcome === 'migrated') {
        process.stdout.write(`${name} service migrated; MIGRATE_ONLY is set, so it stops here\n`);
        process.exit(0);
      }
    },
    (error: unknown) => {
      console.error(`${name} service failed to start`, error);
      process.exit(1);
    },
  );
}
