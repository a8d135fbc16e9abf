import { serveFromEnvironment } from '@switchboard/service-kit';
import { buildApp } from './app';
import { parseServiceSecrets } from './service-secrets';

// Identity signs tokens rather than verifying identity's keys: `identityKeys` stays unused.
serveFromEnvironment('identity', 4001, async ({ identityKeys: _identityKeys, ...env }) =>
  buildApp({
    ...env,
    secureCookies: process.env.SECURE_COOKIES === 'true',
    serviceSecrets: parseServiceSecrets(process.env.SERVICE_SECRETS),
    redisUrl: process.env.REDIS_URL || undefined,
    allowedOrigins: (process.env.ALLOWED_ORIGINS ?? '').split(',').filter(Boolean),
    widgetTokens:
      process.env.REGISTRY_URL && process.env.TICKETS_URL ? { registryUrl: process.env.REGISTRY_URL, ticketsUrl: process.env.TICKETS_URL } : undefined,
  }),
);
