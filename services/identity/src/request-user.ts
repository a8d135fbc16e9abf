import { unauthorized } from '@switchboard/service-kit';
import type { FastifyRequest } from 'fastify';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The user id of a verified session. A token whose subject is not a user id (a service token)
 * is refused with 401 instead of reaching a uuid column and failing there.
 */
export function requestUserId(request: FastifyRequest): string {
  const { sub } = request.auth;
  if (!uuidPattern.test(sub)) throw unauthorized('The token does not belong to a user');
  return sub;
}
