import { createHash } from 'node:crypto';
import type { AccessTokenClaims } from '@switchboard/contracts';
import type { JWTHeaderParameters, JWTVerifyGetKey } from 'jose';

/** Verified tokens a service keeps by default: a few per agent of a large contact centre. */
export const DEFAULT_TOKEN_CACHE_SIZE = 10_000;

/** Checks a token's signature and claims, throwing on any failure (the kit's `verifyAccessToken`). */
export type VerifyToken = (token: string, getKey: JWTVerifyGetKey) => Promise<AccessTokenClaims>;

export interface TokenCacheOptions {
  /** The key set verification uses; a cached token counts only while it still yields the same key. */
  getKey: JWTVerifyGetKey;
  /** Most tokens kept; the least recently used one goes first. 0 verifies every time. */
  maxEntries: number;
  /** Current time in ms (tests). */
  now?: () => number;
}

interface Entry {
  claims: AccessTokenClaims;
  /** The protected header, which chooses the key (`kid`, `alg`). */
  header: JWTHeaderParameters;
  /** The key the signature was verified with. */
  key: unknown;
}

const tokenId = (token: string) => createHash('sha256').update(token).digest('base64url');

function frozen(claims: AccessTokenClaims): AccessTokenClaims {
  for (const value of Object.values(claims)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(claims);
}

/**
 * Verifies each token once and answers its claims from a bounded LRU afterwards, keyed by the
 * token's SHA-256. A kept token counts until its `exp` (as jose: expired at `exp`) and only while
 * the key set still gives the key that verified it, so a rotated or removed key drops it.
 * Only the signature check is cached: per-request checks (identity's session rows) still run.
 */
export function cachedVerification(verify: VerifyToken, options: TokenCacheOptions): (token: string) => Promise<AccessTokenClaims> {
  const { getKey, maxEntries, now = Date.now } = options;
  const entries = new Map<string, Entry>();

  async function stillValid(entry: Entry): Promise<boolean> {
    if (entry.claims.exp <= Math.floor(now() / 1000)) return false;
    // Key sets choose by the protected header alone; the token's parts are not needed to find the key.
    try {
      return (await getKey(entry.header, { payload: '', signature: '' })) === entry.key;
    } catch {
      return false;
    }
  }

  return async (token) => {
    if (maxEntries <= 0) return verify(token, getKey);
    const id = tokenId(token);
    const kept = entries.get(id);
    if (kept) {
      entries.delete(id);
      if (await stillValid(kept)) {
        entries.set(id, kept);
        return kept.claims;
      }
    }
    let used: Omit<Entry, 'claims'> | undefined;
    const claims = await verify(token, async (header, jws) => {
      const key = await getKey(header, jws);
      used = { header, key };
      return key;
    });
    // No single key (a set with several candidates): nothing to check a later use against.
    if (!used) return claims;
    entries.set(id, { claims: frozen(claims), ...used });
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    return claims;
  };
}
