import { identityApi } from '@switchboard/contracts';
import { callerOf, requireRole, serve, verifyAccessToken } from '@switchboard/service-kit';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { endSession, sessionTokenOf, startSession } from '../session-cookie';

/** Ends the session the request's token names, if the token is a valid session token at all. */
async function endSessionOf(app: FastifyInstance, request: FastifyRequest): Promise<void> {
  const token = sessionTokenOf(request);
  if (!token) return;
  const claims = await verifyAccessToken(token, { audience: 'identity', getKey: app.signingKeys.getKey }).catch(() => undefined);
  if (claims?.sid) await app.sessionsRepository.end(claims.sid);
}

/**
 * `POST /login` (starts a session, sets the cookie), `POST /logout` (ends it, clears the cookie),
 * the session's user, and an admin's "sign out everywhere" and list of teams.
 */
export const sessionRoutes: FastifyPluginAsync<{ secureCookies: boolean }> = async (app, { secureCookies }) => {
  serve(app, identityApi.login, async (request, reply) => {
    const who = { email: request.body.email, address: request.ip };
    const login = await app.loginLimiter.attempt(who, reply, () => app.tokenIssuer.login(request.body));
    return startSession(reply, login, secureCookies);
  });
  serve(app, identityApi.logout, async (request, reply) => {
    await endSessionOf(app, request);
    endSession(reply, secureCookies);
  });
  serve(app, identityApi.me, async (request) => app.usersRepository.me(callerOf(request)));
  serve(app, identityApi.updateSettings, async (request) => app.usersRepository.updateSettings(callerOf(request), request.body));
  serve(app, identityApi.listTeams, async (request) => {
    requireRole(request, 'admin');
    return app.usersRepository.teams();
  });
  serve(app, identityApi.revokeUserSessions, async (request) => {
    requireRole(request, 'admin');
    await app.sessionsRepository.endAllOf(request.params.userId);
  });
};
