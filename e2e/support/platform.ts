import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@switchboard/service-kit/testing';
import { REPO_ROOT } from '../../infra/src/paths';
import { startPlatform, type Platform, type PlatformOptions } from '../../infra/src/platform';

/** Longest a test or hook of an e2e file may take: each file boots the platform and a browser. */
export const E2E_TIMEOUT_MS = 120_000;

// Jest 30 reads testTimeout only from the global config, not from a project entry, so every e2e
// file gets its timeout by importing this module.
jest.setTimeout(E2E_TIMEOUT_MS);

/** A platform for one e2e test file, on its own fresh database. */
export interface TestPlatform {
  /** The running platform: `shellUrl`, `widgetOrigin`, service URLs. */
  platform: Platform;
  /** URL of the fresh database every service of this platform uses (each in its own schema). */
  databaseUrl: string;
  /** Stops the platform and drops its database. */
  teardown(): Promise<void>;
}

/** The fixture widget whose mount throws, served by the CDN as `throwing`. */
export const THROWING_WIDGET_DIR = join(REPO_ROOT, 'e2e', 'fixtures', 'throwing-widget', 'dist');

/**
 * Starts the whole platform (built services, shell and widgets) on a fresh PostgreSQL database
 * with demo data, on free ports, quiet. `options` override the test defaults.
 */
export async function startTestPlatform(options: PlatformOptions = {}): Promise<TestPlatform> {
  const database = await createTestDatabase('sb_e2e');
  // Parallel e2e files must not share mail jobs, attachment files or published widgets.
  const filesDir = await mkdtemp(join(tmpdir(), 'sb-e2e-files-'));
  let platform: Platform;
  try {
    platform = await startPlatform({
      databaseUrl: database.url,
      port: 0,
      widgetPort: 0,
      servicePorts: { identity: 0, tickets: 0, mail: 0, registry: 0 },
      devMailPort: 0,
      mailQueuePrefix: `sb-e2e-${randomUUID()}`,
      blobDir: join(filesDir, 'mail-blobs'),
      registryDir: join(filesDir, 'registry-files'),
      quiet: true,
      logLevel: 'warn',
      seedDemo: true,
      ...options,
      extraWidgets: { throwing: THROWING_WIDGET_DIR, ...options.extraWidgets },
    });
  } catch (error) {
    await database.drop();
    await rm(filesDir, { recursive: true, force: true });
    throw error;
  }
  return {
    platform,
    databaseUrl: database.url,
    teardown: async () => {
      await platform.stop();
      await database.drop();
      await rm(filesDir, { recursive: true, force: true });
    },
  };
}
