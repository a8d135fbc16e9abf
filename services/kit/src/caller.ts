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

/** Reads the caller from the verified token; anything that is not a UUID never reaches a uuid column. */
export function callerOf(request: FastifyRequest): Caller {
  const { sub, queues, teams, role } = request.auth;
  return {
    sub,
    userId: UUID_PATTERN.test(sub) ? sub.toLowerCase() : null,
    queues: uuids(queues),
    teams: uuids(teams),
    isAdmin: role === 'admin',
    isService: role === 'service' && sub.startsWith('service:'),
  };
}

/** The calling user, or 403 `code` for tokens that are not a user's (services). */
export function requireUser(request: FastifyRequest, message = 'Only a user may do this', code?: string): UserCaller {
  const caller = callerOf(request);
  if (caller.userId === null) throw forbidden(message, code);
  return caller as UserCaller;
}
