import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SERVICES } from '../platform';

/** The variables a stand-in process reports. */
const ENV_SHOWN = [
  'DATABASE_URL',
  'DB_POOL_SIZE',
  'SEED_DEMO',
  'LOG_LEVEL',
  'REDIS_URL',
  'IDENTITY_JWKS_URL',
  'IDENTITY_URL',
  'TICKETS_URL',
  'SERVICE_SECRETS',
  'SERVICE_SECRET',
  'BLOB_DIR',
  'SMTP_URL',
  'MAIL_QUEUE_PREFIX',
  'PORT',
  'HOST',
];

const preamble = `
const { Client } = require(${JSON.stringify(require.resolve('pg'))});
const log = (msg) => process.stdout.write(JSON.stringify({ level: 30, msg }) + '\\n');
const ENV_SHOWN = ${JSON.stringify(ENV_SHOWN)};
const shownEnv = () => Object.fromEntries(ENV_SHOWN.map((k) => [k, process.env[k] ?? null]));
`;

/**
 * Source of a stand-in service: a real process speaking real HTTP and SQL, so the platform's
 * orchestration is tested without the real services. It records a boot row in its own schema,
 * needs the identity JWKS when it is not identity, names its pid at `/ready`, shows its env at `/env` (mail also the env
 * its workers recorded since it started), and exits with code 3 before listening when `fail` is set.
 */
function fakeServiceSource(name: string, fail: boolean): string {
  return `${preamble}
const http = require('node:http');
async function main() {
  const started = new Date();
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query('create schema if not exists ${name}');
  await db.query('create table if not exists ${name}.boot (id serial primary key)');
  await db.query('insert into ${name}.boot default values');
  if (${JSON.stringify(name !== 'identity')}) {
    const jwks = await fetch(process.env.IDENTITY_JWKS_URL);
    if (!jwks.ok) throw new Error('identity JWKS not answering');
  }
  if (${JSON.stringify(fail)}) {
    log('cannot go on: demo failure');
    process.exit(3);
  }
  const server = http.createServer(async (req, res) => {
    const send = (status, body) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/ready') return send(200, { status: 'ok', service: '${name}', pid: process.pid });
    if (req.url === '/.well-known/jwks.json') return send(200, { keys: [] });
    if (req.url === '/env') {
      const boots = (await db.query('select count(*)::int as n from ${name}.boot')).rows[0].n;
      // The worker starts after this service is ready: until it has written, there is no table.
      const table = (await db.query("select to_regclass('mail.worker_env') as t")).rows[0].t;
      const workers = table
        ? (await db.query('select env from mail.worker_env where at >= $1 order by id', [started])).rows.map((row) => row.env)
        : [];
      return send(200, { boots, env: shownEnv(), workers });
    }
    send(404, { code: 'NOT_FOUND', message: req.url });
  });
  server.listen(Number(process.env.PORT), process.env.HOST, () => log('listening'));
  process.once('SIGTERM', () => {
    server.close(() => db.end().then(() => process.exit(0)));
    server.closeAllConnections();
  });
}
main().catch((error) => { console.error(error); process.exit(1); });
`;
}

/** Source of a stand-in mail worker: records its env in the mail database, then idles until SIGTERM (or exits with 3 when `fail` is set). */
function fakeWorkerSource(fail: boolean): string {
  return `${preamble}
async function main() {
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await db.query('create table if not exists mail.worker_env (id serial primary key, env jsonb not null, at timestamptz not null default now())');
  await db.query('insert into mail.worker_env (env) values ($1)', [JSON.stringify(shownEnv())]);
  if (${JSON.stringify(fail)}) {
    log('worker cannot go on: demo failure');
    process.exit(3);
  }
  log('worker started');
  const idle = setInterval(() => undefined, 60_000);
  process.once('SIGTERM', () => {
    clearInterval(idle);
    db.end().then(() => process.exit(0));
  });
}
main().catch((error) => { console.error(error); process.exit(1); });
`;
}

/** What to leave out or break in the fake repository. */
export interface FakePlatformRootOptions {
  /** This service (or `mail-worker`) exits with code 3 during start-up. */
  failing?: string;
}

/**
 * Writes a repository-shaped folder: shell/dist/index.html, services/<name>/dist/server.js and
 * services/mail/dist/delivery/worker-main.js.
 */
export async function writeFakePlatformRoot(root: string, options: FakePlatformRootOptions = {}): Promise<void> {
  await mkdir(join(root, 'shell', 'dist'), { recursive: true });
  await writeFile(join(root, 'shell', 'dist', 'index.html'), '<!doctype html><title>fake shell</title>');
  for (const { name } of SERVICES) {
    const dist = join(root, 'services', name, 'dist');
    await mkdir(dist, { recursive: true });
    await writeFile(join(dist, 'server.js'), fakeServiceSource(name, options.failing === name));
  }
  await mkdir(join(root, 'services', 'mail', 'dist', 'delivery'), { recursive: true });
  await writeFile(join(root, 'services', 'mail', 'dist', 'delivery', 'worker-main.js'), fakeWorkerSource(options.failing === 'mail-worker'));
}
