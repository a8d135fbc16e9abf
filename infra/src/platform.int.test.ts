import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@switchboard/service-kit/testing';
import { freePort } from './free-port';
import { SERVICES, startPlatform, type Platform, type PlatformOptions } from './platform';
import { writeFakePlatformRoot } from './testing/fake-platform-root';

// The platform with stand-in services (real processes, real HTTP, real SQL): what is tested here is
// the orchestration. Embedded databases need NODE_OPTIONS=--experimental-vm-modules (npm test sets it).
jest.setTimeout(120_000);

let root: string;
const started: Platform[] = [];

const testOptions = (extra: PlatformOptions = {}): PlatformOptions => ({
  rootDir: root,
  port: 0,
  widgetPort: 0,
  servicePorts: Object.fromEntries(SERVICES.map(({ name }) => [name, 0])),
  devMailPort: 0,
  mailQueuePrefix: `sb-test-${randomUUID()}`,
  quiet: true,
  ...extra,
});

/** Retries `check` until it passes, for what happens after start-up (the worker starting or dying). */
async function eventually(check: () => void | Promise<void>, attempts = 200): Promise<void> {
  for (let i = 1; ; i += 1) {
    try {
      return await check();
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function start(options: PlatformOptions): Promise<Platform> {
  const platform = await startPlatform(options);
  started.push(platform);
  return platform;
}

async function json(url: string) {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return res.json();
}

/** The mail stand-in's `/env` once its worker has recorded its own (start-up does not wait for the worker). */
async function mailEnvWithWorkers(platform: Platform) {
  let body = await json(`${platform.shellUrl}/api/mail/env`);
  await eventually(async () => {
    body = await json(`${platform.shellUrl}/api/mail/env`);
    expect(body.workers).toHaveLength(1);
  });
  return body;
}

const answers = (url: string) => fetch(url).then(() => true, () => false);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'sb-platform-'));
  await writeFakePlatformRoot(root);
});

afterEach(async () => {
  await Promise.allSettled(started.splice(0).map((p) => p.stop()));
  await rm(root, { recursive: true, force: true });
});

describe('platform on a shared PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('sb_platform');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('starts identity, then the others, wires their env, proxies /api, serves widgets, and stops', async () => {
    const lines: string[] = [];
    const fixture = join(root, 'fixture-widget');
    await writeFakePlatformRoot(fixture);
    const platform = await start(
      testOptions({
        databaseUrl: db.url,
        seedDemo: true,
        logLevel: 'warn',
        quiet: false,
        output: (line) => lines.push(line),
        extraWidgets: { throwing: join(fixture, 'shell', 'dist') },
      }),
    );

    expect(await (await fetch(`${platform.shellUrl}/emails/1`)).text()).toContain('fake shell');
    const identity = await json(`${platform.shellUrl}/api/identity/env`);
    const tickets = await json(`${platform.shellUrl}/api/tickets/env`);
    expect(identity.env).toMatchObject({
      DATABASE_URL: db.url,
      DB_POOL_SIZE: null,
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      REDIS_URL: 'redis://127.0.0.1:6379',
      HOST: '127.0.0.1',
    });
    expect(tickets.env).toMatchObject({
      DATABASE_URL: db.url,
      IDENTITY_JWKS_URL: `${platform.services.identity.url}/.well-known/jwks.json`,
      PORT: new URL(platform.services.tickets.url).port,
    });
    expect(lines).toContain('[identity] info  listening');
    expect(lines).toContain('[tickets] info  listening');

    // Mail: its own secret known to identity, the other services' URLs, and one worker on its database.
    const mail = await mailEnvWithWorkers(platform);
    // The worker logs after it records its env: the line may come a moment after the row.
    await eventually(() => expect(lines).toContain('[mail-worker] info  worker started'));
    expect(mail.env).toMatchObject({
      DATABASE_URL: db.url,
      IDENTITY_JWKS_URL: `${platform.services.identity.url}/.well-known/jwks.json`,
      IDENTITY_URL: platform.services.identity.url,
      TICKETS_URL: platform.services.tickets.url,
      BLOB_DIR: join(root, '.data', 'mail-blobs'),
      SEED_DEMO: 'true',
      PORT: new URL(platform.services.mail!.url).port,
    });
    expect(mail.env.SERVICE_SECRET).toMatch(/^[\w-]{40,}$/);
    expect(identity.env.SERVICE_SECRETS).toBe(`mail:${mail.env.SERVICE_SECRET}`);
    expect(tickets.env.SERVICE_SECRET).toBeNull();
    expect(mail.workers).toEqual([
      expect.objectContaining({
        DATABASE_URL: db.url,
        REDIS_URL: 'redis://127.0.0.1:6379',
        BLOB_DIR: mail.env.BLOB_DIR,
        SMTP_URL: `smtp://127.0.0.1:${platform.devMail?.smtpPort}`,
        LOG_LEVEL: 'warn',
        MAIL_QUEUE_PREFIX: expect.stringMatching(/^sb-test-/),
        PORT: null,
        // A sent email's macro (E13): the worker calls tickets and the CRM with mail's service tokens.
        SERVICE_SECRET: mail.env.SERVICE_SECRET,
        IDENTITY_URL: platform.services.identity.url,
        TICKETS_URL: platform.services.tickets.url,
      }),
    ]);

    // The dev mail sink is behind the gateway, with its own health and token check.
    expect(platform.devMail?.url).toBe(`${platform.shellUrl}/api/dev-mail`);
    expect((await json(`${platform.devMail?.url}/health`)).service).toBe('dev-mail');
    expect((await fetch(`${platform.devMail?.url}/messages`)).status).toBe(401);

    const widget = await fetch(`${platform.widgetOrigin}/throwing/index.html`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('access-control-allow-origin')).toBe('*');

    await platform.stop();
    await platform.stop();
    expect(await answers(`${platform.services.identity.url}/ready`)).toBe(false);
    expect(await answers(`${platform.services.tickets.url}/ready`)).toBe(false);
    expect(await answers(`${platform.services.mail!.url}/ready`)).toBe(false);
    expect(await answers(platform.shellUrl)).toBe(false);
    expect(await answers(`${platform.widgetOrigin}/throwing/index.html`)).toBe(false);
  });

  it("rejects with the service's last output when it dies during start-up, and stops the rest", async () => {
    await writeFakePlatformRoot(root, { failing: 'tickets' });
    const identityPort = await freePort();
    const failure = start(testOptions({ databaseUrl: db.url, servicePorts: { identity: identityPort, tickets: 0 } }));
    await expect(failure).rejects.toThrow(/tickets exited with code 3 before it was ready[\s\S]*cannot go on: demo failure/);
    expect(await answers(`http://127.0.0.1:${identityPort}/ready`)).toBe(false);
  });

  it('sends mail through the given SMTP server and runs no dev mail sink then', async () => {
    const platform = await start(testOptions({ databaseUrl: db.url, smtpUrl: 'smtp://127.0.0.1:2626' }));
    expect(platform.devMail).toBeNull();
    expect((await mailEnvWithWorkers(platform)).workers[0].SMTP_URL).toBe('smtp://127.0.0.1:2626');
    expect((await fetch(`${platform.shellUrl}/api/dev-mail/health`)).status).toBe(404);
  });

  it('reports a mail worker that dies', async () => {
    await writeFakePlatformRoot(root, { failing: 'mail-worker' });
    const exits: string[] = [];
    const platform = start(testOptions({ databaseUrl: db.url, onUnexpectedExit: (name, code) => exits.push(`${name} ${code}`) }));
    // It dies either before start-up ends (start rejects) or after (onUnexpectedExit): both say so.
    const outcome = await platform.then(
      () => 'started',
      (error: Error) => error.message,
    );
    if (outcome === 'started') await eventually(() => expect(exits).toEqual(['mail-worker 3']));
    else expect(outcome).toBe('mail-worker stopped during start-up (exit code 3).');
  });

  it('starts a service that dies while running again, on the same port, and the others go on', async () => {
    const exits: string[] = [];
    const platform = await start(
      testOptions({
        databaseUrl: db.url,
        restartPolicy: { initialDelayMs: 100, maxDelayMs: 200, healthyAfterMs: 60_000 },
        onUnexpectedExit: (name, _code, signal) => exits.push(`${name} ${signal}`),
      }),
    );
    const crm = platform.services.crm.url;
    const boots = async (url: string) => (await json(`${url}/env`)).boots as number;
    // The boot rows of earlier tests' platforms are in the same database.
    const [crmBoots, ticketsBoots] = [await boots(crm), await boots(platform.services.tickets.url)];
    const { pid } = await json(`${crm}/ready`);
    process.kill(pid, 'SIGKILL');
    await eventually(async () => expect((await json(`${crm}/ready`)).pid).not.toBe(pid));
    expect(exits).toEqual(['crm SIGKILL']);
    expect(await boots(crm)).toBe(crmBoots + 1);
    expect(await boots(platform.services.tickets.url)).toBe(ticketsBoots);
    // Twice more: the pause grows, and it still comes back.
    for (let kill = 0; kill < 2; kill++) {
      const { pid: again } = await json(`${crm}/ready`);
      process.kill(again, 'SIGKILL');
      await eventually(async () => expect((await json(`${crm}/ready`)).pid).not.toBe(again));
    }
    expect(await boots(crm)).toBe(crmBoots + 3);
  });

  it('says how to start Redis when it does not answer', async () => {
    const redisUrl = `redis://127.0.0.1:${await freePort()}`;
    await expect(start(testOptions({ databaseUrl: db.url, redisUrl }))).rejects.toThrow(
      /Redis does not answer[\s\S]*redis-server --daemonize yes[\s\S]*apt-get install -y redis-server/,
    );
  });

  it('names the variable to change when a port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      await expect(start(testOptions({ databaseUrl: db.url, port }))).rejects.toThrow(`Port ${port} (gateway) is taken`);
      await expect(start(testOptions({ databaseUrl: db.url, devMailPort: port }))).rejects.toThrow(
        `Port ${port} (dev mail sink) is taken. Set DEV_MAIL_PORT`,
      );
    } finally {
      blocker.close();
    }
  });
});

describe('platform on embedded PostgreSQL', () => {
  it('gives each service its own database in dataDir, with a pool of 1, kept across restarts', async () => {
    const dataDir = join(root, '.data');
    const first = await start(testOptions({ dataDir }));
    const identity = await json(`${first.shellUrl}/api/identity/env`);
    const tickets = await json(`${first.shellUrl}/api/tickets/env`);
    const mail = await mailEnvWithWorkers(first);
    expect([identity.env.DB_POOL_SIZE, tickets.env.DB_POOL_SIZE, mail.env.DB_POOL_SIZE]).toEqual(['1', '1', '1']);
    expect(new Set([identity.env.DATABASE_URL, tickets.env.DATABASE_URL, mail.env.DATABASE_URL]).size).toBe(3);
    // The worker shares the mail service's embedded database, also with a pool of 1.
    expect(mail.workers).toEqual([expect.objectContaining({ DATABASE_URL: mail.env.DATABASE_URL, DB_POOL_SIZE: '1' })]);
    expect(mail.env.BLOB_DIR).toBe(join(dataDir, 'mail-blobs'));
    expect([identity.boots, tickets.boots, mail.boots]).toEqual([1, 1, 1]);
    await first.stop();

    const second = await start(testOptions({ dataDir }));
    expect((await json(`${second.shellUrl}/api/identity/env`)).boots).toBe(2);
    expect((await json(`${second.shellUrl}/api/tickets/env`)).boots).toBe(2);
    await mailEnvWithWorkers(second);
    // Five embedded databases opened twice (initdb the first time) on a shared 2-core machine.
  }, 300_000);
});
