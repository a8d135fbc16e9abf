import { intFromEnv, remoteKeySet, requireEnv, runService } from '@switchboard/service-kit';
import { buildApp } from './app';

/** Reads the environment, builds the CRM service and serves it until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const app = await buildApp({
    databaseUrl: requireEnv('DATABASE_URL'),
    poolSize: intFromEnv('DB_POOL_SIZE', 10),
    logger: { level: requireEnv('LOG_LEVEL', 'info') },
    getKey: remoteKeySet(requireEnv('IDENTITY_JWKS_URL')),
    seedDemo: process.env.SEED_DEMO === 'true',
  });
  await runService(app, { port: intFromEnv('PORT', 4005), host: requireEnv('HOST', '127.0.0.1') });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
