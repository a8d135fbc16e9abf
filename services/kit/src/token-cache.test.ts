import type { AccessTokenClaims } from '@switchboard/contracts';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { verifyAccessToken } from './auth';
import { createTestKeys, type TestKeys } from './testing';
import { cachedVerification, KEY_RECHECK_MS, type VerifyToken } from './token-cache';

let keys: TestKeys;
let verifications: number;
let currentKeys: JWTVerifyGetKey;
let clock: number;

/** The kit's real verification, counted. */
const verify: VerifyToken = async (token, getKey) => {
  verifications += 1;
  return verifyAccessToken(token, { audience: 'tickets', getKey });
};

/** A key set that can be swapped underneath the cache, as a JWKS refresh does. */
const getKey: JWTVerifyGetKey = (header, token) => currentKeys(header, token);

const verifier = (maxEntries = 10) => cachedVerification(verify, { getKey, maxEntries, now: () => clock });
const cache = (maxEntries = 10) => {
  const tokens = verifier(maxEntries);
  return (token: string) => tokens.verify(token);
};

beforeAll(async () => {
  keys = await createTestKeys();
});

beforeEach(() => {
  verifications = 0;
  currentKeys = keys.getKey;
  clock = Date.now();
});

const signAt = (issuedAt: number, expiresIn: number) =>
  keys.sign({ aud: 'tickets' }, { issuedAt: Math.floor(issuedAt / 1000), expiresIn: Math.floor(issuedAt / 1000) + expiresIn });

describe('verified token cache', () => {
  it('verifies a token once and answers its claims from the cache afterwards', async () => {
    const verified = cache();
    const token = await keys.sign({ aud: 'tickets', sub: 'agent-1' });
    const first = await verified(token);
    const second = await verified(token);
    expect(second).toBe(first);
    expect(first.sub).toBe('agent-1');
    expect(verifications).toBe(1);
  });

  it('keeps claims read-only, as every request of the token shares them', async () => {
    const claims = await cache()(await keys.sign({ aud: 'tickets', queues: ['q'] }));
    expect(Object.isFrozen(claims)).toBe(true);
    expect(Object.isFrozen(claims.queues)).toBe(true);
  });

  it('keeps a token until its expiry, then verifies it again', async () => {
    const verified = cache();
    const token = await signAt(clock, 60);
    await verified(token);
    clock += 59_000;
    await verified(token);
    expect(verifications).toBe(1);
    clock += 1_000;
    await verified(token);
    expect(verifications).toBe(2);
  });

  it('drops a token when its key leaves the key set (rotation) and refuses it', async () => {
    const verified = cache();
    const token = await keys.sign({ aud: 'tickets' });
    await verified(token);
    currentKeys = (await createTestKeys()).getKey;
    await expect(verified(token)).rejects.toMatchObject({ statusCode: 401, message: 'Invalid token' });
    await expect(verified(token)).rejects.toMatchObject({ statusCode: 401 });
    expect(verifications).toBe(3);
  });

  it('verifies again when a refreshed key set holds the key anew, then keeps it', async () => {
    const verified = cache();
    const token = await keys.sign({ aud: 'tickets' });
    await verified(token);
    currentKeys = createLocalJWKSet(keys.jwks);
    await verified(token);
    await verified(token);
    expect(verifications).toBe(2);
  });

  it('never keeps a refused token', async () => {
    const verified = cache();
    const wrongAudience = await keys.sign({ aud: 'mail' });
    await expect(verified(wrongAudience)).rejects.toMatchObject({ statusCode: 401 });
    await expect(verified(wrongAudience)).rejects.toMatchObject({ statusCode: 401 });
    expect(verifications).toBe(2);
  });

  it('holds at most maxEntries tokens, dropping the least recently used', async () => {
    const verified = cache(2);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((sub) => keys.sign({ aud: 'tickets', sub })));
    await verified(a!);
    await verified(b!);
    await verified(a!); // a is now the most recently used
    await verified(c!); // evicts b
    expect(verifications).toBe(3);
    await verified(a!);
    await verified(c!);
    expect(verifications).toBe(3);
    await verified(b!);
    expect(verifications).toBe(4);
  });

  it('verifies every time with a size of 0', async () => {
    const verified = cache(0);
    const token = await keys.sign({ aud: 'tickets' });
    const claims: AccessTokenClaims[] = [await verified(token), await verified(token)];
    expect(claims[1]).toEqual(claims[0]);
    expect(verifications).toBe(2);
  });

  it('answers a kept token at once while its key was confirmed within KEY_RECHECK_MS and it has not expired', async () => {
    const tokens = verifier();
    const token = await signAt(clock, 60);
    expect(tokens.fresh(token)).toBeUndefined();
    const claims = await tokens.verify(token);
    expect(tokens.fresh(token)).toBe(claims);
    clock += KEY_RECHECK_MS - 1;
    expect(tokens.fresh(token)).toBe(claims);
    clock += 1;
    expect(tokens.fresh(token)).toBeUndefined();
    // verify asks the key set again and confirms the key for another KEY_RECHECK_MS, without verifying the signature.
    expect(await tokens.verify(token)).toBe(claims);
    expect(tokens.fresh(token)).toBe(claims);
    expect(verifications).toBe(1);
    clock += 60_000;
    expect(tokens.fresh(token)).toBeUndefined();
  });

  it('stops answering a token at once after KEY_RECHECK_MS when its key left the key set', async () => {
    const tokens = verifier();
    const token = await keys.sign({ aud: 'tickets' });
    await tokens.verify(token);
    currentKeys = (await createTestKeys()).getKey;
    clock += KEY_RECHECK_MS;
    expect(tokens.fresh(token)).toBeUndefined();
    await expect(tokens.verify(token)).rejects.toMatchObject({ statusCode: 401 });
    expect(tokens.fresh(token)).toBeUndefined();
  });

  it('never answers a token at once when it keeps none (size 0)', async () => {
    const tokens = verifier(0);
    const token = await keys.sign({ aud: 'tickets' });
    await tokens.verify(token);
    expect(tokens.fresh(token)).toBeUndefined();
  });
});
