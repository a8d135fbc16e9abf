import { execSync } from 'node:child_process';
import { Socket } from 'node:net';

/** Resolves true when something accepts TCP connections on host:port. */
export function isListening(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

const startCommands = {
  postgres: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | head -1) main start',
  redis:
    'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /tmp --logfile /tmp/switchboard-redis.log',
};

async function waitFor(port: number, seconds: number): Promise<boolean> {
  for (let i = 0; i < seconds * 10; i++) {
    if (await isListening(port)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Makes sure PostgreSQL (5432) and Redis (6379) answer on loopback, starting them if not. */
export async function ensureInfra(): Promise<void> {
  for (const [name, port] of [['postgres', 5432], ['redis', 6379]] as const) {
    if (await isListening(port)) continue;
    execSync(startCommands[name], { stdio: 'inherit', shell: '/bin/bash' });
    if (!(await waitFor(port, 20))) throw new Error(`${name} did not start on port ${port}`);
  }
}
