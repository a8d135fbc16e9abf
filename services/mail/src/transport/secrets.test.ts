import { randomBytes } from 'node:crypto';
import { openSecret, parseSecretKey, sealSecret } from './secrets';

const key = randomBytes(32);
const url = 'smtps://support%40acme.test:s3cr%C3%ABt@smtp.acme.test:465';

describe('sealSecret / openSecret', () => {
  it('round-trips, with a fresh IV every time', () => {
    const sealed = sealSecret(url, key);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('acme');
    expect(openSecret(sealed, key)).toBe(url);
    expect(sealSecret(url, key)).not.toBe(sealed);
  });

  it('refuses a wrong key', () => {
    expect(() => openSecret(sealSecret(url, key), randomBytes(32))).toThrow('failed authentication');
  });

  it.each([
    ['the ciphertext', 3],
    ['the tag', 2],
    ['the IV', 1],
  ])('detects tampering with %s', (_part, index) => {
    const parts = sealSecret(url, key).split('.');
    const bytes = Buffer.from(parts[index]!, 'base64url');
    bytes[0] = bytes[0]! ^ 0x01;
    parts[index] = bytes.toString('base64url');
    expect(() => openSecret(parts.join('.'), key)).toThrow();
  });

  it('refuses unknown versions and malformed values', () => {
    const sealed = sealSecret(url, key);
    expect(() => openSecret(sealed.replace(/^v1/, 'v2'), key)).toThrow('known version');
    expect(() => openSecret('v1.abc', key)).toThrow('known version');
    expect(() => openSecret('v1.AAAA.AAAA.AAAA', key)).toThrow('malformed');
  });

  it('needs a 32-byte key', () => {
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
    expect(() => parseSecretKey(randomBytes(16).toString('base64'))).toThrow('32 bytes');
    expect(() => sealSecret(url, randomBytes(31))).toThrow('32 bytes');
  });
});
