import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistryTestContext, type RegistryTestContext } from './testing/registry-test-context';

const FILE = 'switchboard-widget-sdk-0.1.0.tgz';
/** Bytes that are no text: the answer must carry them unchanged. */
const TARBALL = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));
const packagesDir = mkdtempSync(join(tmpdir(), 'sb-sdk-packages-'));
writeFileSync(join(packagesDir, FILE), TARBALL);
writeFileSync(join(packagesDir, '..', 'outside-0.1.0.tgz'), 'not served');

let ctx: RegistryTestContext;

beforeAll(async () => {
  ctx = await createRegistryTestContext({ sdkPackagesDir: packagesDir });
});
afterAll(async () => {
  await ctx.close();
  rmSync(packagesDir, { recursive: true, force: true });
  rmSync(join(packagesDir, '..', 'outside-0.1.0.tgz'), { force: true });
});

describe('GET /sdk/:file (the platform serves its own npm packages)', () => {
  it('answers a tarball of the folder byte for byte, to anyone, as gzip', async () => {
    const res = await ctx.inject({ url: `/sdk/${FILE}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers['content-length']).toBe(String(TARBALL.length));
    expect(res.rawPayload.equals(TARBALL)).toBe(true);
  });

  it('is 404 NOT_FOUND for a file the folder lacks, and 400 for a name that could leave it', async () => {
    const missing = await ctx.inject({ url: '/sdk/switchboard-cli-9.9.9.tgz' });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'NOT_FOUND']);
    for (const name of ['..%2Foutside-0.1.0.tgz', '.hidden.tgz', 'switchboard-widget-sdk-0.1.0.tar', 'A.tgz']) {
      const res = await ctx.inject({ url: `/sdk/${name}` });
      expect([name, res.statusCode, res.json().code]).toEqual([name, 400, 'VALIDATION_FAILED']);
    }
    expect(ctx.serverErrors()).toEqual([]);
  });

  it('serves none when the platform has no SDK folder', async () => {
    const bare = await ctx.replica({ sdkPackagesDir: undefined });
    await bare.ready();
    const res = await bare.inject({ url: `/sdk/${FILE}` });
    expect([res.statusCode, res.json().code]).toEqual([404, 'NOT_FOUND']);
  });
});
