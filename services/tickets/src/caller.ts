import type { FastifyRequest } from 'fastify';

/** Who is calling, as the repositories need it. */
export interface Caller {
  /** Token subject: a user id, or `service:<name>` for service tokens. */
  sub: string;
  /** The user id when the subject is a user (a UUID); null for services. */
  userId: string | null;
  /** Email queues the caller belongs to (M2). */
  queues: string[];
  /** A service acting for an agent (role `service`): it has checked queue membership itself. */
  isService: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the caller from the verified token; user-only columns are UUIDs, so others get null. */
export function callerOf(request: FastifyRequest): Caller {
  const { sub, queues, role } = request.auth;
  return {
    sub,
    userId: UUID.test(sub) ? sub.toLowerCase() : null,
    queues: Array.isArray(queues) ? queues : [],
    isService: role === 'service' && sub.startsWith('service:'),
  };
}
