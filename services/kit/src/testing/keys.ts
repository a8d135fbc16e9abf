import { randomUUID } from 'node:crypto';
import type { AccessTokenClaims, Role, ServiceAudience } from '@switchboard/contracts';
import { TOKEN_ISSUER } from '@switchboard/contracts';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTVerifyGetKey } from 'jose';
import { TOKEN_ALGORITHM } from '../auth';

/** A signing key pair for tests, standing in for the identity service. */
export interface TestKeys {
  /** Verification keys, as a service would get them from the JWKS endpoint. */
  getKey: JWTVerifyGetKey;
  /** The public JWK set. */
  jwks: { keys: JWK[] };
  /** Signs a token with the given claims over sensible defaults. */
  sign(claims: TestClaims, options?: { expiresIn?: string | number; issuedAt?: number }): Promise<string>;
}

/** Claims a test sets; everything else has a default. */
export interface TestClaims {
  aud: ServiceAudience;
  sub?: string;
  role?: Role;
  queues?: string[];
  teams?: string[];
  iss?: string;
}

export async function createTestKeys(): Promise<TestKeys> {
  const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALGORITHM, { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), alg: TOKEN_ALGORITHM, use: 'sig' };
  const jwks = { keys: [jwk] };
  return {
    jwks,
    getKey: createLocalJWKSet(jwks),
    sign: async (claims, options = {}) => {
      const body: Omit<AccessTokenClaims, 'exp' | 'iat' | 'aud' | 'iss' | 'sub'> = {
        role: claims.role ?? 'agent',
        queues: claims.queues ?? [],
        teams: claims.teams ?? [],
      };
      const jwt = new SignJWT({ ...body })
        .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: jwk.kid })
        .setSubject(claims.sub ?? randomUUID())
        .setAudience(claims.aud)
        .setIssuer(claims.iss ?? TOKEN_ISSUER)
        .setIssuedAt(options.issuedAt)
        .setExpirationTime(options.expiresIn ?? '5m');
      return jwt.sign(privateKey);
    },
  };
}

/** An unsigned token (`alg: none`) that must always be refused. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}
