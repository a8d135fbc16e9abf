import { forbidden } from '@switchboard/service-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** Methods that change nothing, so a cross-site request for them does no harm. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a state-changing request comes from the shell's own origin. Browsers mark every request
 * with `Sec-Fetch-Site` (which page scripts cannot set) and send `Origin` on every POST; clients
 * that are not browsers (the CLI, services) send neither and carry no victim's cookie.
 */
export function fromOwnOrigin(request: FastifyRequest, allowedOrigins: readonly string[]): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins.includes(origin)) return true;
  // Reached directly, not through the gateway: the origin must be this host's.
  return URL.canParse(origin) && new URL(origin).host === request.headers.host;
}

/**
 * Refuses cross-site state changes (login CSRF, logout CSRF) with 403, on every route of the
 * service. The other half of the defence is that every such route takes a JSON body (or is not a
 * POST), which a cross-site form cannot send.
 */
export const sameOriginPlugin = fp(
  async (app: FastifyInstance, options: { allowedOrigins: readonly string[] }) => {
    app.addHook('onRequest', async (request) => {
      if (!SAFE_METHODS.has(request.method) && !fromOwnOrigin(request, options.allowedOrigins)) {
        throw forbidden('Cross-site requests may not change anything');
      }
    });
  },
  { name: 'same-origin' },
);
