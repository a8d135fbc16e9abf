import type { FastifyRequest } from 'fastify';

/** Who is asking, as the registry needs it. */
export interface Caller {
  /** Token subject: a user id, or `service:<name>`; the canary bucket is drawn from it. */
  sub: string;
  /** The user id when the subject is one (a UUID); only users have layouts of their own. */
  userId: string | null;
  /** The caller's team ids in the token's order (team layouts, canary teams). */
  teams: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the caller from the verified token; anything that is not a UUID never reaches a uuid column. */
export function callerOf(request: FastifyRequest): Caller {
  const { sub, teams } = request.auth;
  return {
    sub,
    userId: UUID.test(sub) ? sub.toLowerCase() : null,
    teams: Array.isArray(teams) ? teams.filter((t) => typeof t === 'string' && UUID.test(t)).map((t) => t.toLowerCase()) : [],
  };
}
