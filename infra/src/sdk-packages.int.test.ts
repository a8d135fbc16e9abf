import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HOST_CONTRACT_VERSION } from '@switchboard/contracts';
import { createRegistryTestContext, type RegistryTestContext } from '../../services/registry/src/testing/registry-test-context';
import { REPO_ROOT } from './paths';

/**
 * What `npm start` gives an integrator without an npm registry: start.sh packs the SDK, the
 * contracts and the CLI into SDK_PACKAGES_DIR with the same script as here, the registry serves
 * that folder, and `npm install <url>` of a served tarball works in an empty folder.
 */

const run = promisify(execFile);
// Packing compiles three packages with tsc and swc; npm install reads its cache or the registry.
jest.setTimeout(300_000);

let packsDir: string;
let installDir: string;
let ctx: RegistryTestContext;
let baseUrl: string;

beforeAll(async () => {
  packsDir = await mkdtemp(join(tmpdir(), 'sb-sdk-packages-'));
  installDir = await mkdtemp(join(tmpdir(), 'sb-sdk-install-'));
  await run(process.execPath, [join(REPO_ROOT, 'packages/cli/scripts/pack-packages.cjs'), packsDir], { env: { ...process.env, NODE_OPTIONS: '' } });
  ctx = await createRegistryTestContext({ sdkPackagesDir: packsDir });
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await ctx?.close();
  await rm(packsDir, { recursive: true, force: true });
  await rm(installDir, { recursive: true, force: true });
});

it('packs the three packages and serves each tarball as gzip', async () => {
  const tarballs = (await readdir(packsDir)).filter((file) => file.endsWith('.tgz')).sort();
  expect(tarballs).toEqual(['switchboard-cli-0.1.0.tgz', 'switchboard-contracts-0.1.0.tgz', 'switchboard-widget-sdk-0.1.0.tgz']);
  for (const file of tarballs) {
    const response = await fetch(`${baseUrl}/sdk/${file}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([file, response.status, bytes.subarray(0, 2).toString('hex')]).toEqual([file, 200, '1f8b']);
    expect(bytes.equals(await readFile(join(packsDir, file)))).toBe(true);
  }
});

it('installs from the served URL with npm in an empty folder, as built JS a plain require loads', async () => {
  const url = `${baseUrl}/sdk/switchboard-contracts-0.1.0.tgz`;
  const env = { ...process.env, NODE_OPTIONS: '' };
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', url], { cwd: installDir, env });
  const manifest = JSON.parse(await readFile(join(installDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  expect(manifest.dependencies['@switchboard/contracts']).toBe(url);
  const loaded = await run(process.execPath, ['-e', "process.stdout.write(require('@switchboard/contracts').HOST_CONTRACT_VERSION)"], { cwd: installDir, env });
  expect(loaded.stdout).toBe(HOST_CONTRACT_VERSION);
});
