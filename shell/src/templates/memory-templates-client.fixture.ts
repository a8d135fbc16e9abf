import {
  TEMPLATE_VARIABLES,
  type CreateMacroBody,
  type CreateTemplateBody,
  type Macro,
  type MacroList,
  type PatchMacroBody,
  type PatchTemplateBody,
  type Template,
  type TemplateList,
} from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import type { TemplatesPageClient } from './templates-client';

let counter = 0;
const newId = () => `00000000-0000-4000-9000-${(++counter).toString(16).padStart(12, '0')}`;
const KNOWN = new Set<string>([...TEMPLATE_VARIABLES, 'content']);

/** Templates and macros in memory for dom tests, refusing unknown variables as the service does. */
export class MemoryTemplatesClient implements TemplatesPageClient {
  readonly templatesById = new Map<string, Template>();
  readonly macrosById = new Map<string, Macro>();
  /** What each write received, in order. */
  readonly writes: unknown[] = [];

  constructor(templates: Template[] = [], macros: Macro[] = []) {
    for (const t of templates) this.templatesById.set(t.id, t);
    for (const m of macros) this.macrosById.set(m.id, m);
  }

  private _variables(body: string): string[] {
    const names = [...body.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]);
    const unknown = names.find((name) => !KNOWN.has(name));
    if (unknown) throw new ApiError(400, 'UNKNOWN_VARIABLE', `Unknown variable "${unknown}"`, { name: unknown });
    return names.filter((name) => name !== 'content');
  }

  async templates(): Promise<TemplateList> {
    return { items: [...this.templatesById.values()].map(({ id, kind, parentId, name, folder, language, scope, useCount }) => ({ id, kind, parentId, name, folder, language, scope, useCount })) };
  }

  async template(id: string): Promise<Template> {
    const found = this.templatesById.get(id);
    if (!found) throw new ApiError(404, 'TEMPLATE_NOT_FOUND', 'No such template');
    return found;
  }

  async createTemplate(body: CreateTemplateBody): Promise<Template> {
    this.writes.push(body);
    const now = new Date().toISOString();
    const template: Template = {
      id: newId(),
      kind: body.kind,
      parentId: body.parentId ?? null,
      name: body.name,
      folder: body.folder ?? '',
      language: body.language,
      body: body.body,
      variables: this._variables(body.body),
      useCount: 0,
      scope: body.scope,
      ownerId: null,
      teamId: body.teamId ?? null,
      canEdit: true,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    this.templatesById.set(template.id, template);
    return template;
  }

  async updateTemplate(id: string, body: PatchTemplateBody): Promise<Template> {
    this.writes.push(body);
    const current = await this.template(id);
    if (current.version !== body.version) throw new ApiError(409, 'TEMPLATES_VERSION_CONFLICT', 'Changed', { current });
    const { version, ...changes } = body;
    const updated = { ...current, ...changes, variables: this._variables(changes.body ?? current.body), version: version + 1 } as Template;
    this.templatesById.set(id, updated);
    return updated;
  }

  async deleteTemplate(id: string): Promise<void> {
    this.writes.push({ delete: id });
    if ([...this.templatesById.values()].some((t) => t.parentId === id)) throw new ApiError(409, 'TEMPLATE_IN_USE', 'Has answers');
    this.templatesById.delete(id);
  }

  async macros(): Promise<MacroList> {
    return { items: [...this.macrosById.values()] };
  }

  async createMacro(body: CreateMacroBody): Promise<Macro> {
    this.writes.push(body);
    const now = new Date().toISOString();
    const macro: Macro = { id: newId(), name: body.name, actions: body.actions, scope: body.scope, ownerId: null, teamId: body.teamId ?? null, canEdit: true, version: 1, createdAt: now, updatedAt: now };
    this.macrosById.set(macro.id, macro);
    return macro;
  }

  async updateMacro(id: string, body: PatchMacroBody): Promise<Macro> {
    this.writes.push(body);
    const current = this.macrosById.get(id);
    if (!current) throw new ApiError(404, 'MACRO_NOT_FOUND', 'No such macro');
    const { version, ...changes } = body;
    const updated = { ...current, ...changes, version: version + 1 };
    this.macrosById.set(id, updated);
    return updated;
  }

  async deleteMacro(id: string): Promise<void> {
    this.writes.push({ delete: id });
    this.macrosById.delete(id);
  }
}
