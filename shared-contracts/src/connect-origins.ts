import { Type, type Static } from '@sinclair/typebox';
import { CONNECT_ORIGIN_PATTERN } from './manifest';
import { EnvironmentQuerySchema, RegistryErrorCode, WidgetVersionParamsSchema, PublishedVersionSchema } from './registry';
import { defineRoute } from './route';

/**
 * The origins of their own backends widgets call (a manifest's `connect`), as an admin approved
 * them per widget version. Only approved origins reach the page's and the sandbox's `connect-src`.
 */

/** An origin a widget calls: https, a host and an optional port (the manifest's rule). */
export const ConnectOriginSchema = Type.String({ pattern: CONNECT_ORIGIN_PATTERN, maxLength: 253 });

/** PUT /widgets/:name/versions/:version/connect: the declared origins the admin approves (all others are not). */
export const ApproveConnectBodySchema = Type.Object(
  { origins: Type.Array(ConnectOriginSchema, { maxItems: 8, uniqueItems: true }) },
  { additionalProperties: false },
);
export type ApproveConnectBody = Static<typeof ApproveConnectBodySchema>;

/**
 * GET /connect-origins: the approved origins of every active or canary version, for the gateway's
 * page CSP, and per widget (identity gives backend tokens only to widgets that have any).
 */
export const ConnectOriginListSchema = Type.Object({
  origins: Type.Array(Type.String()),
  widgets: Type.Array(Type.Object({ name: Type.String(), origins: Type.Array(Type.String()) })),
});
export type ConnectOriginList = Static<typeof ConnectOriginListSchema>;

export const ConnectErrorCode = {
  /** An approved origin must be one the version's manifest declares in `connect`. */
  connectNotDeclared: 'CONNECT_NOT_DECLARED',
} as const;

const tags = ['widgets'];

/** The registry's routes of approved `connect` origins. */
export const connectApi = {
  approveConnect: defineRoute({
    method: 'PUT', path: '/widgets/:name/versions/:version/connect', tags,
    summary: "Approve the origins of a version's connect it may call (admin); the list replaces the last one",
    params: WidgetVersionParamsSchema, body: ApproveConnectBodySchema, response: PublishedVersionSchema,
    errors: [RegistryErrorCode.widgetNotFound, RegistryErrorCode.versionNotFound, ConnectErrorCode.connectNotDeclared],
  }),
  /** Public: the gateway reads it for every page's CSP, which shows it to any visitor anyway. */
  listConnectOrigins: defineRoute({
    method: 'GET', path: '/connect-origins', summary: 'The approved connect origins of the active and canary versions', tags,
    query: EnvironmentQuerySchema, response: ConnectOriginListSchema, errors: [], public: true,
  }),
} as const;
