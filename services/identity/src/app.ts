import { SESSION_COOKIE } from '@switchboard/contracts';
import { createServiceApp, type ServiceApp } from '@switchboard/service-kit';
import type { FastifyServerOptions } from 'fastify';
import { createCredentialsChecker } from './credentials';
import { seedDemoData } from './demo-seed';
import { identityEntities, UserEntity } from './entities';
import { KeyStore } from './key-store';
import { identityMigrations } from './migrations';
import { registerJwksRoutes } from './routes/jwks.routes';
import { registerMeRoutes } from './routes/me.routes';
import { registerServiceTokenRoutes } from './routes/service-token.routes';
import { registerSessionRoutes } from './routes/session.routes';
import { registerTokenRoutes } from './routes/token.routes';
import type { ServiceSecrets } from './service-secrets';
import { createUsersRepository } from './users.repository';

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
 * tokens per audience and the JWKS. Applies migrations and loads (or creates)
 * the signing key before it resolves; does not listen.
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
  await keys.load(app.orm.em);
  if (options.seedDemo && (await app.orm.em.fork().count(UserEntity)) === 0) {
    await seedDemoData(app.orm.em);
    app.log.info('seeded demo data');
  }

  const users = createUsersRepository(app.orm.em);
  const secureCookies = options.secureCookies ?? false;
  registerSessionRoutes(app, { users, checkCredentials: createCredentialsChecker(users), keys, secureCookies });
  registerMeRoutes(app, { users });
  registerTokenRoutes(app, { users, keys });
  registerServiceTokenRoutes(app, { keys, secrets: options.serviceSecrets ?? {} });
  registerJwksRoutes(app, { keys });
  return app;
}
