import { SESSION_COOKIE } from '@switchboard/contracts';
import { createServiceApp, type ServiceApp } from '@switchboard/service-kit';
import type { FastifyServerOptions } from 'fastify';
import { demoSeedPlugin } from './demo-seed';
import { identityEntities } from './entities';
import { KeyStore, signingKeysPlugin } from './key-store';
import { loginLimiterPlugin, type LoginLimits } from './login-limiter';
import { identityMigrations } from './migrations';
import { sessionRoutes } from './routes/session.routes';
import { sameOriginPlugin } from './same-origin';
import { tokenRoutes } from './routes/token.routes';
import type { ServiceSecrets } from './service-secrets';
import type { WidgetTokenSources } from './widget-tokens';
import { sessionsRepositoryPlugin } from './sessions.repository';
import { tokenIssuerPlugin } from './token-issuer';
import { usersRepositoryPlugin } from './users.repository';

/** Options of the identity service. */
export interface IdentityAppOptions {
  /** postgres:// URL; the service keeps its tables in schema `identity`. */
  databaseUrl: string;
  /** Connection pool size (1 for embedded PostgreSQL). */
  poolSize?: number;
  /** Pino logger options, or false to stay quiet (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Mark the session cookie `Secure` (when served over HTTPS). */
  secureCookies?: boolean;
  /** Seed the demo users, teams and queues when there are no users yet. */
  seedDemo?: boolean;
  /** Services that may ask for service tokens, with their client secrets. */
  serviceSecrets?: ServiceSecrets;
  /** redis:// URL for the failed-login counters shared by replicas; without it they live in this process. */
  redisUrl?: string;
  /** Prefix of the service's Redis keys (tests use one per app). */
  redisKeyPrefix?: string;
  /** Failed logins allowed per account and per address (default 10 and 100 a minute). */
  loginLimits?: LoginLimits;
  /** Origins (e.g. the gateway's `http://host:8080`) whose pages may log in and out besides this host's own. */
  allowedOrigins?: readonly string[];
  /** Where widget token requests are checked (the registry's approvals, the tickets service); without it they answer 503. */
  widgetTokens?: WidgetTokenSources;
}

/**
 * Builds the identity service: users, teams, queue membership, login with a server-side session
 * named by the session cookie, failed-login limits,
 * tokens per audience and the JWKS. Applies migrations and loads (or creates) the signing key
 * before it resolves; seeds on ready; does not listen.
 */
export async function buildApp(options: IdentityAppOptions): Promise<ServiceApp> {
  const keys = new KeyStore();
  const app = await createServiceApp({
    name: 'identity',
    logger: options.logger,
    auth: { audience: 'identity', getKey: keys.getKey, cookieName: SESSION_COOKIE },
    orm: {
      databaseUrl: options.databaseUrl,
      schema: 'identity',
      entities: identityEntities,
      migrations: identityMigrations,
      poolSize: options.poolSize,
    },
  });
  await app.register(sameOriginPlugin, { allowedOrigins: options.allowedOrigins ?? [] });
  await app.register(signingKeysPlugin, { keys });
  await app.register(usersRepositoryPlugin);
  await app.register(sessionsRepositoryPlugin);
  await app.register(loginLimiterPlugin, { redisUrl: options.redisUrl, keyPrefix: options.redisKeyPrefix, limits: options.loginLimits });
  await app.register(tokenIssuerPlugin, { serviceSecrets: options.serviceSecrets ?? {} });
  await app.register(sessionRoutes, { secureCookies: options.secureCookies ?? false });
  await app.register(tokenRoutes, { widgetTokens: options.widgetTokens });
  if (options.seedDemo) await app.register(demoSeedPlugin);
  return app;
}
