import { createHash, timingSafeEqual } from 'node:crypto';

/** Client secrets of the services allowed to ask for service tokens, by service name. */
export type ServiceSecrets = Readonly<Record<string, string>>;

/**
 * Parses `SERVICE_SECRETS`: comma-separated `name:secret` pairs, e.g. `mail:3f9c…`.
 * Throws on a malformed pair or a secret shorter than 16 characters.
 */
export function parseServiceSecrets(raw: string | undefined): ServiceSecrets {
  const secrets: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',').filter((p) => p.trim() !== '')) {
    const separator = pair.indexOf(':');
    const name = pair.slice(0, separator).trim();
    const secret = pair.slice(separator + 1).trim();
    if (separator < 1 || secret.length < 16) throw new Error('SERVICE_SECRETS must be name:secret pairs with secrets of 16+ characters');
    secrets[name] = secret;
  }
  return secrets;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** True when `secret` is the configured secret of `service`; constant time in the secret. */
export function serviceSecretMatches(secrets: ServiceSecrets, service: string, secret: string): boolean {
  const expected = Object.hasOwn(secrets, service) ? secrets[service] : undefined;
  // Compare digests so the comparison takes the same time whatever the lengths.
  const ok = timingSafeEqual(digest(expected ?? ''), digest(secret));
  return expected !== undefined && ok;
}
