import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths';

/** A probe service process (probe-service.ts) and its base URL. */
export interface Probe {
  url: string;
  child: ChildProcess;
  /** SIGTERM (spans flushed, requests drained) unless it already exited. */
  stop(): Promise<void>;
}

/** Starts probe-service.ts in its own process with `env` added; resolves once it listens. */
export async function startProbe(env: Record<string, string> = {}): Promise<Probe> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'infra/src/testing/probe-service.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8');
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: string) => {
      output += chunk;
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the probe service exited (${code}) before listening`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
