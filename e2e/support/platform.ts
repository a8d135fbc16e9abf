import { join } from 'node:path';
import { REPO_ROOT } from '../../infra/src/paths';
import type { PlatformOptions } from '../../infra/src/platform';
import { startIsolatedPlatform, type IsolatedPlatform } from '../../infra/src/testing/isolated-platform';

/** Longest a test or hook of an e2e file may take: each file boots the platform and a browser. */
export const E2E_TIMEOUT_MS = 120_000;

// Jest 30 reads testTimeout only from the global config, not from a project entry, so every e2e
// file gets its timeout by importing this module.
jest.setTimeout(E2E_TIMEOUT_MS);

/** A platform for one e2e test file, on its own fresh database. */
export type TestPlatform = IsolatedPlatform;

/** The fixture widget whose mount throws, served by the CDN as `throwing`. */
export const THROWING_WIDGET_DIR = join(REPO_ROOT, 'e2e', 'fixtures', 'throwing-widget', 'dist');

/**
 * Starts the whole platform (built services, shell and widgets) on a fresh PostgreSQL database
 * with demo data, on free ports, quiet, with the throwing fixture widget on the CDN. Sends go
 * out at once unless a test sets the agent's undo window (E14). `options` override the test defaults.
 */
export function startTestPlatform(options: PlatformOptions = {}): Promise<TestPlatform> {
  return startIsolatedPlatform('e2e', { mailUndoSendSeconds: 0, ...options, extraWidgets: { throwing: THROWING_WIDGET_DIR, ...options.extraWidgets } });
}
