import { createServiceApp, type ServiceApp, type ServiceAppOptions } from '@switchboard/service-kit';
import type { JWTVerifyGetKey } from 'jose';
import { attachmentsRoutes } from './attachments/attachments.routes';
import type { BlobStore } from './blobs/blob-store';
import { mailEntities } from './entities';
import { mailMigrations } from './migrations';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where attachment bytes live. */
    blobStore: BlobStore;
  }
}

/** What the mail service needs; server.ts reads these from the environment. */
export interface MailAppOptions {
  /** postgres:// URL; the service keeps its tables in the `mail` schema. */
  databaseUrl: string;
  /** Connection pool size (1 for embedded PostgreSQL). */
  poolSize?: number;
  /** Pino options, or false for silence (tests). */
  logger?: ServiceAppOptions['logger'];
  /** Token verification keys: the identity service's JWKS in production. */
  getKey: JWTVerifyGetKey;
  /** Attachment bytes. */
  blobStore: BlobStore;
}

/** Builds the mail service (migrations applied); it does not listen. */
export async function buildApp(options: MailAppOptions): Promise<ServiceApp> {
  const app = await createServiceApp({
    name: 'mail',
    logger: options.logger,
    auth: { audience: 'mail', getKey: options.getKey },
    orm: {
      databaseUrl: options.databaseUrl,
      schema: 'mail',
      entities: mailEntities,
      migrations: mailMigrations,
      poolSize: options.poolSize,
    },
  });
  app.decorate('blobStore', options.blobStore);
  await app.register(attachmentsRoutes);
  return app;
}
