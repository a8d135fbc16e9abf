import { createFileBlobStore, intFromEnv, remoteKeySet, requireEnv, runService, serviceTokenSource } from '@switchboard/service-kit';
import { buildApp } from './app';
import { createTicketsClient } from './tickets-client';

/** Reads the environment, builds the mail service and serves it until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const ticketsClient = createTicketsClient({
    baseUrl: requireEnv('TICKETS_URL'),
    getToken: serviceTokenSource({
      identityUrl: requireEnv('IDENTITY_URL'),
      service: 'mail',
      secret: requireEnv('SERVICE_SECRET'),
      audience: 'tickets',
    }),
  });
  const app = await buildApp({
    databaseUrl: requireEnv('DATABASE_URL'),
    poolSize: intFromEnv('DB_POOL_SIZE', 10),
    logger: { level: requireEnv('LOG_LEVEL', 'info') },
    getKey: remoteKeySet(requireEnv('IDENTITY_JWKS_URL')),
    blobStore: createFileBlobStore(requireEnv('BLOB_DIR')),
    ticketsClient,
    seedDemo: process.env.SEED_DEMO === 'true',
    redisUrl: requireEnv('REDIS_URL', 'redis://127.0.0.1:6379'),
    queuePrefix: requireEnv('MAIL_QUEUE_PREFIX', 'sb'),
    blobSweep: { intervalMs: intFromEnv('BLOB_SWEEP_INTERVAL_MS', 3_600_000), graceMs: intFromEnv('BLOB_SWEEP_GRACE_MS', 86_400_000) },
  });
  await runService(app, { port: intFromEnv('PORT', 4003), host: requireEnv('HOST', '127.0.0.1') });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
