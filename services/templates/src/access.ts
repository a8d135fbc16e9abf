import type { TemplateScope, UsableMacrosBody } from '@switchboard/contracts';
import { seesEverything, type Caller } from '@switchboard/service-kit';
import { editForbidden, serviceOnly, teamForbidden } from './errors';

/** Where a template or macro belongs. */
export interface Scoped {
  scope: TemplateScope;
  ownerId: string | null;
  teamId: string | null;
}

/**
 * Who may use a record: everyone's by every agent, a team's by its members, a personal one by
 * its owner; admins and services see every record (decision 0009).
 */
export function maySee(caller: Caller, record: Scoped): boolean {
  if (seesEverything(caller)) return true;
  return isUsable(caller, record);
}

/** The records an agent works with (lists): their own, their teams' and everyone's. */
function isUsable(caller: Caller, record: Scoped): boolean {
  if (record.scope === 'everyone') return true;
  if (record.scope === 'team') return record.teamId !== null && caller.teams.includes(record.teamId);
  return caller.userId !== null && record.ownerId === caller.userId;
}

/** Who may change one: its owner, its team's members; everyone's only admins and services. */
export function mayEdit(caller: Caller, record: Scoped): boolean {
  if (seesEverything(caller)) return true;
  return record.scope !== 'everyone' && isUsable(caller, record);
}

/**
 * SQL condition: the row `alias` is one the caller works with (lists), binding two parameters
 * (the caller's teams as a `{...}` array literal and the user id); null when lists hold every
 * record (a service).
 */
export function usableCondition(caller: Caller, alias: string): { sql: string; params: unknown[] } | null {
  if (caller.isService) return null;
  return {
    sql: `(${alias}.scope = 'everyone' or (${alias}.scope = 'team' and ${alias}.team_id = any(?::uuid[])) or (${alias}.scope = 'personal' and ${alias}.owner_id = ?))`,
    params: [`{${caller.teams.join(',')}}`, caller.userId],
  };
}

/** The owner and team of a new record in `scope`; throws when the caller may not create one there. */
export function placeNew(caller: Caller, scope: TemplateScope, wantedTeam: string | null | undefined, what: string): Scoped {
  if (scope === 'personal') {
    if (caller.userId === null) throw editForbidden(what);
    return { scope, ownerId: caller.userId, teamId: null };
  }
  if (scope === 'everyone') {
    if (!seesEverything(caller)) throw editForbidden(what);
    return { scope, ownerId: null, teamId: null };
  }
  const teamId = (wantedTeam ?? caller.teams[0] ?? null)?.toLowerCase() ?? null;
  if (teamId === null || (!seesEverything(caller) && !caller.teams.includes(teamId))) throw teamForbidden(teamId);
  return { scope, ownerId: null, teamId };
}

/**
 * The agent a service acts for (POST /macros/usable): the service has checked who the agent is
 * and passes their id and teams; anyone but a service is refused.
 */
export function agentFor(caller: Caller, agent: UsableMacrosBody): Caller {
  if (!caller.isService) throw serviceOnly();
  const userId = agent.userId.toLowerCase();
  return { sub: userId, userId, queues: [], teams: agent.teamIds.map((team) => team.toLowerCase()), isAdmin: false, isService: false };
}
