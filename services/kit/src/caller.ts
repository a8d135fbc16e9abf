import { UUID_PATTERN } from '@switchboard/contracts';
import type { FastifyRequest } from 'fastify';
import { forbidden } from './errors';

/** Who is calling, read once from the verified token, as every service's repositories need it. */
export interface Caller {
  /** Token subject: a user id, or `service:<name>` for service tokens. */
  sub: string;
  /** The user id (lowercase) when the subject is a user; null for services. */
  userId: string | null;
  /** Email queues the caller belongs to (M2), UUIDs only. */
  queues: string[];
  /** The caller's teams in the token's order (layouts, canaries), UUIDs only. */
  teams: string[];
  /** An administrator (ops). */
  isAdmin: boolean;
  /** A service acting for an agent (role `service`): it has checked membership itself. */
  isService: boolean;
}

/** A caller known to be a user. */
export type UserCaller = Caller & { userId: string };

const uuids = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && UUID_PATTERN.test(v)).map((v) => v.toLowerCase()) : [];

/** The caller of each claims object seen: the token cache hands every request of a token the same frozen claims. */
const callers = new WeakMap<object, Caller>();

/**
 * Reads the caller from the verified token; anything that is not a UUID never reaches a uuid
 * column. Read once per claims object and shared, so it is frozen.
 */
export function callerOf(request: FastifyRequest): Caller {
  const claims = request.auth;
  const known = callers.get(claims);
  if (known) return known;
  const { sub, queues, teams, role } = claims;
  const caller: Caller = Object.freeze({
    sub,
    userId: UUID_PATTERN.test(sub) ? sub.toLowerCase() : null,
    queues: Object.freeze(uuids(queues)) as string[],
    teams: Object.freeze(uuids(teams)) as string[],
    isAdmin: role === 'admin',
    isService: role === 'service' && sub.startsWith('service:'),
  });
  callers.set(claims, caller);
  return caller;
}

/** The calling user, or 403 `code` for tokens that are not a user's (services). */
export function requireUser(request: FastifyRequest, message = 'Only a user may do this', code?: string): UserCaller {
  const caller = callerOf(request);
  if (caller.userId === null) throw forbidden(message, code);
  return caller as UserCaller;
}
