import { Type, type Static } from '@sinclair/typebox';
import { TimestampSchema, UuidSchema } from './common';
import { LayoutPageSchema, LayoutRegionSchema } from './layout';
import { WidgetManifestSchema } from './manifest';
import { defineRoute } from './route';

/** Widgets that every email detail page shows: they can be neither removed nor hidden (SPEC). */
export const MANDATORY_WIDGETS = ['email', 'tickets'] as const;

/** A widget's registry name, e.g. `tickets`. */
export const WidgetNameSchema = Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$' });
/** A semver version of a widget build. */
export const WidgetVersionSchema = Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$', maxLength: 64 });
/** A deployment environment, e.g. `production`. */
export const EnvironmentSchema = Type.String({ pattern: '^[a-z][a-z0-9-]{0,30}$' });

export const WidgetParamsSchema = Type.Object({ name: WidgetNameSchema });
export const WidgetVersionParamsSchema = Type.Object({ name: WidgetNameSchema, version: WidgetVersionSchema });
/** GET /assets/:name/:version/*: a file of an uploaded build, by its path under dist/. */
export const AssetParamsSchema = Type.Object({
  name: WidgetNameSchema,
  version: WidgetVersionSchema,
  '*': Type.String({ minLength: 1, maxLength: 300 }),
});

/** GET /sdk/:file: a tarball of the platform's own packages (`npm pack` names), e.g. `switchboard-widget-sdk-0.1.0.tgz`. */
export const SdkPackageParamsSchema = Type.Object({ file: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{0,120}\\.tgz$' }) });

/**
 * PUT /widgets/:name/versions/:version with JSON: register a build served elsewhere by the URL
 * of its widget.json. (The same route with multipart/form-data uploads the built files instead:
 * one part per file, the part's filename being its path relative to dist/.) A version is
 * immutable: publishing it again gets 409 VERSION_EXISTS.
 */
export const RegisterVersionBodySchema = Type.Object(
  { manifestUrl: Type.String({ format: 'uri', maxLength: 2000 }) },
  { additionalProperties: false },
);
export type RegisterVersionBody = Static<typeof RegisterVersionBodySchema>;

/** Load failures the shells reported for one version. */
export const FailureStatsSchema = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  lastReason: Type.Union([Type.String(), Type.Null()]),
  lastAt: Type.Union([TimestampSchema, Type.Null()]),
});

/** One immutable published version. */
export const PublishedVersionSchema = Type.Object({
  name: WidgetNameSchema,
  version: WidgetVersionSchema,
  manifest: WidgetManifestSchema,
  /** Absolute URL of the Module Federation remote entry script. */
  entryUrl: Type.String(),
  /** Subresource integrity of the entry script, `sha384-<base64>`. */
  integrity: Type.String({ pattern: '^sha384-' }),
  /** `upload` (files stored by the registry) or `url` (registered manifest URL). */
  source: Type.Union([Type.Literal('upload'), Type.Literal('url')]),
  publishedAt: TimestampSchema,
  publishedBy: Type.String(),
  failures: FailureStatsSchema,
  /** The origins of its manifest's `connect` an admin approved (the only ones the page and sandbox CSP allow). */
  approvedConnect: Type.Optional(Type.Array(Type.String())),
});
export type PublishedVersion = Static<typeof PublishedVersionSchema>;

/** A candidate version shown to some users before it becomes active. */
export const CanarySchema = Type.Object({
  version: WidgetVersionSchema,
  /** Share of users (stable per user) who get the candidate, 0-100. */
  percent: Type.Integer({ minimum: 0, maximum: 100 }),
  /** Teams whose agents all get the candidate. */
  teams: Type.Array(UuidSchema, { maxItems: 100 }),
});
export type Canary = Static<typeof CanarySchema>;

/** PUT /widgets/:name/canary. */
export const SetCanaryBodySchema = Type.Composite(
  [CanarySchema, Type.Object({ environment: Type.Optional(EnvironmentSchema) })],
  { additionalProperties: false },
);
export type SetCanaryBody = Static<typeof SetCanaryBodySchema>;

/** POST /widgets/:name/activate (a version) and /rollback (to the previously active one). */
export const ActivateBodySchema = Type.Object(
  { version: WidgetVersionSchema, environment: Type.Optional(EnvironmentSchema) },
  { additionalProperties: false },
);
export type ActivateBody = Static<typeof ActivateBodySchema>;
export const RollbackBodySchema = Type.Object(
  { environment: Type.Optional(EnvironmentSchema) },
  { additionalProperties: false },
);
export type RollbackBody = Static<typeof RollbackBodySchema>;
export const EnvironmentQuerySchema = Type.Object(
  { environment: Type.Optional(EnvironmentSchema) },
  { additionalProperties: false },
);

/**
 * Where a widget is visible on the email detail page: on the default layout (every agent whose
 * team has no layout of its own), and on the layouts of these teams. Agents' own layouts are not counted.
 */
export const PlacementSchema = Type.Object({ default: Type.Boolean(), teams: Type.Array(UuidSchema) });
export type Placement = Static<typeof PlacementSchema>;

/** A widget with its versions and, per environment, what is active and in canary. */
export const WidgetSummarySchema = Type.Object({
  name: WidgetNameSchema,
  environment: EnvironmentSchema,
  active: Type.Union([WidgetVersionSchema, Type.Null()]),
  /** Earlier active versions, newest first: what rollback returns to. */
  history: Type.Array(WidgetVersionSchema),
  canary: Type.Union([CanarySchema, Type.Null()]),
  versions: Type.Array(PublishedVersionSchema),
  /** Where it is placed (in the list of every widget). */
  placedOn: Type.Optional(PlacementSchema),
});
export type WidgetSummary = Static<typeof WidgetSummarySchema>;
export const WidgetListSchema = Type.Object({ items: Type.Array(WidgetSummarySchema) });
export type WidgetList = Static<typeof WidgetListSchema>;

/** POST /widgets/:name/versions/:version/failures: a shell reports that a version failed to load. */
export const LoadFailureBodySchema = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    kind: Type.Union([
      Type.Literal('timeout'),
      Type.Literal('integrity'),
      Type.Literal('manifest'),
      Type.Literal('contract'),
      Type.Literal('mount'),
      Type.Literal('runtime'),
    ]),
  },
  { additionalProperties: false },
);
export type LoadFailureBody = Static<typeof LoadFailureBodySchema>;

/** One widget instance of a user's layout as stored and as edited. */
export const LayoutItemSchema = Type.Object(
  {
    widget: WidgetNameSchema,
    /** Hidden optional widgets keep their place; Email and Tickets cannot be hidden. */
    hidden: Type.Optional(Type.Boolean()),
    /** Pin to a version instead of following the active one. */
    version: Type.Optional(WidgetVersionSchema),
    /** Per-instance settings, e.g. the URL of a Page-in-page widget. */
    settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    /**
     * The column it shows in. Layouts saved before regions have none: their first shown widget
     * takes the main column, the others the side column (the shell's default).
     */
    region: Type.Optional(LayoutRegionSchema),
    /** The agent collapsed it: only its header shows, and it mounts once expanded. */
    collapsed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type LayoutItem = Static<typeof LayoutItemSchema>;

/** PUT /pages/:page/layout (the caller's own) and PUT /pages/:page/teams/:teamId/layout (admin). */
export const SaveLayoutBodySchema = Type.Object(
  {
    /** The version the edit started from; a stale one gets 409 LAYOUT_VERSION_CONFLICT. */
    version: Type.Integer({ minimum: 0 }),
    widgets: Type.Array(LayoutItemSchema, { maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type SaveLayoutBody = Static<typeof SaveLayoutBodySchema>;
export const PageParamsSchema = Type.Object({ page: LayoutPageSchema });
export const TeamPageParamsSchema = Type.Object({ page: LayoutPageSchema, teamId: UuidSchema });

/** One widget of the page as the shell loads it: layout item + the version this user gets. */
export const PageWidgetSchema = Type.Object({
  widget: WidgetNameSchema,
  hidden: Type.Boolean(),
  mandatory: Type.Boolean(),
  settings: Type.Record(Type.String(), Type.Unknown()),
  /** The layout item's column, when it names one. */
  region: Type.Optional(LayoutRegionSchema),
  /** True when the layout item is collapsed. */
  collapsed: Type.Optional(Type.Boolean()),
  /** Why this version: the active one, a canary candidate, or the layout's pin. */
  channel: Type.Union([Type.Literal('active'), Type.Literal('canary'), Type.Literal('pinned')]),
  version: WidgetVersionSchema,
  manifest: WidgetManifestSchema,
  entryUrl: Type.String(),
  integrity: Type.String(),
});
export type PageWidget = Static<typeof PageWidgetSchema>;

/** GET /pages/:page: everything the shell needs to build the page, in one answer. */
export const PageCompositionSchema = Type.Object({
  page: LayoutPageSchema,
  /** Version of the layout row the caller edits (0 when they have none of their own). */
  layoutVersion: Type.Integer({ minimum: 0 }),
  /** Where the layout came from. */
  layoutSource: Type.Union([Type.Literal('user'), Type.Literal('team'), Type.Literal('default')]),
  environment: EnvironmentSchema,
  widgets: Type.Array(PageWidgetSchema),
});
export type PageComposition = Static<typeof PageCompositionSchema>;

/** Error codes of the registry service. */
export const RegistryErrorCode = {
  widgetNotFound: 'WIDGET_NOT_FOUND',
  versionNotFound: 'VERSION_NOT_FOUND',
  /** A published version is immutable. */
  versionExists: 'VERSION_EXISTS',
  /** The uploaded or fetched build is not a valid widget (widget.json, mf-manifest, names). */
  invalidBuild: 'INVALID_BUILD',
  /** A build registered by URL lives on (or redirects to) an origin the registry may not fetch from. */
  fetchOriginNotAllowed: 'FETCH_ORIGIN_NOT_ALLOWED',
  /** Nothing to roll back to. */
  noPreviousVersion: 'NO_PREVIOUS_VERSION',
  /** Email and Tickets cannot be removed from or hidden on the email detail page. */
  mandatoryWidget: 'MANDATORY_WIDGET',
  /** The layout changed since the caller read it; `details.current` holds the server copy. */
  layoutVersionConflict: 'LAYOUT_VERSION_CONFLICT',
  /** A layout names a widget that has no active version, or names one twice. */
  unknownWidget: 'UNKNOWN_WIDGET',
  duplicateWidget: 'DUPLICATE_WIDGET',
} as const;

const publishTags = ['publish'];
const widgetTags = ['widgets'];
const pageTags = ['pages'];
/** The codes a layout save may answer: the checks every save runs. */
const layoutSaveErrors = [
  RegistryErrorCode.mandatoryWidget,
  RegistryErrorCode.duplicateWidget,
  RegistryErrorCode.unknownWidget,
  RegistryErrorCode.versionNotFound,
  RegistryErrorCode.layoutVersionConflict,
];

/** The registry service's routes, each defined once for the service and its clients (shell, CLI). */
export const registryApi = {
  /**
   * Publishes an immutable version: the built files as multipart/form-data (one part per file,
   * filename = path under dist/), or `{ manifestUrl }` as JSON for a build served elsewhere.
   */
  publishVersion: defineRoute({
    method: 'PUT', path: '/widgets/:name/versions/:version', tags: publishTags,
    summary: 'Publish an immutable version: the built files (multipart) or the URL of its widget.json (JSON)',
    params: WidgetVersionParamsSchema,
    // null: the files came as multipart, which has no JSON body.
    body: Type.Union([RegisterVersionBodySchema, Type.Null()]),
    consumes: ['multipart/form-data', 'application/json'],
    status: 201, response: PublishedVersionSchema,
    errors: [RegistryErrorCode.versionExists, RegistryErrorCode.invalidBuild, RegistryErrorCode.fetchOriginNotAllowed],
  }),
  /** The stored files of uploaded builds, public and immutable; the answer is the file's bytes. */
  getAsset: defineRoute({
    method: 'GET', path: '/assets/:name/:version/*', summary: 'A file of an uploaded build', tags: ['assets'],
    params: AssetParamsSchema, response: null, errors: [], public: true,
  }),
  /**
   * The npm tarballs of @switchboard/contracts, widget-sdk and cli this platform ships, public, so
   * an installation without a registry that has them can `npm install <gateway>/api/registry/sdk/<file>`.
   */
  getSdkPackage: defineRoute({
    method: 'GET', path: '/sdk/:file', summary: "A tarball of the platform's SDK packages", tags: ['assets'],
    params: SdkPackageParamsSchema, response: null, errors: [], public: true,
  }),
  listWidgets: defineRoute({
    method: 'GET', path: '/widgets', summary: 'Every widget with its versions and what the environment serves', tags: widgetTags,
    query: EnvironmentQuerySchema, response: WidgetListSchema, errors: [],
  }),
  getWidget: defineRoute({
    method: 'GET', path: '/widgets/:name', summary: 'One widget with its versions and release', tags: widgetTags,
    params: WidgetParamsSchema, query: EnvironmentQuerySchema, response: WidgetSummarySchema, errors: [RegistryErrorCode.widgetNotFound],
  }),
  activateVersion: defineRoute({
    method: 'POST', path: '/widgets/:name/activate', summary: 'Make a published version the active one', tags: widgetTags,
    params: WidgetParamsSchema, body: ActivateBodySchema, response: WidgetSummarySchema,
    errors: [RegistryErrorCode.widgetNotFound, RegistryErrorCode.versionNotFound],
  }),
  rollback: defineRoute({
    method: 'POST', path: '/widgets/:name/rollback', summary: 'Back to the previously active version', tags: widgetTags,
    // The body is optional: a bare POST rolls back in the default environment.
    params: WidgetParamsSchema, body: Type.Union([RollbackBodySchema, Type.Null()]), response: WidgetSummarySchema,
    errors: [RegistryErrorCode.widgetNotFound, RegistryErrorCode.noPreviousVersion],
  }),
  setCanary: defineRoute({
    method: 'PUT', path: '/widgets/:name/canary', summary: 'Show a candidate version to some agents', tags: widgetTags,
    params: WidgetParamsSchema, body: SetCanaryBodySchema, response: WidgetSummarySchema,
    errors: [RegistryErrorCode.widgetNotFound, RegistryErrorCode.versionNotFound],
  }),
  clearCanary: defineRoute({
    method: 'DELETE', path: '/widgets/:name/canary', summary: 'End the canary', tags: widgetTags,
    params: WidgetParamsSchema, query: EnvironmentQuerySchema, response: WidgetSummarySchema, errors: [RegistryErrorCode.widgetNotFound],
  }),
  /** Anyone signed in: a shell reports that a version failed to load. */
  reportFailure: defineRoute({
    method: 'POST', path: '/widgets/:name/versions/:version/failures', summary: 'A shell reports that a version failed to load',
    tags: widgetTags, params: WidgetVersionParamsSchema, body: LoadFailureBodySchema, status: 204, response: null,
    errors: [RegistryErrorCode.versionNotFound],
  }),
  /** S1: the page the shell loads, from the caller's own layout, else a team's, else the default. */
  getPage: defineRoute({
    method: 'GET', path: '/pages/:page', summary: "The caller's page: own layout, else a team's, else the default", tags: pageTags,
    params: PageParamsSchema, response: PageCompositionSchema, errors: [],
  }),
  saveLayout: defineRoute({
    method: 'PUT', path: '/pages/:page/layout', summary: "Saves the caller's own layout", tags: pageTags,
    params: PageParamsSchema, body: SaveLayoutBodySchema, response: PageCompositionSchema, errors: layoutSaveErrors,
  }),
  resetLayout: defineRoute({
    method: 'DELETE', path: '/pages/:page/layout', summary: "Drops the caller's own layout (back to the team's or the default)",
    tags: pageTags, params: PageParamsSchema, response: PageCompositionSchema, errors: [],
  }),
  getTeamLayout: defineRoute({
    method: 'GET', path: '/pages/:page/teams/:teamId/layout', summary: "A team's layout (admin)", tags: pageTags,
    params: TeamPageParamsSchema, response: PageCompositionSchema, errors: [],
  }),
  saveTeamLayout: defineRoute({
    method: 'PUT', path: '/pages/:page/teams/:teamId/layout', summary: "Saves a team's layout (admin)", tags: pageTags,
    params: TeamPageParamsSchema, body: SaveLayoutBodySchema, response: PageCompositionSchema, errors: layoutSaveErrors,
  }),
  resetTeamLayout: defineRoute({
    method: 'DELETE', path: '/pages/:page/teams/:teamId/layout', summary: "Drops a team's layout (admin)", tags: pageTags,
    params: TeamPageParamsSchema, response: PageCompositionSchema, errors: [],
  }),
  getDefaultLayout: defineRoute({
    method: 'GET', path: '/pages/:page/default-layout', summary: "The page's default layout (admin)", tags: pageTags,
    params: PageParamsSchema, response: PageCompositionSchema, errors: [],
  }),
  saveDefaultLayout: defineRoute({
    method: 'PUT', path: '/pages/:page/default-layout', summary: "Saves the page's default layout (admin)", tags: pageTags,
    params: PageParamsSchema, body: SaveLayoutBodySchema, response: PageCompositionSchema, errors: layoutSaveErrors,
  }),
} as const;
