import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { LocaleSchema, TimestampSchema, UuidSchema } from './common';
import { CommonErrorCode } from './errors';
import { defineRoute } from './route';
import { TagSchema, TicketPrioritySchema, TicketStatusSchema } from './tickets';

// Templates and macros (E10, E13). A template is a frame (greeting and signature around a
// `{{ content }}` slot) or an answer, which may sit inside a frame: inserting an answer renders
// it inside its frame; a frame is never inserted alone. Bodies are Liquid over sanitized HTML.

const text = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength });
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * The variables a template may use, and nothing else: anything else is refused at save
 * (UNKNOWN_VARIABLE). `content` is the frame's slot and only a frame may use it.
 */
export const TEMPLATE_VARIABLES = [
  'ticket.number',
  'ticket.title',
  'contact.name',
  'contact.firstName',
  'company.name',
  'agent.name',
  'agent.firstName',
  'queue.name',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** The slot of a frame where its answer goes. */
export const CONTENT_SLOT = 'content';

/** Who sees a template or macro: its owner, its team's members, or every agent. */
export const TemplateScopeSchema = Type.Union([Type.Literal('personal'), Type.Literal('team'), Type.Literal('everyone')]);
export type TemplateScope = Static<typeof TemplateScopeSchema>;

export const TemplateKindSchema = Type.Union([Type.Literal('frame'), Type.Literal('answer')]);
export type TemplateKind = Static<typeof TemplateKindSchema>;

/** Where a template or macro belongs, and whether the caller may change it. */
const scoped = {
  scope: TemplateScopeSchema,
  /** The author, for a personal one. */
  ownerId: nullable(Type.String()),
  /** The team, for a team one. */
  teamId: nullable(UuidSchema),
  /** The caller may change it: a personal one's owner, a team one's members, admins for everyone. */
  canEdit: Type.Boolean(),
  /** Bumped by every change; PATCH must name the version it saw (409 otherwise). */
  version: Type.Integer({ minimum: 1 }),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
};

/** A template with its body. */
export const TemplateSchema = Type.Object(
  {
    id: UuidSchema,
    kind: TemplateKindSchema,
    /** An answer's frame; always null for a frame. */
    parentId: nullable(UuidSchema),
    name: Type.String(),
    /** A folder path such as `Billing/Refunds`; empty at the top. */
    folder: Type.String(),
    language: LocaleSchema,
    /** Sanitized HTML with Liquid placeholders. */
    body: Type.String(),
    /** The variables the body uses, as `contact.name`. */
    variables: Type.Array(Type.String()),
    /** How many times it was inserted; lists put the most used first. */
    useCount: Type.Integer({ minimum: 0 }),
    ...scoped,
  },
  { $id: 'Template' },
);
export type Template = Static<typeof TemplateSchema>;

/** A template in lists: no body. */
export const TemplateSummarySchema = Type.Object({
  id: UuidSchema,
  kind: TemplateKindSchema,
  parentId: nullable(UuidSchema),
  name: Type.String(),
  folder: Type.String(),
  language: LocaleSchema,
  scope: TemplateScopeSchema,
  useCount: Type.Integer({ minimum: 0 }),
});
export type TemplateSummary = Static<typeof TemplateSummarySchema>;

export const TemplateListSchema = Type.Object({ items: Type.Array(TemplateSummarySchema) });
export type TemplateList = Static<typeof TemplateListSchema>;

/** GET /templates: the visible templates, best match (or most used) first. */
export const TemplateSearchQuerySchema = Type.Object(
  {
    /** Words of the name or text, case and diacritics ignored. */
    q: Type.Optional(text(200)),
    language: Type.Optional(LocaleSchema),
    kind: Type.Optional(TemplateKindSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
  },
  { additionalProperties: false },
);
export type TemplateSearchQuery = Static<typeof TemplateSearchQuerySchema>;

const scopeInput = {
  scope: TemplateScopeSchema,
  /** The team of a team template: one of the caller's (any for admins); default the first. */
  teamId: Type.Optional(nullable(UuidSchema)),
};

export const CreateTemplateBodySchema = Type.Object(
  {
    kind: TemplateKindSchema,
    parentId: Type.Optional(nullable(UuidSchema)),
    name: text(200, 1),
    folder: Type.Optional(text(200)),
    language: LocaleSchema,
    body: text(50_000, 1),
    ...scopeInput,
  },
  { additionalProperties: false },
);
export type CreateTemplateBody = Static<typeof CreateTemplateBodySchema>;

/** PATCH /templates/:id: the given fields; kind and scope stay as created. */
export const PatchTemplateBodySchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    parentId: Type.Optional(nullable(UuidSchema)),
    name: Type.Optional(text(200, 1)),
    folder: Type.Optional(text(200)),
    language: Type.Optional(LocaleSchema),
    body: Type.Optional(text(50_000, 1)),
  },
  { additionalProperties: false },
);
export type PatchTemplateBody = Static<typeof PatchTemplateBodySchema>;

/** What the page knows, from which the variables are filled (the widget's context). */
export const RenderContextSchema = Type.Object(
  {
    ticket: Type.Optional(Type.Object({ number: Type.Optional(Type.Integer()), title: Type.Optional(text(500)) }, { additionalProperties: false })),
    contact: Type.Optional(Type.Object({ name: Type.Optional(text(200)), firstName: Type.Optional(text(200)) }, { additionalProperties: false })),
    company: Type.Optional(Type.Object({ name: Type.Optional(text(200)) }, { additionalProperties: false })),
    agent: Type.Optional(Type.Object({ name: Type.Optional(text(200)), firstName: Type.Optional(text(200)) }, { additionalProperties: false })),
    queue: Type.Optional(Type.Object({ name: Type.Optional(text(200)) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type RenderContext = Static<typeof RenderContextSchema>;

/** POST /templates/:id/render: an answer inside its frame, with the page's values. */
export const RenderTemplateBodySchema = Type.Object(
  {
    context: Type.Optional(RenderContextSchema),
    /** What the agent typed for variables the context lacks, by name (`contact.firstName`). */
    values: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), text(500), { maxProperties: 20 })),
    /** Counts the use (the agent inserts it), when nothing is missing. */
    insert: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type RenderTemplateBody = Static<typeof RenderTemplateBodySchema>;

/** A rendered answer: HTML to insert, or the variables the agent must fill first. */
export const RenderedTemplateSchema = Type.Object({
  /** The answer inside its frame, values HTML-escaped, sanitized; null while a variable is missing. */
  html: nullable(Type.String()),
  /** The plain-text form of `html` (the composer's `composer.insertText`); null with it. */
  text: nullable(Type.String()),
  /** The same with every missing variable shown as a marked `[name]`: for a preview, never to send. */
  preview: Type.String(),
  /** Variables with no value, in order of first use. */
  missing: Type.Array(Type.String()),
});
export type RenderedTemplate = Static<typeof RenderedTemplateSchema>;

/** One step of a macro, run in order after a send (E13). */
export const MacroActionSchema = Type.Union([
  Type.Object({ type: Type.Literal('setStatus'), status: TicketStatusSchema }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('setPriority'), priority: TicketPrioritySchema }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('assignAgent'), agentId: UuidSchema }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('assignQueue'), queueId: UuidSchema }, { additionalProperties: false }),
  /** One of the macro author's teams (TEAM_FORBIDDEN otherwise; any for admins). */
  Type.Object({ type: Type.Literal('assignTeam'), teamId: UuidSchema }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('addTags'), tags: Type.Array(TagSchema, { minItems: 1, maxItems: 20 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('removeTags'), tags: Type.Array(TagSchema, { minItems: 1, maxItems: 20 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('addNote'), text: text(10_000, 1) }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('followUp'), inHours: Type.Integer({ minimum: 1, maximum: 24 * 365 }), title: text(300, 1) },
    { additionalProperties: false },
  ),
]);
export type MacroAction = Static<typeof MacroActionSchema>;

const macroActions = Type.Array(MacroActionSchema, { minItems: 1, maxItems: 20 });

export const MacroSchema = Type.Object(
  { id: UuidSchema, name: Type.String(), actions: Type.Array(MacroActionSchema), ...scoped },
  { $id: 'Macro' },
);
export type Macro = Static<typeof MacroSchema>;

export const MacroListSchema = Type.Object({ items: Type.Array(MacroSchema) });
export type MacroList = Static<typeof MacroListSchema>;

export const CreateMacroBodySchema = Type.Object({ name: text(200, 1), actions: macroActions, ...scopeInput }, { additionalProperties: false });
export type CreateMacroBody = Static<typeof CreateMacroBodySchema>;

export const PatchMacroBodySchema = Type.Object(
  { version: Type.Integer({ minimum: 1 }), name: Type.Optional(text(200, 1)), actions: Type.Optional(macroActions) },
  { additionalProperties: false },
);
export type PatchMacroBody = Static<typeof PatchMacroBodySchema>;

/**
 * POST /macros/usable: the macros an agent may run, for a service acting for the agent (mail's
 * "Send and …" menu, E13): the agent's own, their teams' and everyone's, as the agent's list.
 */
export const UsableMacrosBodySchema = Type.Object(
  { userId: UuidSchema, teamIds: Type.Array(UuidSchema, { maxItems: 100 }) },
  { additionalProperties: false },
);
export type UsableMacrosBody = Static<typeof UsableMacrosBodySchema>;

export const TemplatesIdParamsSchema = Type.Object({ id: UuidSchema });

/** Error codes of the templates service. */
export const TemplatesErrorCode = {
  templateNotFound: 'TEMPLATE_NOT_FOUND',
  macroNotFound: 'MACRO_NOT_FOUND',
  /** `details: { name }`: a variable that is not one of TEMPLATE_VARIABLES (or `content` outside a frame). */
  unknownVariable: 'UNKNOWN_VARIABLE',
  /** The body is no valid Liquid, or uses a tag or filter templates do not allow; `details: { reason }`. */
  invalidTemplate: 'INVALID_TEMPLATE',
  /** A frame without exactly one `{{ content }}`, an answer's parent that is no frame, a frame with a parent. */
  invalidTree: 'INVALID_TREE',
  /** A frame cannot be inserted (rendered) alone: choose one of its answers. */
  frameNotInsertable: 'FRAME_NOT_INSERTABLE',
  /** A frame that still has answers cannot be deleted. */
  templateInUse: 'TEMPLATE_IN_USE',
  /** `teamId` names a team the caller is not in (also an `assignTeam` action's), or a team scope without a team. */
  teamForbidden: 'TEAM_FORBIDDEN',
  /** The caller may see it but not change it (or create one in this scope). */
  editForbidden: 'EDIT_FORBIDDEN',
  /** PATCH named an older version; `details.current` holds the server copy. */
  versionConflict: 'TEMPLATES_VERSION_CONFLICT',
} as const;

const E = TemplatesErrorCode;
const bodyErrors = [E.unknownVariable, E.invalidTemplate, E.invalidTree, E.templateNotFound, E.teamForbidden, E.editForbidden] as const;
const templateTags = ['templates'];
const macroTags = ['macros'];

/** The templates service's routes, each defined once for the service and its clients. */
export const templatesApi = {
  /** E10: the tree (frames and answers with their parents) or a search, best first, then most used. */
  searchTemplates: defineRoute({
    method: 'GET', path: '/templates', summary: 'List or search the templates the caller may use', tags: templateTags,
    query: TemplateSearchQuerySchema, response: TemplateListSchema, errors: [],
  }),
  getTemplate: defineRoute({
    method: 'GET', path: '/templates/:id', summary: 'Read a template', tags: templateTags,
    params: TemplatesIdParamsSchema, response: TemplateSchema, errors: [E.templateNotFound],
  }),
  createTemplate: defineRoute({
    method: 'POST', path: '/templates', summary: 'Create a template', tags: templateTags,
    body: CreateTemplateBodySchema, status: 201, response: TemplateSchema, errors: bodyErrors,
  }),
  updateTemplate: defineRoute({
    method: 'PATCH', path: '/templates/:id', summary: 'Change a template', tags: templateTags,
    params: TemplatesIdParamsSchema, body: PatchTemplateBodySchema, response: TemplateSchema,
    errors: [...bodyErrors, E.versionConflict],
  }),
  deleteTemplate: defineRoute({
    method: 'DELETE', path: '/templates/:id', summary: 'Delete a template', tags: templateTags,
    params: TemplatesIdParamsSchema, status: 204, response: null, errors: [E.templateNotFound, E.editForbidden, E.templateInUse],
  }),
  /** E10: an answer inside its frame; missing variables are listed for the agent to fill. */
  renderTemplate: defineRoute({
    method: 'POST', path: '/templates/:id/render', summary: 'Render an answer inside its frame', tags: templateTags,
    params: TemplatesIdParamsSchema, body: RenderTemplateBodySchema, response: RenderedTemplateSchema,
    errors: [E.templateNotFound, E.frameNotInsertable, E.invalidTemplate],
  }),
  listMacros: defineRoute({
    method: 'GET', path: '/macros', summary: 'The macros the caller may run', tags: macroTags,
    response: MacroListSchema, errors: [],
  }),
  /** E13: for a service only (403 FORBIDDEN for anyone else). */
  usableMacros: defineRoute({
    method: 'POST', path: '/macros/usable', summary: 'The macros an agent may run (services only)', tags: macroTags,
    body: UsableMacrosBodySchema, response: MacroListSchema, errors: [CommonErrorCode.forbidden],
  }),
  getMacro: defineRoute({
    method: 'GET', path: '/macros/:id', summary: 'Read a macro', tags: macroTags,
    params: TemplatesIdParamsSchema, response: MacroSchema, errors: [E.macroNotFound],
  }),
  createMacro: defineRoute({
    method: 'POST', path: '/macros', summary: 'Create a macro', tags: macroTags,
    body: CreateMacroBodySchema, status: 201, response: MacroSchema, errors: [E.teamForbidden, E.editForbidden],
  }),
  updateMacro: defineRoute({
    method: 'PATCH', path: '/macros/:id', summary: 'Change a macro', tags: macroTags,
    params: TemplatesIdParamsSchema, body: PatchMacroBodySchema, response: MacroSchema,
    errors: [E.macroNotFound, E.teamForbidden, E.editForbidden, E.versionConflict],
  }),
  deleteMacro: defineRoute({
    method: 'DELETE', path: '/macros/:id', summary: 'Delete a macro', tags: macroTags,
    params: TemplatesIdParamsSchema, status: 204, response: null, errors: [E.macroNotFound, E.editForbidden],
  }),
} as const;
