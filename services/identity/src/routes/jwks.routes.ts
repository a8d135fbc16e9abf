import { JwksSchema } from '@switchboard/contracts';
import type { ServiceApp } from '@switchboard/service-kit';
import type { KeyStore } from '../key-store';

/** `GET /.well-known/jwks.json`: public keys every service verifies tokens with. */
export function registerJwksRoutes(app: ServiceApp, deps: { keys: KeyStore }): void {
  app.get(
    '/.well-known/jwks.json',
    {
      config: { public: true },
      schema: { summary: 'Token verification keys (JWKS)', security: [], response: { 200: JwksSchema } },
    },
    async (_request, reply) => {
      // Services cache the set (jose refetches on an unknown kid), so a short max-age suffices.
      reply.header('cache-control', 'public, max-age=300');
      return deps.keys.jwks();
    },
  );
}
