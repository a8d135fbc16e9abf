import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SEND_QUEUE_NAME } from '@switchboard/contracts';
import { isListening } from '@switchboard/service-kit/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { freePort } from '../../../../../infra/src/free-port';
import { eventually } from './seed';

/** A child process and its exit. */
export interface Child {
  process: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The tail of what the child wrote to stdout and stderr, for failure messages. */
  output(): string;
}

function watch(child: ChildProcess): Child {
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, exited, output: () => output };
}

export { freePort };

/** A redis-server of a test's own, without persistence, that can be killed and started again. */
export interface TestRedis {
  url: string;
  /** Kills it (SIGKILL): everything in it is lost. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

/** Starts a private redis-server on a free port (never the machine's 6379). */
export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  let current: Child | null = null;
  const start = async () => {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    current = watch(child);
    await eventually(() => isListening(port), `redis-server on ${port}`, 10_000);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      if (!current) return;
      current.process.kill('SIGKILL');
      await current.exited;
      current = null;
    },
    start,
  };
}

/** Environment of a worker process started by `startWorkerProcess`. */
export interface WorkerEnv {
  DATABASE_URL: string;
  REDIS_URL: string;
  BLOB_DIR: string;
  SMTP_URL: string;
  MAIL_QUEUE_PREFIX: string;
  WORKER_CONCURRENCY?: string;
  WORKER_LOCK_DURATION_MS?: string;
  LOG_LEVEL?: string;
  /** Tracing (issue 17): where spans go, and how soon a batch is sent. */
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_BSP_SCHEDULE_DELAY?: string;
}

/**
 * Runs the worker entry in a child process: `worker-main.ts` under tsx (cwd: the repository
 * root, for its tsconfig paths), or with `compiled` the swc build in `dist/` when it exists.
 */
export function startWorkerProcess(env: WorkerEnv, options: { compiled?: boolean } = {}): Child {
  const root = path.resolve(__dirname, '../../../../..');
  const built = path.join(root, 'services/mail/dist/delivery/worker-main.js');
  const args =
    options.compiled && existsSync(built) ? [built] : ['--import', 'tsx', path.join(root, 'services/mail/src/delivery/worker-main.ts')];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return watch(child);
}

/** Deletes every key of a test's send queue from Redis. */
export async function obliterateSendQueue(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(SEND_QUEUE_NAME, { connection: redis, prefix });
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
