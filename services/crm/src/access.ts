import type { Caller } from '@switchboard/service-kit';
import { teamForbidden } from './errors';

/** Who owns a record and which team shares it. */
export interface Ownership {
  ownerId: string | null;
  teamId: string | null;
}

/**
 * Every agent reads contacts and companies (an inbound email must find its sender whoever
 * answers it). Changing a record, and reading its private notes, belongs to its owner, the
 * members of its team, admins and services; a record with neither owner nor team to everyone.
 */
export function isInsider(caller: Caller, record: Ownership): boolean {
  if (caller.isAdmin || caller.isService) return true;
  if (record.ownerId === null && record.teamId === null) return true;
  return (caller.userId !== null && record.ownerId === caller.userId) || (record.teamId !== null && caller.teams.includes(record.teamId));
}

/**
 * The team of a new record, or the team a record moves to: one of the caller's own (any for
 * admins and services); by default the caller's first team.
 */
export function teamFor(caller: Caller, wanted: string | null | undefined): string | null {
  if (wanted === undefined) return caller.teams[0] ?? null;
  if (wanted !== null && !caller.isAdmin && !caller.isService && !caller.teams.includes(wanted.toLowerCase())) throw teamForbidden(wanted);
  return wanted?.toLowerCase() ?? null;
}

/**
 * SQL condition: a private activity `a` is listed to this caller. Binds two parameters: the
 * caller's subject and their teams (a `{...}` array literal, see `uuidArray`).
 */
export const ACTIVITY_VISIBLE = `(not a.private or a.author_id = ? or a.team_id = any(?::uuid[]))`;

/** A PostgreSQL array literal of UUIDs, one bind parameter (knex would spread a JS array). */
export function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}
