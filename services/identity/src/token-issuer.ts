import type { LoginBody, ServiceAudience, ServiceTokenRequest, User } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createCredentialsChecker } from './credentials';
import { audienceNotAllowed, invalidCredentials, wrongServiceSecret } from './errors';
import { tokenSubject, type IssuedToken } from './key-store';
import { serviceSecretMatches, type ServiceSecrets } from './service-secrets';

/** Lifetime of a session, in seconds (8 h, one shift). */
export const SESSION_TTL_SECONDS = 8 * 60 * 60;

/** Lifetime of a token for one service, in seconds. */
const ACCESS_TOKEN_TTL_SECONDS = 5 * 60;

/** Signs sessions, tokens per audience and service tokens. */
export interface TokenIssuer {
  /**
   * Checks email and password and starts a server-side session: the user and the session token
   * naming it (`sid`); 401 INVALID_CREDENTIALS for either wrong.
   */
  login(credentials: LoginBody): Promise<{ user: User; session: IssuedToken }>;
  /**
   * Trades the session for a token for exactly one service. Role and memberships are read
   * again, so changes reach services within one token lifetime.
   */
  accessToken(caller: Caller, audience: ServiceAudience): Promise<IssuedToken>;
  /** A token for a service calling another one as itself (`sub: service:<name>`, role `service`, no queues or teams). */
  serviceToken(request: ServiceTokenRequest): Promise<IssuedToken>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Signs sessions and tokens. */
    tokenIssuer: TokenIssuer;
  }
}

/** Creates the issuer over the users repository and the signing keys. */
export function createTokenIssuer(app: FastifyInstance, serviceSecrets: ServiceSecrets): TokenIssuer {
  const { usersRepository, sessionsRepository, signingKeys } = app;
  const checkCredentials = createCredentialsChecker(usersRepository);
  // A session-audience token would let page scripts act as the session.
  const refuseSessionAudience = (audience: ServiceAudience) => {
    if (audience === 'identity') throw audienceNotAllowed(audience);
  };
  return {
    async login({ email, password }) {
      const { id } = await checkCredentials(email, password);
      const user = await usersRepository.profile(id);
      if (!user) throw invalidCredentials();
      const session = await sessionsRepository.start(user.id, SESSION_TTL_SECONDS);
      const options = { audience: 'identity', ttlSeconds: SESSION_TTL_SECONDS, sessionId: session.id } as const;
      return { user, session: await signingKeys.sign(tokenSubject(user), options) };
    },

    async accessToken(caller, audience) {
      refuseSessionAudience(audience);
      const user = await usersRepository.me(caller);
      return signingKeys.sign(tokenSubject(user), { audience, ttlSeconds: ACCESS_TOKEN_TTL_SECONDS });
    },

    async serviceToken({ service, secret, audience }) {
      if (!serviceSecretMatches(serviceSecrets, service, secret)) throw wrongServiceSecret();
      refuseSessionAudience(audience);
      return signingKeys.sign(
        { sub: `service:${service}`, role: 'service', queues: [], teams: [] },
        { audience, ttlSeconds: ACCESS_TOKEN_TTL_SECONDS },
      );
    },
  };
}

/** Decorates `app.tokenIssuer`; `serviceSecrets` names the services that may ask for service tokens. */
export const tokenIssuerPlugin = fp(
  async (app: FastifyInstance, options: { serviceSecrets: ServiceSecrets }) => {
    app.decorate('tokenIssuer', createTokenIssuer(app, options.serviceSecrets));
  },
  { name: 'token-issuer', dependencies: ['users-repository', 'sessions-repository', 'signing-keys'] },
);
