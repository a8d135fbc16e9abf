import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@switchboard/service-kit/testing';
import { startPlatform, type Platform, type PlatformOptions } from '../platform';

/** A whole platform that shares nothing with any other: its own database, files, mail jobs and ports. */
export interface IsolatedPlatform {
  /** The running platform: `shellUrl`, `widgetOrigin`, service URLs. */
  platform: Platform;
  /** URL of the fresh database every service of this platform uses (each in its own schema). */
  databaseUrl: string;
  /** Stops the platform, drops its database and deletes its files. */
  teardown(): Promise<void>;
}

/**
 * Starts the built platform with demo data on a fresh PostgreSQL database and free ports, quiet,
 * so parallel test files and benches never share mail jobs, attachment files or published
 * widgets. `label` names the database and folders (`sb_<label>_…`); `options` override the defaults.
 */
export async function startIsolatedPlatform(label: string, options: PlatformOptions = {}): Promise<IsolatedPlatform> {
  const database = await createTestDatabase(`sb_${label}`);
  // Redis is shared with the other tests: this platform's queues and events get keys of their own.
  const run = randomUUID();
  const filesDir = await mkdtemp(join(tmpdir(), `sb-${label}-files-`));
  const cleanUp = async () => {
    await database.drop();
    await rm(filesDir, { recursive: true, force: true });
  };
  let platform: Platform;
  try {
    platform = await startPlatform({
      databaseUrl: database.url,
      port: 0,
      widgetPort: 0,
      servicePorts: { identity: 0, tickets: 0, mail: 0, registry: 0, crm: 0, templates: 0, kb: 0 },
      devMailPort: 0,
      inboundSmtpPort: 0,
      mailQueuePrefix: `sb-${label}-${run}`,
      eventsPrefix: `{sb-${label}-${run}}`,
      blobDir: join(filesDir, 'mail-blobs'),
      registryDir: join(filesDir, 'registry-files'),
      quiet: true,
      logLevel: 'warn',
      seedDemo: true,
      ...options,
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return {
    platform,
    databaseUrl: database.url,
    teardown: async () => {
      await platform.stop();
      await cleanUp();
    },
  };
}
