import { createDemoPrng, type DemoPrng, type RouteContract, type RouteGroup } from '@switchboard/contracts';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';

// No input answers 5xx (issue 12): every route of a contract group gets malformed variants of
// its path, query and body, shaped after its schemas so that much of it gets past validation to
// the handler. Seeded, so a failure is the same failure on the next run.

/** The parts of a JSON Schema the fuzz reads. */
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
}

/** Where the fuzz sends its requests. */
export interface FuzzTarget {
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Headers of a caller who may use the route (a valid token), so the fuzz gets past auth. */
  headers(route: RouteContract, name: string): Promise<Record<string, string>> | Record<string, string>;
}

export interface FuzzOptions {
  /** Seeds the PRNG; each route mixes in its name. */
  seed?: number;
  /** Random variants per route on top of the fixed ones. */
  randomCases?: number;
  /** Values that exist, by path parameter name (`id`: ids the test created), so some requests reach a record. */
  knownParams?: Record<string, readonly string[]>;
  /** A valid body per route name: the fuzz also spoils one field of it at a time. */
  validBodies?: Record<string, unknown>;
}

/** One answer the fuzz counts as a failure: a 5xx, or a 4xx without a `code`. */
export interface FuzzFailure {
  route: string;
  request: string;
  status: number;
  body: string;
}

/** What one run did. */
export interface FuzzReport {
  routes: number;
  requests: number;
  /** Answers 400-499. */
  clientErrors: number;
  /** Answers 500 and above. */
  serverErrors: number;
  failures: FuzzFailure[];
}

/** Strings that broke something somewhere: NUL, surrogates, noncharacters, direction marks, SQL, long text. */
const NASTY_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udc00', '\uffff', '\ufdd0', '\u202e\u202d', '\u200b\ufeff', 'e\u0301\u0301\u0301',
  '%', '%00', '_', '\\', '../../etc/passwd', "'; drop table x; --", '<script>alert(1)</script>', '😀'.repeat(64),
  'x'.repeat(10_000), '\u2028\u2029', '\r\nX-Injected: 1', '2030-02-30T25:61:00Z', 'not-a-date', '00000000-0000-0000-0000-000000000000',
];
/** Numbers past every sane bound, and the other JSON types. */
const NASTY_VALUES: unknown[] = [
  0, -1, 1.5, -0.5, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, true, false, null, [], {}, [null], { a: { b: [] } },
];
const NASTY: unknown[] = [...NASTY_STRINGS, ...NASTY_VALUES];
/** Query text that no number or schema expects, including bytes that are no UTF-8. */
const NASTY_QUERY_TEXT = ['1e309', 'Infinity', '-Infinity', 'NaN', '-1', '1.5', '99999999999999999999', '%00', '%ff%fe', '%c0%80', '%e2%82', '', 'true'];
/** JSON texts a parser must refuse (or that parse to something no schema allows). */
const BROKEN_JSON = ['{', '{"a":', '[1,]', "{'a':1}", 'nul', '"\\ud800"', '{"a":1e309}', '1e309', '\u0000', '{"__proto__":{"x":1}}'];

const DEEP = 5_000;

/** Every byte percent-encoded (encodeURIComponent throws on a lone surrogate). */
const percent = (text: string) => [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

const typeOf = (schema: Schema) => (Array.isArray(schema.type) ? schema.type[0] : schema.type);

/** A value that fits the schema as well as the fuzz knows how: the base it spoils. */
function plausible(prng: DemoPrng, schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return 'x';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return prng.pick(schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return plausible(prng, prng.pick(choices), depth);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => plausible(prng, part, depth)));
  switch (typeOf(schema)) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, plausible(prng, value, depth + 1)]));
    case 'array':
      return Array.from({ length: prng.int(0, 2) }, () => plausible(prng, schema.items, depth + 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      if (schema.format === 'uuid') return '0a7e0000-0000-4000-8000-000000000001';
      if (schema.format === 'date-time') return '2030-01-01T10:00:00Z';
      if (schema.format === 'email') return 'fuzz@example.test';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
  }
}

/** A value that the schema should refuse, or that sits on its edge: bounds, wrong types, nasty text. */
function spoilt(prng: DemoPrng, schema: Schema | undefined): unknown {
  const edges: unknown[] = [];
  if (schema?.minimum !== undefined) edges.push(schema.minimum - 1, schema.minimum - 0.5);
  if (schema?.maximum !== undefined) edges.push(schema.maximum + 1, schema.maximum);
  if (schema?.maxLength !== undefined) edges.push('y'.repeat(schema.maxLength + 1), 'é'.repeat(schema.maxLength));
  if (edges.length && prng.chance(0.4)) return prng.pick(edges);
  return prng.pick(NASTY);
}

/** The schema's object properties, looking through a union of object and null. */
function objectSchema(schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  if (schema.properties) return schema;
  return (schema.anyOf ?? schema.oneOf)?.find((choice) => choice.properties);
}

/** One property replaced by a spoilt value, dropped, or joined by an unknown one. */
function spoilOne(prng: DemoPrng, schema: Schema | undefined, base: unknown): unknown {
  const object = objectSchema(schema);
  if (!object?.properties || !base || typeof base !== 'object' || Array.isArray(base)) return spoilt(prng, schema);
  const keys = Object.keys(object.properties);
  const roll = prng.next();
  if (!keys.length || roll < 0.1) return { ...base, ['unknown' + prng.int(0, 9)]: prng.pick(NASTY) };
  const key = prng.pick(keys);
  if (roll < 0.2) {
    const { [key]: _dropped, ...rest } = base as Record<string, unknown>;
    return rest;
  }
  const inner = (base as Record<string, unknown>)[key];
  const property = object.properties[key];
  const value = inner && typeof inner === 'object' && prng.chance(0.3) ? spoilOne(prng, Array.isArray(inner) ? property.items : property, Array.isArray(inner) ? inner[0] : inner) : spoilt(prng, property);
  return { ...base, [key]: Array.isArray(inner) && prng.chance(0.5) ? [value] : value };
}

interface Variant {
  params: Record<string, unknown>;
  query: string;
  /** A JSON value, or raw text sent as application/json. */
  body?: { json: unknown } | { raw: string; contentType: string };
}

function paramsFor(prng: DemoPrng, route: RouteContract, options: FuzzOptions, spoil: boolean): Record<string, unknown> {
  const schema = route.params as Schema | undefined;
  const base = (schema ? plausible(prng, schema) : {}) as Record<string, unknown>;
  for (const name of Object.keys(base)) {
    const known = options.knownParams?.[name];
    if (known?.length && prng.chance(0.7)) base[name] = prng.pick(known);
  }
  if (route.path.endsWith('/*')) base['*'] = prng.pick(['index.js', 'a/b.css', 'x%00.js', 'widget.json']);
  if (!spoil) return base;
  const names = Object.keys(base);
  if (names.length) base[prng.pick(names)] = spoilt(prng, undefined);
  return base;
}

/** Query text: plausible values with one spoilt, or text no parameter expects. */
function queryFor(prng: DemoPrng, route: RouteContract, spoil: boolean): string {
  const schema = objectSchema(route.query as Schema | undefined);
  if (!schema?.properties) return spoil && prng.chance(0.3) ? `unknown=${prng.pick(NASTY_QUERY_TEXT)}` : '';
  const entries = Object.entries(schema.properties).filter(() => prng.chance(0.6));
  return entries
    .map(([key, property]) => {
      if (spoil && prng.chance(0.5)) {
        if (prng.chance(0.5)) return `${percent(key)}=${prng.pick(NASTY_QUERY_TEXT)}`;
        const value = spoilt(prng, property);
        return `${percent(key)}=${percent(typeof value === 'string' ? value : JSON.stringify(value))}`;
      }
      const value = plausible(prng, property);
      return `${percent(key)}=${percent(String(value))}`;
    })
    .join('&');
}

function bodyFor(prng: DemoPrng, name: string, route: RouteContract, options: FuzzOptions): Variant['body'] {
  const schema = route.body as Schema | undefined;
  if (!schema && !route.consumes) return prng.chance(0.2) ? { json: { unknown: prng.pick(NASTY) } } : undefined;
  const base = options.validBodies?.[name] ?? plausible(prng, schema);
  return { json: prng.chance(0.15) ? spoilt(prng, schema) : spoilOne(prng, schema, base) };
}

/** The fixed variants every route gets, then seeded random ones. */
function variantsOf(name: string, route: RouteContract, options: FuzzOptions): Variant[] {
  const prng = createDemoPrng((options.seed ?? 12) * 7919 + [...name].reduce((sum, c) => sum * 31 + c.charCodeAt(0), 0));
  const takesBody = route.method !== 'GET' && route.method !== 'DELETE';
  const plain = (): Variant => ({ params: paramsFor(prng, route, options, false), query: queryFor(prng, route, false) });
  const raw = (text: string, contentType = 'application/json'): Variant => ({ ...plain(), body: { raw: text, contentType } });
  const variants: Variant[] = [
    { ...plain(), ...(takesBody ? { body: { json: options.validBodies?.[name] ?? plausible(prng, route.body as Schema) } } : {}) },
    ...Object.keys((route.params as Schema | undefined)?.properties ?? {}).flatMap((param) =>
      ['\u0000', '%00', '%ff', '..', 'x'.repeat(5_000), '1e309', '\u202e'].map((value) => ({ ...plain(), params: { ...plain().params, [param]: value } })),
    ),
    { ...plain(), query: NASTY_QUERY_TEXT.map((text, i) => `q${i}=${text}`).join('&') },
  ];
  if (takesBody) {
    variants.push(
      ...BROKEN_JSON.map((text) => raw(text)),
      raw('['.repeat(DEEP) + ']'.repeat(DEEP)),
      raw(`{"a":${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP + 1)}`),
      raw(JSON.stringify(Array.from({ length: 50_000 }, (_, i) => i))),
      raw(JSON.stringify({ x: 'z'.repeat(600_000) })),
      raw('not json at all', 'text/plain'),
      raw('--x\r\nContent-Disposition: form-data; name="a"; filename="../a.js"\r\n\r\nabc\r\n--x--\r\n', 'multipart/form-data; boundary=x'),
      raw('--x\r\n\r\n', 'multipart/form-data'),
      { ...plain(), body: { json: {} } },
      { ...plain(), body: { json: null } },
      { ...plain(), body: { json: [] } },
    );
  }
  for (let i = 0; i < (options.randomCases ?? 12); i++) {
    const spoil = prng.next();
    variants.push({
      params: paramsFor(prng, route, options, spoil < 0.25),
      query: queryFor(prng, route, spoil < 0.5),
      body: takesBody ? bodyFor(prng, name, route, options) : undefined,
    });
  }
  return variants;
}

/** The URL of a variant; a parameter the path cannot carry (an empty one) goes in as `x`. */
function urlOf(route: RouteContract, variant: Variant): string {
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  const path = route.path
    .replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, param: string) => {
      const value = text(variant.params[param]);
      // Some values are URL text on purpose (`%00`, `%ff`): sent as they are.
      return /^%[0-9a-f]{2}/i.test(value) ? value : percent(value) || 'x';
    })
    .replace(/\*$/, () => {
      const value = text(variant.params['*']);
      return value.includes('%') ? value : value.split('/').map(percent).join('/');
    });
  return variant.query ? `${path}?${variant.query}` : path;
}

/** A 4xx answers a JSON body with a `code`; anything else is a failure to report. */
function hasCode(response: LightMyRequestResponse): boolean {
  try {
    return typeof (response.json() as { code?: unknown }).code === 'string';
  } catch {
    return false;
  }
}

/**
 * Sends malformed variants of every route of the groups (wrong types, out-of-bounds numbers,
 * `1e309`, NUL, long strings, odd Unicode, huge and deeply nested values, invalid JSON, missing
 * required and unknown fields) and reports every 5xx and every 4xx without a `code`.
 */
export async function fuzzRoutes(target: FuzzTarget, group: RouteGroup, options: FuzzOptions = {}): Promise<FuzzReport> {
  const report: FuzzReport = { routes: 0, requests: 0, clientErrors: 0, serverErrors: 0, failures: [] };
  for (const [name, route] of Object.entries(group)) {
    report.routes++;
    const headers = await target.headers(route, name);
    for (const variant of variantsOf(name, route, options)) {
      const url = urlOf(route, variant);
      const body = variant.body;
      const request: InjectOptions = {
        method: route.method,
        url,
        headers: body && 'raw' in body ? { ...headers, 'content-type': body.contentType } : headers,
        ...(body === undefined ? {} : 'raw' in body ? { payload: body.raw } : { payload: JSON.stringify(body.json), headers: { ...headers, 'content-type': 'application/json' } }),
      };
      const response = await target.inject(request);
      report.requests++;
      const status = response.statusCode;
      if (status >= 500) report.serverErrors++;
      else if (status >= 400) report.clientErrors++;
      if (status >= 500 || (status >= 400 && !hasCode(response))) {
        report.failures.push({ route: name, request: `${route.method} ${url.slice(0, 200)}`, status, body: response.body.slice(0, 300) });
      }
    }
  }
  return report;
}

/** One line for the test output: `fuzz mail: 14 routes, 512 requests, 300 4xx, 0 5xx`. */
export function fuzzSummary(service: string, report: FuzzReport): string {
  return `fuzz ${service}: ${report.routes} routes, ${report.requests} requests, ${report.clientErrors} 4xx, ${report.serverErrors} 5xx`;
}
