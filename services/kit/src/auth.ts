import {
  type AccessTokenClaims,
  type Role,
  type ServiceAudience,
  TOKEN_ISSUER,
} from '@switchboard/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { parseCookie } from 'cookie';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { forbidden, unauthorized } from './errors';
import { cachedVerification, DEFAULT_TOKEN_CACHE_SIZE } from './token-cache';

/** Signature algorithm of every Switchboard token. */
export const TOKEN_ALGORITHM = 'EdDSA';

export interface AuthOptions {
  /** The audience this service accepts; tokens for any other service are refused. */
  audience: ServiceAudience;
  /** Where verification keys come from (the identity service's JWKS, or a local set). */
  getKey: JWTVerifyGetKey;
  /** Also read the token from this cookie (the identity service's session). */
  cookieName?: string;
  /** Verified tokens kept in memory (default 10,000); 0 verifies the signature on every request. */
  tokenCacheSize?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Verified claims of the caller; set on every non-public route. */
    auth: AccessTokenClaims;
  }
  interface FastifyContextConfig {
    /** Route needs no token (health, login, JWKS). */
    public?: boolean;
  }
}

/** Keys from the identity service's JWKS endpoint, cached and refreshed by jose. */
export function remoteKeySet(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
}

function bearerToken(request: FastifyRequest, cookieName?: string): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  // Parsed here rather than by a cookie plugin: this runs in the first onRequest hook of the app.
  const cookies = request.headers.cookie;
  return cookieName && cookies ? parseCookie(cookies)[cookieName] : undefined;
}

/** Verifies a token for one audience; throws a 401 AppError on any failure. */
export async function verifyAccessToken(
  token: string,
  options: Pick<AuthOptions, 'audience' | 'getKey'>,
): Promise<AccessTokenClaims> {
  try {
    const { payload } = await jwtVerify(token, options.getKey, {
      issuer: TOKEN_ISSUER,
      audience: options.audience,
      algorithms: [TOKEN_ALGORITHM],
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    return payload as unknown as AccessTokenClaims;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthorized('Token expired');
    if (error instanceof joseErrors.JOSEError) throw unauthorized('Invalid token');
    throw error;
  }
}

/**
 * Verifies the bearer token on every route that is not marked `config: { public: true }`; a token
 * verified before is answered from the kit's token cache until it expires or its key goes.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: AuthOptions) => {
    app.decorateRequest('auth', null as unknown as AccessTokenClaims);
    const tokens = cachedVerification((token, getKey) => verifyAccessToken(token, { audience: options.audience, getKey }), {
      getKey: options.getKey,
      maxEntries: options.tokenCacheSize ?? DEFAULT_TOKEN_CACHE_SIZE,
    });
    // A callback hook: a token checked within the last second (most requests) is answered at once,
    // without a promise; any other is verified (or its key asked again) asynchronously.
    app.addHook('onRequest', (request, _reply, done) => {
      if (request.routeOptions.config?.public || request.is404) return done();
      const token = bearerToken(request, options.cookieName);
      if (!token) return done(unauthorized());
      const fresh = tokens.fresh(token);
      if (fresh) {
        request.auth = fresh;
        return done();
      }
      tokens.verify(token).then(
        (claims) => {
          request.auth = claims;
          done();
        },
        (error: Error) => done(error),
      );
    });
  },
  { name: 'switchboard-auth' },
);

/** Refuses callers without one of the roles (403). */
export function requireRole(request: FastifyRequest, ...roles: Role[]): void {
  if (!roles.includes(request.auth.role)) throw forbidden(`Requires role ${roles.join(' or ')}`);
}
