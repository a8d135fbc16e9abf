import { requireUser } from '@switchboard/service-kit';
import type { FastifyRequest } from 'fastify';
import { adminRequired, AGENTS_ONLY } from './errors';

/** The admins' mail routes (issue 13): 403 for any other agent, and for a service token ("Mail routes are for agents"). */
export function requireAdmin(request: FastifyRequest): void {
  if (!requireUser(request, AGENTS_ONLY).isAdmin) throw adminRequired();
}
