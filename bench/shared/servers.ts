import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A server the bench started in a child process. */
export interface BenchServer {
  url: string;
  /** Its process id, for a bench that kills it on purpose (`stop` then only waits for the exit). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts a bench's `serve.ts <mode>` (the app under test, or `hello` for the bare Fastify
 * baseline) under tsx in a child process, and waits for the port it prints. `nodeArgs` go to
 * node itself (`--cpu-prof`, which Node 20 refuses in NODE_OPTIONS).
 */
export function startServer(serveScript: string, mode: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<BenchServer> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', serveScript, mode], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${mode} server did not start within 60 s`));
    }, 60_000);
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^LISTENING (\d+)$/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${match[1]}`, pid: child.pid!, stop });
    });
  });
}
