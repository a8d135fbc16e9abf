import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mailSecretKeyOf } from './mail-secret-key';

it('makes one 32-byte key per data folder, private, that every later and concurrent start reads', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sb-mail-key-'));
  try {
    const keys = await Promise.all(Array.from({ length: 8 }, () => mailSecretKeyOf(join(dir, 'data'))));
    expect(new Set(keys).size).toBe(1);
    expect(Buffer.from(keys[0]!, 'base64')).toHaveLength(32);
    expect(await mailSecretKeyOf(join(dir, 'data'))).toBe(keys[0]);
    expect((await stat(join(dir, 'data', 'mail-secret-key'))).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'data'))).toEqual(['mail-secret-key']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
