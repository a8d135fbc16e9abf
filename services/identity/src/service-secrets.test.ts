import { parseServiceSecrets, serviceSecretMatches } from './service-secrets';

describe('service secrets', () => {
  it('parses name:secret pairs and matches only the right secret of the right service', () => {
    const secrets = parseServiceSecrets(' mail:0123456789abcdef0123 , crm:fedcba9876543210fedc ');
    expect(serviceSecretMatches(secrets, 'mail', '0123456789abcdef0123')).toBe(true);
    expect(serviceSecretMatches(secrets, 'mail', 'fedcba9876543210fedc')).toBe(false);
    expect(serviceSecretMatches(secrets, 'tickets', '0123456789abcdef0123')).toBe(false);
    expect(serviceSecretMatches(secrets, 'toString', '')).toBe(false);
  });

  it('is empty when unset and refuses malformed pairs and short secrets', () => {
    expect(parseServiceSecrets(undefined)).toEqual({});
    expect(() => parseServiceSecrets('mail')).toThrow(/name:secret/);
    expect(() => parseServiceSecrets(':0123456789abcdef0123')).toThrow(/name:secret/);
    expect(() => parseServiceSecrets('mail:short')).toThrow(/16\+/);
  });
});
