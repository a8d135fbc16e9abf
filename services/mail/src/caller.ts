import type { FastifyRequest } from 'fastify';

/** Who is calling, as the mail routes need it. */
export interface Caller {
  /** The agent's user id; mail routes are for users, so a service token gets 403. */
  userId: string;
  /** Email queues the agent belongs to (M2), from the token's `queues` claim. */
  queues: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the calling agent from the verified token; returns null for a non-user subject. */
export function callerOf(request: FastifyRequest): Caller | null {
  const { sub, queues } = request.auth;
  if (!UUID.test(sub)) return null;
  return { userId: sub.toLowerCase(), queues: Array.isArray(queues) ? queues : [] };
}
