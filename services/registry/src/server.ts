import { intFromEnv, remoteKeySet, requireEnv, runService } from '@switchboard/service-kit';
import { buildApp } from './app';

/** Reads the environment, builds the registry service and serves it until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const port = intFromEnv('PORT', 4004);
  const host = requireEnv('HOST', '127.0.0.1');
  const app = await buildApp({
    databaseUrl: requireEnv('DATABASE_URL'),
    poolSize: intFromEnv('DB_POOL_SIZE', 10),
    logger: { level: requireEnv('LOG_LEVEL', 'info') },
    getKey: remoteKeySet(requireEnv('IDENTITY_JWKS_URL')),
    dataDir: requireEnv('REGISTRY_DATA_DIR'),
    assetBaseUrl: requireEnv('ASSET_BASE_URL', `http://${host}:${port}`),
    environment: requireEnv('ENVIRONMENT', 'production'),
    fetchOrigins: (process.env.REGISTRY_FETCH_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    seedWidgets: (process.env.SEED_WIDGETS ?? '').split(':').filter(Boolean),
    seedLayouts: process.env.SEED_DEMO === 'true',
  });
  await runService(app, { port, host });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
