import { ErrorBodySchema, TokenRequestSchema, TokenResponseSchema } from '@switchboard/contracts';
import { unauthorized, type ServiceApp } from '@switchboard/service-kit';
import { audienceNotAllowed } from '../errors';
import { tokenSubject, type KeyStore } from '../key-store';
import { requestUserId } from '../request-user';
import type { UsersRepository } from '../users.repository';

/** Lifetime of a token for one service, in seconds. */
export const ACCESS_TOKEN_TTL_SECONDS = 5 * 60;

/**
 * `POST /token`: exchanges the session for a short-lived token for exactly one service.
 * Role and memberships are read again, so changes reach services within one token lifetime.
 */
export function registerTokenRoutes(app: ServiceApp, deps: { users: UsersRepository; keys: KeyStore }): void {
  app.post(
    '/token',
    {
      schema: {
        summary: 'A 5-minute token for one service audience',
        body: TokenRequestSchema,
        response: { 200: TokenResponseSchema, 400: ErrorBodySchema, 401: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const { audience } = request.body;
      // A session-audience token would let page scripts act as the session.
      if (audience === 'identity') throw audienceNotAllowed(audience);
      const user = await deps.users.profile(requestUserId(request));
      if (!user) throw unauthorized('The user no longer exists');
      reply.header('cache-control', 'no-store');
      return deps.keys.sign(tokenSubject(user), { audience, ttlSeconds: ACCESS_TOKEN_TTL_SECONDS });
    },
  );
}
