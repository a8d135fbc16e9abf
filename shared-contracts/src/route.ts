import type { Static, TSchema } from '@sinclair/typebox';

/** HTTP methods a route may use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One route of one service, written once: the service registers its handler from it
 * (`serve` in the service kit) and clients call it from it (`ServiceClient.call` in the SDK).
 * See docs/decisions/0007-routes-defined-once.md.
 */
export interface RouteContract {
  method: HttpMethod;
  /** Fastify-style path: `/emails/:id/send`; every `:name` is a key of `params`. */
  path: string;
  /** One line for the OpenAPI document. */
  summary: string;
  /** OpenAPI tags. */
  tags: readonly string[];
  params?: TSchema;
  query?: TSchema;
  /** A JSON body; routes taking multipart or raw bytes leave it out and say so in `consumes`. */
  body?: TSchema;
  /** Content types of a non-JSON body (uploads). */
  consumes?: readonly string[];
  /** The success status: 200 unless said otherwise (201 created, 202 accepted, 204 nothing). */
  status?: 200 | 201 | 202 | 204;
  /** The success answer's schema; `null` for 204 and for answers that are not JSON (file bytes). */
  response: TSchema | null;
  /**
   * The error codes this route may answer beyond the common ones (validation, auth, not found):
   * the kit refuses, in development and tests, to answer a code a route did not declare.
   */
  errors: readonly string[];
  /** Needs no token (login, JWKS). */
  public?: boolean;
}

/** Declares a route; the literal types of method and path are kept. */
export function defineRoute<const R extends RouteContract>(route: R): R {
  return route;
}

type SchemaValue<S> = S extends TSchema ? Static<S> : undefined;

/** The path parameters a route takes. */
export type RouteParams<R extends RouteContract> = SchemaValue<R['params']>;
/** The query a route takes. */
export type RouteQuery<R extends RouteContract> = SchemaValue<R['query']>;
/** The JSON body a route takes. */
export type RouteBody<R extends RouteContract> = SchemaValue<R['body']>;
/** What a route answers on success (`void` for 204 and non-JSON answers). */
export type RouteAnswer<R extends RouteContract> = R['response'] extends TSchema ? Static<R['response']> : void;

/** A service's routes, by name. */
export type RouteGroup = Readonly<Record<string, RouteContract>>;

/** The `:name` segments of a path, in order, then `*` when it ends in a wildcard (`/assets/:name/*`). */
export function pathParamNames(path: string): string[] {
  const names = [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
  return path.endsWith('/*') ? [...names, '*'] : names;
}

/**
 * Fills a route's path with its parameters, each URI-encoded. A trailing wildcard takes the
 * parameter `*`, a relative path whose segments are encoded one by one; `.` and `..` segments are
 * refused, as the URL would resolve them away.
 */
export function routePath(route: Pick<RouteContract, 'path'>, params?: Record<string, unknown>): string {
  const valueOf = (name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '') throw new Error(`Route ${route.path} needs the parameter ${name}`);
    return String(value);
  };
  const path = route.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => encodeURIComponent(valueOf(name)));
  if (!path.endsWith('/*')) return path;
  const segments = valueOf('*').split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new Error(`Route ${route.path} needs a relative path without empty, . or .. segments as its *`);
  }
  return path.slice(0, -1) + segments.map(encodeURIComponent).join('/');
}

/**
 * What is wrong with a group of routes: path parameters that the params schema does not name
 * (or the other way round), two routes on one method and path, a 204 that claims a body.
 * Empty when the group is sound; each service's contract test asserts that.
 */
export function routeGroupProblems(group: RouteGroup): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const [name, route] of Object.entries(group)) {
    const inPath = pathParamNames(route.path).sort();
    const inSchema = Object.keys((route.params as { properties?: object } | undefined)?.properties ?? {}).sort();
    if (inPath.join() !== inSchema.join()) {
      problems.push(`${name}: path ${route.path} has [${inPath.join(', ')}], params schema has [${inSchema.join(', ')}]`);
    }
    const key = `${route.method} ${route.path}`;
    const other = seen.get(key);
    if (other) problems.push(`${name}: ${key} is also ${other}`);
    seen.set(key, name);
    if (route.status === 204 && route.response !== null) problems.push(`${name}: a 204 answers no body`);
  }
  return problems;
}
