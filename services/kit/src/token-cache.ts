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
  /** When the key set last gave that key for this token (ms). */
  keyCheckedAt: number;
}

/**
 * How long a kept token's key counts as confirmed without asking the key set again. The remote
 * key set itself is refreshed far less often (kit `remoteKeySet`), so a removed key stops a kept
 * token no later than it would anyway; within this time a request needs no promise at all.
 */
export const KEY_RECHECK_MS = 1000;

/** Verifies tokens, answering the ones verified before from memory. */
export interface TokenVerifier {
  /**
   * The claims of a kept token whose key was confirmed within KEY_RECHECK_MS and which has not
   * expired, answered at once; undefined otherwise (then `verify`).
   */
  fresh(token: string): AccessTokenClaims | undefined;
  /** The token's claims: from memory while it is kept and its key still counts, else verified (throws a 401). */
  verify(token: string): Promise<AccessTokenClaims>;
}

function frozen(claims: AccessTokenClaims): AccessTokenClaims {
  for (const value of Object.values(claims)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(claims);
}

/**
 * Verifies each token once and answers its claims from a bounded LRU afterwards, keyed by the
 * token itself (a Map hashes a string faster than SHA-256 can; the LRU bounds the memory). A kept
 * token counts until its `exp` (as jose: expired at `exp`) and only while the key set still gives
 * the key that verified it, asked again at most every KEY_RECHECK_MS, so a rotated or removed key
 * drops it. Only the signature check is cached: per-request checks (identity's session rows) still run.
 */
export function cachedVerification(verify: VerifyToken, options: TokenCacheOptions): TokenVerifier {
  const { getKey, maxEntries, now = Date.now } = options;
  const entries = new Map<string, Entry>();
  const expired = (entry: Entry, at: number) => entry.claims.exp <= Math.floor(at / 1000);

  /** Moves a used entry to the LRU's young end. */
  const touch = (token: string, entry: Entry) => {
    entries.delete(token);
    entries.set(token, entry);
  };

  async function keyStillGiven(entry: Entry): Promise<boolean> {
    // Key sets choose by the protected header alone; the token's parts are not needed to find the key.
    try {
      return (await getKey(entry.header, { payload: '', signature: '' })) === entry.key;
    } catch {
      return false;
    }
  }

  return {
    fresh(token) {
      const kept = entries.get(token);
      const at = now();
      if (!kept || expired(kept, at) || at - kept.keyCheckedAt >= KEY_RECHECK_MS) return undefined;
      touch(token, kept);
      return kept.claims;
    },
    async verify(token) {
      if (maxEntries <= 0) return verify(token, getKey);
      const kept = entries.get(token);
      if (kept) {
        entries.delete(token);
        if (!expired(kept, now()) && (await keyStillGiven(kept))) {
          kept.keyCheckedAt = now();
          entries.set(token, kept);
          return kept.claims;
        }
      }
      let used: Pick<Entry, 'header' | 'key'> | undefined;
      const claims = await verify(token, async (header, jws) => {
        const key = await getKey(header, jws);
        used = { header, key };
        return key;
      });
      // No single key (a set with several candidates): nothing to check a later use against.
      if (!used) return claims;
      entries.set(token, { claims: frozen(claims), ...used, keyCheckedAt: now() });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return claims;
    },
  };
}
