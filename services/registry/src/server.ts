import { intFromEnv, requireEnv, serveFromEnvironment } from '@switchboard/service-kit';
import { buildApp } from './app';

serveFromEnvironment('registry', 4004, async ({ identityKeys, seedDemo, ...env }) =>
  buildApp({
    ...env,
    getKey: identityKeys(),
    dataDir: requireEnv('REGISTRY_DATA_DIR'),
    assetBaseUrl: requireEnv('ASSET_BASE_URL', `http://${requireEnv('HOST', '127.0.0.1')}:${intFromEnv('PORT', 4004)}`),
    environment: requireEnv('ENVIRONMENT', 'production'),
    fetchOrigins: (process.env.REGISTRY_FETCH_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    sdkPackagesDir: process.env.SDK_PACKAGES_DIR || undefined,
    seedWidgets: (process.env.SEED_WIDGETS ?? '').split(':').filter(Boolean),
    seedLayouts: seedDemo,
  }),
);
