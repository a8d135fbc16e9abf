import { randomBytes } from 'node:crypto';
import { silentLogger } from '../delivery/testing/silent-logger';
import { sealSecret } from './secrets';
import { createTransportRegistry, smtpEndpoint } from './transports';

describe('smtpEndpoint', () => {
  it('keeps host and port only, never credentials', () => {
    expect(smtpEndpoint('smtp://user:secret@mail.acme.test:2525')).toBe('mail.acme.test:2525');
    expect(smtpEndpoint('smtps://user:secret@mail.acme.test')).toBe('mail.acme.test:465');
    expect(smtpEndpoint('not a url with secret')).toBe('unparseable SMTP URL');
  });
});

describe('createTransportRegistry', () => {
  const key = randomBytes(32);

  it('caches one pooled transport per queue and replaces it when the queue URL changes', () => {
    const registry = createTransportRegistry({ defaultUrl: 'smtp://127.0.0.1:2525', secretKey: key, logger: silentLogger });
    try {
      const plain = { id: 'a', smtpUrlEncrypted: null };
      expect(registry.forQueue(plain)).toBe(registry.forQueue(plain));
      const own = { id: 'b', smtpUrlEncrypted: sealSecret('smtp://u:p@mail.acme.test:587', key) };
      const first = registry.forQueue(own);
      expect(first).toBe(registry.forQueue(own));
      expect(first).not.toBe(registry.forQueue(plain));
      const changed = { id: 'b', smtpUrlEncrypted: sealSecret('smtp://u:p@other.acme.test:587', key) };
      expect(registry.forQueue(changed)).not.toBe(first);
    } finally {
      registry.close();
    }
  });

  it('refuses a sealed URL without a key or with the wrong one', () => {
    const sealed = sealSecret('smtp://u:p@mail.acme.test:587', key);
    const noKey = createTransportRegistry({ defaultUrl: 'smtp://127.0.0.1:2525', logger: silentLogger });
    expect(() => noKey.forQueue({ id: 'c', smtpUrlEncrypted: sealed })).toThrow('no secret key');
    const wrongKey = createTransportRegistry({ defaultUrl: 'smtp://127.0.0.1:2525', secretKey: randomBytes(32), logger: silentLogger });
    expect(() => wrongKey.forQueue({ id: 'c', smtpUrlEncrypted: sealed })).toThrow('failed authentication');
  });
});
