import { templatesApi, type Macro, type MacroList } from '@switchboard/contracts';
import type { UserCaller } from '@switchboard/service-kit';
import { macroNotFound, templatesUnavailable } from '../errors';
import { callService, ServiceCallError, type ServiceEndpoint } from './service-call';

/** Where a send reads its macro: the templates service, called as the service `mail`. */
export interface MacroSource {
  /** The macro as it is now, or null when templates does not know it. */
  getMacro(macroId: string): Promise<Macro | null>;
  /** The macros the agent may run, as templates lists them for the agent. */
  usableBy(caller: UserCaller): Promise<MacroList>;
}

/** Reads macros from templates (`GET /macros/:id` with a `templates` service token). */
export function createMacroSource(templates: ServiceEndpoint): MacroSource {
  return {
    async getMacro(macroId) {
      try {
        return await callService(templates, templatesApi.getMacro, { id: macroId });
      } catch (error) {
        if (error instanceof ServiceCallError && error.status === 404) return null;
        throw error;
      }
    },
    usableBy: (caller) => callService(templates, templatesApi.usableMacros, undefined, { userId: caller.userId, teamIds: caller.teams }),
  };
}

/**
 * Whether the agent may run the macro: the ones the agent's macro list shows (everyone's, their
 * teams', their own). A service token sees every macro, so mail checks membership itself
 * (decision 0009); an admin runs only what their list shows, like any agent.
 */
export function mayUseMacro(caller: UserCaller, macro: Pick<Macro, 'scope' | 'ownerId' | 'teamId'>): boolean {
  if (macro.scope === 'everyone') return true;
  if (macro.scope === 'team') return macro.teamId !== null && caller.teams.includes(macro.teamId.toLowerCase());
  return macro.ownerId === caller.userId;
}

/**
 * The macro a send runs, read before the send's transaction: 404 MACRO_NOT_FOUND when templates
 * does not know it or the agent may not use it (another team's looks like a missing one), 503
 * TEMPLATES_UNAVAILABLE when templates cannot answer or no source is configured.
 */
export async function macroForSend(source: MacroSource | null, caller: UserCaller, macroId: string): Promise<Macro> {
  if (!source) throw templatesUnavailable('no templates service is configured');
  let macro: Macro | null;
  try {
    macro = await source.getMacro(macroId);
  } catch (error) {
    throw templatesUnavailable(error instanceof Error ? error.message : 'request failed');
  }
  if (!macro || !mayUseMacro(caller, macro)) throw macroNotFound();
  return macro;
}

/** The agent's macros for the "Send and …" menu; none without a templates service, 503 when it cannot answer. */
export async function macrosForMenu(source: MacroSource | null, caller: UserCaller): Promise<MacroList> {
  if (!source) return { items: [] };
  try {
    return await source.usableBy(caller);
  } catch (error) {
    throw templatesUnavailable(error instanceof Error ? error.message : 'request failed');
  }
}
