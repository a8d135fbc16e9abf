import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JWK } from 'jose';
import { freePort } from '../../../../../infra/src/free-port';

const ROOT = path.resolve(__dirname, '../../../../..');

/** A service's real `server.ts` in a child process, which a test may SIGKILL and start again. */
export interface ServiceUnderTest {
  url: string;
  /** Starts the process and resolves once `/ready` answers 200. */
  start(): Promise<void>;
  /** SIGKILL, no goodbye; resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait (cleanup). */
  stop(): Promise<void>;
  /** The tail of its output, for failure messages. */
  output(): string;
}

/** Runs `services/<name>/src/server.ts` under tsx (cwd: the repository root, for its tsconfig paths) on a port of its own. */
export async function serviceUnderTest(name: string, env: Record<string, string>): Promise<ServiceUnderTest> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';
  const collect = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000));

  const ready = async () => {
    for (let tries = 0; tries < 600; tries++) {
      if (child?.exitCode !== null) throw new Error(`${name} exited before it was ready:\n${output}`);
      const ok = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
      if (ok) return;
      await sleep(50);
    }
    throw new Error(`${name} was not ready in 30 s:\n${output}`);
  };

  const signal = async (which: NodeJS.Signals) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(which);
    await exited;
  };

  return {
    url,
    async start() {
      child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, `services/${name}/src/server.ts`)], {
        cwd: ROOT,
        env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn', ...env, HOST: '127.0.0.1', PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', collect);
      child.stderr!.on('data', collect);
      const current = child;
      exited = new Promise((resolve) => current.once('exit', () => resolve()));
      await ready();
    },
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    output: () => output,
  };
}

/** Serves a JWKS the spawned services verify test tokens with (IDENTITY_JWKS_URL). */
export async function serveJwks(jwks: { keys: JWK[] }): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/.well-known/jwks.json`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
