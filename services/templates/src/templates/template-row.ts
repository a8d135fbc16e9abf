import type { Locale, Template, TemplateKind, TemplateScope, TemplateSummary } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import { mayEdit } from '../access';

/** A template row as raw SQL returns it. */
export interface TemplateRow {
  id: string;
  kind: TemplateKind;
  parent_id: string | null;
  name: string;
  folder: string;
  language: Locale;
  body: string;
  variables: string[];
  scope: TemplateScope;
  owner_id: string | null;
  team_id: string | null;
  use_count: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** The columns of TemplateRow, `t` being the template table. */
export const TEMPLATE_COLUMNS = `t.id, t.kind, t.parent_id, t.name, t.folder, t.language, t.body, t.variables, t.scope,
  t.owner_id, t.team_id, t.use_count, t.version, t.created_at, t.updated_at`;

/** Where a row belongs, for the access rules. */
export const scopedOf = (row: Pick<TemplateRow, 'scope' | 'owner_id' | 'team_id'>) => ({ scope: row.scope, ownerId: row.owner_id, teamId: row.team_id });

/** The template as this caller sees it. */
export function toTemplate(row: TemplateRow, caller: Caller): Template {
  return {
    id: row.id,
    kind: row.kind,
    parentId: row.parent_id,
    name: row.name,
    folder: row.folder,
    language: row.language,
    body: row.body,
    variables: row.variables,
    useCount: row.use_count,
    scope: row.scope,
    ownerId: row.owner_id,
    teamId: row.team_id,
    canEdit: mayEdit(caller, scopedOf(row)),
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The list form of a template. */
export function toTemplateSummary(row: TemplateRow): TemplateSummary {
  return {
    id: row.id,
    kind: row.kind,
    parentId: row.parent_id,
    name: row.name,
    folder: row.folder,
    language: row.language,
    scope: row.scope,
    useCount: row.use_count,
  };
}
