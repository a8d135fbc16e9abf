import { ErrorBodySchema, ServiceTokenRequestSchema, TokenResponseSchema } from '@switchboard/contracts';
import { unauthorized, type ServiceApp } from '@switchboard/service-kit';
import { audienceNotAllowed } from '../errors';
import type { KeyStore } from '../key-store';
import { serviceSecretMatches, type ServiceSecrets } from '../service-secrets';
import { ACCESS_TOKEN_TTL_SECONDS } from './token.routes';

/**
 * `POST /service-token`: a service trades its client secret for a 5-minute token to call one
 * other service as itself (`sub: service:<name>`, role `service`, no queues or teams).
 */
export function registerServiceTokenRoutes(app: ServiceApp, deps: { keys: KeyStore; secrets: ServiceSecrets }): void {
  app.post(
    '/service-token',
    {
      config: { public: true },
      schema: {
        summary: 'A 5-minute token for a service calling another service',
        body: ServiceTokenRequestSchema,
        response: { 200: TokenResponseSchema, 400: ErrorBodySchema, 401: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const { service, secret, audience } = request.body;
      if (!serviceSecretMatches(deps.secrets, service, secret)) throw unauthorized('Unknown service or wrong secret');
      if (audience === 'identity') throw audienceNotAllowed(audience);
      reply.header('cache-control', 'no-store');
      return deps.keys.sign(
        { sub: `service:${service}`, role: 'service', queues: [], teams: [] },
        { audience, ttlSeconds: ACCESS_TOKEN_TTL_SECONDS },
      );
    },
  );
}
