import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../infra/src/free-port';
import { REPO_ROOT } from '../../infra/src/paths';
import { runOrThrow } from './commands';
import { eventually } from './eventually';

/**
 * A local npm registry (verdaccio) on loopback, as an integrator's company would run one: it
 * holds only `@switchboard/*`, which anyone may publish, and proxies nothing; every other
 * package comes from the npm registry the integrator already uses.
 */
export interface NpmRegistry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** `npm publish <dir>` to it; npm wants a token for any publish, verdaccio takes a placeholder. */
  publish(dir: string): Promise<void>;
  close(): Promise<void>;
}

const CONFIG = (storage: string) => `storage: ${JSON.stringify(storage)}
uplinks: {}
packages:
  '@switchboard/*':
    access: $all
    publish: $anonymous $authenticated
log: { type: stdout, format: pretty, level: warn }
`;

/** Starts verdaccio with a config and storage of its own, resolving once its HTTP port answers. */
export async function startNpmRegistry(): Promise<NpmRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'sb-verdaccio-'));
  await writeFile(join(dir, 'config.yaml'), CONFIG(join(dir, 'storage')));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(process.execPath, [join(REPO_ROOT, 'node_modules/verdaccio/bin/verdaccio'), '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], {
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}: ${stderr}`);
      const ping = await fetch(`${url}-/ping`);
      if (!ping.ok) throw new Error(`verdaccio answered its ping with ${ping.status}`);
    }, 60_000);
  } catch (error) {
    await close();
    throw error;
  }
  const publish = async (packageDir: string) => {
    await runOrThrow('npm', ['publish', packageDir, '--registry', url, `--${url.replace(/^http:/, '')}:_authToken=placeholder`], { env: { NODE_OPTIONS: '' } });
  };
  return { url, publish, close };
}
