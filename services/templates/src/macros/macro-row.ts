import type { Macro, MacroAction, TemplateScope } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import { mayEdit } from '../access';

/** A macro row as raw SQL returns it. */
export interface MacroRow {
  id: string;
  name: string;
  actions: MacroAction[];
  scope: TemplateScope;
  owner_id: string | null;
  team_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** The columns of MacroRow, `m` being the macro table. */
export const MACRO_COLUMNS = 'm.id, m.name, m.actions, m.scope, m.owner_id, m.team_id, m.version, m.created_at, m.updated_at';

/** The macro as this caller sees it. */
export function toMacro(row: MacroRow, caller: Caller): Macro {
  const scoped = { scope: row.scope, ownerId: row.owner_id, teamId: row.team_id };
  return {
    id: row.id,
    name: row.name,
    actions: row.actions,
    ...scoped,
    canEdit: mayEdit(caller, scoped),
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
