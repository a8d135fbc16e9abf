import { normalizeTag, type MacroAction } from '@switchboard/contracts';
import { seesEverything, type Caller } from '@switchboard/service-kit';
import { teamForbidden } from '../errors';

/**
 * A macro's actions as stored (E13): their order kept, tags normalized as tickets stores them and
 * each named once, text trimmed, ids lowercase. The schema has checked every action's shape
 * already; a team to assign must be one of the caller's (any for admins and services), else
 * 403 TEAM_FORBIDDEN.
 */
export function normalizeActions(caller: Caller, actions: MacroAction[]): MacroAction[] {
  return actions.map((action) => {
    switch (action.type) {
      case 'assignTeam': {
        const teamId = action.teamId.toLowerCase();
        if (!seesEverything(caller) && !caller.teams.includes(teamId)) throw teamForbidden(teamId);
        return { type: action.type, teamId };
      }
      case 'addTags':
      case 'removeTags':
        return { type: action.type, tags: [...new Set(action.tags.map(normalizeTag))] };
      case 'addNote':
        return { type: action.type, text: action.text.trim() || action.text };
      case 'followUp':
        return { ...action, title: action.title.trim() || action.title };
      default:
        return action;
    }
  });
}
