import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Source of a stand-in service: a real process speaking real HTTP and SQL, so the platform's
 * orchestration is tested without the real services. It records a boot row in its own schema,
 * needs the identity JWKS when it is not identity, shows its env at `/env`, and exits with code 3
 * before listening when `fail` is set.
 */
function fakeServiceSource(name: string, fail: boolean): string {
  return `
const http = require('node:http');
const { Client } = require(${JSON.stringify(require.resolve('pg'))});
const log = (msg) => process.stdout.write(JSON.stringify({ level: 30, msg }) + '\\n');
async function main() {
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
    if (req.url === '/ready') return send(200, { status: 'ok', service: '${name}' });
    if (req.url === '/.well-known/jwks.json') return send(200, { keys: [] });
    if (req.url === '/env') {
      const boots = (await db.query('select count(*)::int as n from ${name}.boot')).rows[0].n;
      const pick = ['DATABASE_URL', 'DB_POOL_SIZE', 'SEED_DEMO', 'LOG_LEVEL', 'REDIS_URL', 'WIDGET_ORIGIN', 'IDENTITY_JWKS_URL', 'PORT', 'HOST'];
      return send(200, { boots, env: Object.fromEntries(pick.map((k) => [k, process.env[k] ?? null])) });
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

/** Writes a repository-shaped folder: shell/dist/index.html and services/<name>/dist/server.js. */
export async function writeFakePlatformRoot(root: string, options: { failing?: string } = {}): Promise<void> {
  await mkdir(join(root, 'shell', 'dist'), { recursive: true });
  await writeFile(join(root, 'shell', 'dist', 'index.html'), '<!doctype html><title>fake shell</title>');
  for (const name of ['identity', 'tickets']) {
    const dist = join(root, 'services', name, 'dist');
    await mkdir(dist, { recursive: true });
    await writeFile(join(dist, 'server.js'), fakeServiceSource(name, options.failing === name));
  }
}
