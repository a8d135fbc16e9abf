import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../infra/src/paths';

/** How a command ended. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (never rejects on a non-zero exit), collecting its output. */
export function runCommand(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Like runCommand, but throws with the output when the command fails. */
export async function runOrThrow(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CommandResult> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.code}\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
  }
  return result;
}

/** The ops CLI as integrators run it. */
const CLI = join(REPO_ROOT, 'packages', 'cli', 'bin', 'switchboard.cjs');

/**
 * Runs `switchboard <args>`; with `login`, against the platform at `login.url`, signed in as
 * `login.email` (password `demo`) through SWITCHBOARD_EMAIL / SWITCHBOARD_PASSWORD.
 */
export function switchboard(args: string[], login?: { url: string; email: string }): Promise<CommandResult> {
  const env: Record<string, string> = login ? { SWITCHBOARD_EMAIL: login.email, SWITCHBOARD_PASSWORD: 'demo', SWITCHBOARD_TOKEN: '' } : {};
  return runCommand(process.execPath, [CLI, ...args, ...(login ? ['--url', login.url] : [])], { env });
}

/** Builds a widget package with its webpack config (production), from its own folder. */
export function buildWidget(dir: string): Promise<CommandResult> {
  return runOrThrow(process.execPath, [join(REPO_ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), '--mode', 'production'], { cwd: dir });
}
