import { SESSION_COOKIE } from '@switchboard/contracts';
import { createServiceApp, type ServiceApp } from '@switchboard/service-kit';
import type { FastifyServerOptions } from 'fastify';
import { demoSeedPlugin } from './demo-seed';
import { identityEntities } from './entities';
import { KeyStore, signingKeysPlugin } from './key-store';
import { identityMigrations } from './migrations';
import { sessionRoutes } from './routes/session.routes';
import { tokenRoutes } from './routes/token.routes';
import type { ServiceSecrets } from './service-secrets';
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
}

/**
 * Builds the identity service: users, teams, queue membership, login with a session cookie,
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
  await app.register(signingKeysPlugin, { keys });
  await app.register(usersRepositoryPlugin);
  await app.register(tokenIssuerPlugin, { serviceSecrets: options.serviceSecrets ?? {} });
  await app.register(sessionRoutes, { secureCookies: options.secureCookies ?? false });
  await app.register(tokenRoutes);
  if (options.seedDemo) await app.register(demoSeedPlugin);
  return app;
}
