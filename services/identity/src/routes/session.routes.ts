import { identityApi } from '@switchboard/contracts';
import { callerOf, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { endSession, startSession } from '../session-cookie';

/** `POST /login` (sets the session cookie), `POST /logout` (clears it), and the session's user. */
export const sessionRoutes: FastifyPluginAsync<{ secureCookies: boolean }> = async (app, { secureCookies }) => {
  serve(app, identityApi.login, async (request, reply) => startSession(reply, await app.tokenIssuer.login(request.body), secureCookies));
  serve(app, identityApi.logout, async (_request, reply) => endSession(reply, secureCookies));
  serve(app, identityApi.me, async (request) => app.usersRepository.me(callerOf(request)));
  serve(app, identityApi.updateSettings, async (request) => app.usersRepository.updateSettings(callerOf(request), request.body));
};
