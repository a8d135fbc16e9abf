import { identityApi, widgetTokenApi } from '@switchboard/contracts';
import { callerOf, serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { createWidgetTokenIssuer, type WidgetTokenSources } from '../widget-tokens';

/** Tokens are never cached on the way. */
function uncached<T>(reply: FastifyReply, answer: T): T {
  reply.header('cache-control', 'no-store');
  return answer;
}

/**
 * `POST /token` (the session's), `POST /service-token` (a service's secret), `POST /widget-token`
 * (the session's, for a widget's own backend) and the JWKS that verifies them.
 */
export const tokenRoutes: FastifyPluginAsync<{ widgetTokens?: WidgetTokenSources }> = async (app, options) => {
  const widgetToken = createWidgetTokenIssuer(app, options.widgetTokens);
  serve(app, widgetTokenApi.issueWidgetToken, async (request, reply) => uncached(reply, await widgetToken(callerOf(request), request.body)));
  serve(app, identityApi.issueToken, async (request, reply) =>
    uncached(reply, await app.tokenIssuer.accessToken(callerOf(request), request.body.audience)),
  );
  serve(app, identityApi.issueServiceToken, async (request, reply) => uncached(reply, await app.tokenIssuer.serviceToken(request.body)));
  serve(app, identityApi.jwks, async (_request, reply) => {
    // Services cache the set (jose refetches on an unknown kid), so a short max-age suffices.
    reply.header('cache-control', 'public, max-age=300');
    return app.signingKeys.jwks();
  });
};
