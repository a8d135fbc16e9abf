import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTracing } from '@switchboard/service-kit';
import { REPO_ROOT } from './paths';
import { startPlatform } from './platform';
import { PlatformError } from './platform-error';

// `npm start`: the only place that reads the environment. Everything else takes options.

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${name}=${raw} is not a port number`);
    process.exit(1);
  }
  return port;
}

// With OTEL_EXPORTER_OTLP_ENDPOINT set, the gateway exports traces; the services it starts inherit
// the variable and export theirs.
startTracing('gateway');

const cancel = new AbortController();
let exiting = false;

const starting = startPlatform({
  port: portFromEnv('PORT', 8080),
  widgetPort: portFromEnv('WIDGET_PORT', 8081),
  databaseUrl: process.env.DATABASE_URL || undefined,
  redisUrl: process.env.REDIS_URL || undefined,
  smtpUrl: process.env.SMTP_URL || undefined,
  devMailPort: portFromEnv('DEV_MAIL_PORT', 2525),
  logLevel: process.env.LOG_LEVEL || 'info',
  // Sites the Page-in-page widget may show beside those an admin allows in the registry, e.g. a
  // local test site: `FRAME_ORIGINS="http://127.0.0.1:3000"`.
  frameOrigins: (process.env.FRAME_ORIGINS ?? '').split(/[\s,]+/).filter(Boolean),
  dataDir: join(REPO_ROOT, '.data'),
  // The SDK, contracts and CLI tarballs start.sh packed, served at /api/registry/sdk/<file>.
  sdkPackagesDir: process.env.SDK_PACKAGES_DIR || undefined,
  seedDemo: true,
  signal: cancel.signal,
  // The platform starts it again; the rest go on serving.
  onUnexpectedExit: (name, code, signal) => console.error(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`})`),
});

/** Stops everything, also halfway through start-up, then exits. */
async function shutdown(code: number): Promise<void> {
  if (exiting) return;
  exiting = true;
  cancel.abort();
  const platform = await starting.catch(() => undefined);
  await platform?.stop();
  process.exit(code);
}

process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

starting.then(
  (platform) => {
    if (exiting) return;
    process.stdout.write(`Switchboard is ready at ${platform.shellUrl}\n`);
    const sdkDir = process.env.SDK_PACKAGES_DIR;
    const tarballs = sdkDir && existsSync(sdkDir) ? readdirSync(sdkDir).filter((file) => file.endsWith('.tgz')) : [];
    for (const file of tarballs) process.stdout.write(`For integrators (npm install / npx): ${platform.shellUrl}/api/registry/sdk/${file}\n`);
  },
  (error: unknown) => {
    if (exiting) return;
    console.error(error instanceof PlatformError ? error.message : error);
    process.exit(1);
  },
);
