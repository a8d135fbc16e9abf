import { createHash } from 'node:crypto';

/**
 * Namespace of every demo id derived from a name. Another service (a CRM, say) that seeds the
 * same demo contacts gets the same ids from `nameId('contact:17')`.
 */
export const DEMO_NAMESPACE = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** A name-based UUID (RFC 4122 version 5: SHA-1 over namespace + name). */
export function nameId(name: string, namespace: string = DEMO_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
