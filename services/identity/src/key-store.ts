import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  TOKEN_ISSUER,
  type AccessTokenClaims,
  type Jwks,
  type PublicJwk,
  type ServiceAudience,
  type User,
  type WidgetAudience,
} from '@switchboard/contracts';
import { TOKEN_ALGORITHM } from '@switchboard/service-kit';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importPKCS8,
  SignJWT,
  type JWTVerifyGetKey,
  type KeyLike,
} from 'jose';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SigningKeyEntity, type SigningKeyRow } from './entities';

/** Whom a token speaks for: the claims that are not about the token itself. */
export type TokenSubject = Pick<AccessTokenClaims, 'sub' | 'role' | 'queues' | 'teams'>;

/** How to sign one token. */
export interface SignOptions {
  /** The one service (or widget backend, `widget:<name>`) the token is good for. */
  audience: ServiceAudience | WidgetAudience;
  /** Lifetime in seconds. */
  ttlSeconds: number;
  /** Issue time in seconds since the epoch; now unless given (tests back-date tokens). */
  issuedAt?: number;
  /** The session a session token stands for (claim `sid`). */
  sessionId?: string;
  /** Further claims (a widget token's `ticket` and `contact`). */
  claims?: Record<string, unknown>;
}

/** A signed token and when it stops being valid. */
export interface IssuedToken {
  /** The compact JWT. */
  token: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

async function generateSigningKey(): Promise<Omit<SigningKeyRow, 'createdAt'>> {
  const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  const publicJwk: PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x ?? '', kid, alg: TOKEN_ALGORITHM, use: 'sig' };
  return { kid, publicJwk, privateKey: await exportPKCS8(privateKey), active: true };
}

/**
 * The service's signing keys: the active private key signs, every stored public key verifies
 * and is published in the JWKS. Loaded once at start; `getKey` can be handed out before that.
 */
export class KeyStore {
  private active?: { kid: string; privateKey: KeyLike };
  private publicKeys: PublicJwk[] = [];
  private verifier?: JWTVerifyGetKey;

  /** Verification keys for the auth hook. */
  readonly getKey: JWTVerifyGetKey = (header, token) => {
    if (!this.verifier) throw new Error('Signing keys are not loaded yet');
    return this.verifier(header, token);
  };

  /**
   * Reads the keys, creating the active one when there is none. Replicas starting together
   * may both generate one: the partial unique index lets exactly one insert win, and
   * `on conflict do nothing` makes the others read the winner's.
   */
  async load(em: EntityManager): Promise<void> {
    const fork = em.fork();
    if (!(await fork.findOne(SigningKeyEntity, { active: true }))) {
      const key = await generateSigningKey();
      await fork.createQueryBuilder(SigningKeyEntity).insert(key).onConflict().ignore().execute();
    }
    const rows = await em.fork().find(SigningKeyEntity, {}, { orderBy: { active: 'desc', createdAt: 'desc' } });
    const active = rows.find((row) => row.active);
    if (!active) throw new Error('No active signing key after creating one');
    this.active = { kid: active.kid, privateKey: await importPKCS8(active.privateKey, TOKEN_ALGORITHM) };
    this.publicKeys = rows.map((row) => row.publicJwk);
    this.verifier = createLocalJWKSet({ keys: this.publicKeys });
  }

  /** Id of the key new tokens are signed with. */
  get activeKid(): string {
    return this.requireActive().kid;
  }

  /** The public keys, for `/.well-known/jwks.json`. */
  jwks(): Jwks {
    return { keys: this.publicKeys };
  }

  /** Signs a token for one audience. */
  async sign(subject: TokenSubject, options: SignOptions): Promise<IssuedToken> {
    const { kid, privateKey } = this.requireActive();
    const issuedAt = options.issuedAt ?? Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + options.ttlSeconds;
    const session = options.sessionId ? { sid: options.sessionId } : {};
    const token = await new SignJWT({ role: subject.role, queues: subject.queues, teams: subject.teams, ...session, ...options.claims })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid, typ: 'JWT' })
      .setSubject(subject.sub)
      .setAudience(options.audience)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(randomUUID())
      .sign(privateKey);
    return { token, expiresAt };
  }

  private requireActive(): { kid: string; privateKey: KeyLike } {
    if (!this.active) throw new Error('Signing keys are not loaded yet');
    return this.active;
  }
}

/** The token subject of a user as the API shows it: membership ids, not names. */
export function tokenSubject(user: User): TokenSubject {
  return { sub: user.id, role: user.role, queues: user.queues.map((q) => q.id), teams: user.teams.map((t) => t.id) };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The loaded signing keys: they sign sessions and tokens and make the JWKS. */
    signingKeys: KeyStore;
  }
}

/**
 * Loads (or creates) the keys and decorates `app.signingKeys`. The store is made before the app,
 * as the auth hook verifies sessions with its `getKey`.
 */
export const signingKeysPlugin = fp(
  async (app: FastifyInstance, options: { keys: KeyStore }) => {
    await options.keys.load(app.orm.em);
    app.decorate('signingKeys', options.keys);
  },
  { name: 'signing-keys', dependencies: ['switchboard-orm'] },
);
