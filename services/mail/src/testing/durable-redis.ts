import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isListening } from '@switchboard/service-kit/testing';
import { freePort } from '../delivery/testing/processes';
import { eventually } from '../delivery/testing/seed';

/**
 * A redis-server of a test's own that keeps its data as production does: an append-only file in
 * a temporary directory, fsynced on every write, so a SIGKILL and a restart lose nothing.
 */
export interface DurableRedis {
  url: string;
  /** SIGKILL; the data stays on disk. */
  kill(): Promise<void>;
  /** Starts it again on the same port over the same data. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  close(): Promise<void>;
}

/** Starts a durable private redis-server on a free loopback port (never the machine's 6379). */
export async function startDurableRedis(): Promise<DurableRedis> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'sb-redis-aof-'));
  let child: ChildProcess | undefined;
  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
    child = spawn('redis-server', args, { stdio: 'ignore' });
    await eventually(() => isListening(port), `redis-server on ${port}`, 10_000);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    async close() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
