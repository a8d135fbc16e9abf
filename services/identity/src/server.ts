import { intFromEnv, requireEnv, runService } from '@switchboard/service-kit';
import { buildApp } from './app';
import { parseServiceSecrets } from './service-secrets';

/** Reads the environment, builds the identity service and serves it until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const app = await buildApp({
    databaseUrl: requireEnv('DATABASE_URL'),
    poolSize: intFromEnv('DB_POOL_SIZE', 10),
    logger: { level: requireEnv('LOG_LEVEL', 'info') },
    secureCookies: process.env.SECURE_COOKIES === 'true',
    seedDemo: process.env.SEED_DEMO === 'true',
    serviceSecrets: parseServiceSecrets(process.env.SERVICE_SECRETS),
    redisUrl: process.env.REDIS_URL || undefined,
    allowedOrigins: (process.env.ALLOWED_ORIGINS ?? '').split(',').filter(Boolean),
  });
  await runService(app, { port: intFromEnv('PORT', 4001), host: requireEnv('HOST', '127.0.0.1') });
}

main().catch((error: unknown) => {
  console.error('identity service failed to start', error);
  process.exit(1);
});
