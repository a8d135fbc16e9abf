import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { freePort } from '../delivery/testing/processes';
import type { MacroServices } from './macro-services';
import type { MailTestContext } from './mail-test-context';

/** The mail service (`npm start`'s server.ts) in a child process, over a test context's databases. */
export interface MailProcess {
  child: ChildProcess;
  /** The tail of what it wrote, for failure messages. */
  output(): string;
  /** SIGKILLs it and waits for its exit. */
  kill(): Promise<void>;
}

/**
 * Starts server.ts under tsx in a child process over `mail`'s databases, with tokens from
 * `services`' identity; `env` adds to (or overrides) what it gets (BLOB_DIR at least).
 */
export async function startMailProcess(mail: MailTestContext, services: MacroServices, env: Record<string, string> & { BLOB_DIR: string }): Promise<MailProcess> {
  const root = path.resolve(__dirname, '../../../..');
  const serviceEnv = services.workerEnv(mail.ticketsUrl);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'services/mail/src/server.ts')], {
    cwd: root,
    env: {
      ...process.env,
      ...serviceEnv,
      NODE_OPTIONS: '',
      LOG_LEVEL: 'warn',
      PORT: String(await freePort()),
      DATABASE_URL: mail.databaseUrl,
      DB_POOL_SIZE: '4',
      IDENTITY_JWKS_URL: `${serviceEnv.IDENTITY_URL}/.well-known/jwks.json`,
      REDIS_URL: 'redis://127.0.0.1:6379',
      BLOB_SWEEP_INTERVAL_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return {
    child,
    output: () => output,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}
