import { ApiError } from '@switchboard/widget-sdk/client';
import { parseInvocation } from './args';
import { runWidgetCommand } from './commands';
import { UsageError } from './errors';
import type { Fetch } from './http';
import { USAGE } from './usage';

/** What `main` reads and writes; the process's own by default. */
export interface MainOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  fetch: Fetch;
  stdout(text: string): void;
  stderr(text: string): void;
}

function describe(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code}, HTTP ${error.status})`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `switchboard <argv>` and resolves with the exit code: 0 done, 1 failed (the server's
 * `{ code, message }` or the local reason printed), 2 wrong usage.
 */
export async function main(argv: string[], options: Partial<MainOptions> = {}): Promise<number> {
  const io: MainOptions = {
    env: process.env,
    cwd: process.cwd(),
    fetch: (...args) => fetch(...args),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    ...options,
  };
  try {
    const invocation = parseInvocation(argv, io.env);
    if (invocation.command === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    await runWidgetCommand(invocation.command, { connection: invocation.connection, fetch: io.fetch, cwd: io.cwd, out: io.stdout });
    return 0;
  } catch (error) {
    io.stderr(`error: ${describe(error)}\n`);
    if (error instanceof UsageError) {
      io.stderr('Run "switchboard --help" for usage.\n');
      return 2;
    }
    return 1;
  }
}
