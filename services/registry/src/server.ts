import path from 'node:path';
import { blobStoreFromEnvironment, intFromEnv, requireEnv, serveFromEnvironment } from '@switchboard/service-kit';
import { buildApp } from './app';

// Build files go to S3 with REGISTRY_BLOB_STORE=s3://bucket/prefix (and the kit's S3_* variables), else
// under REGISTRY_DATA_DIR/blobs. Not BLOB_STORE: that is mail's attachments, whose sweep deletes what mail does not use.
serveFromEnvironment('registry', 4004, async ({ identityKeys, seedDemo, ...env }) =>
  buildApp({
    ...env,
    getKey: identityKeys(),
    dataDir: requireEnv('REGISTRY_DATA_DIR'),
    buildStore: await blobStoreFromEnvironment({ ...process.env, BLOB_STORE: process.env.REGISTRY_BLOB_STORE }, () =>
      path.join(requireEnv('REGISTRY_DATA_DIR'), 'blobs'),
    ),
    assetBaseUrl: requireEnv('ASSET_BASE_URL', `http://${requireEnv('HOST', '127.0.0.1')}:${intFromEnv('PORT', 4004)}`),
    environment: requireEnv('ENVIRONMENT', 'production'),
    fetchOrigins: (process.env.REGISTRY_FETCH_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    sdkPackagesDir: process.env.SDK_PACKAGES_DIR || undefined,
    seedWidgets: (process.env.SEED_WIDGETS ?? '').split(':').filter(Boolean),
    seedLayouts: seedDemo,
  }),
);
