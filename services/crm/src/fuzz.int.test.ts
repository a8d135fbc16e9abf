import { createDemoPrng, crmApi, routePath, type DemoPrng, type RouteContract } from '@switchboard/contracts';
import type { TSchema } from '@sinclair/typebox';
import { createCrmTestContext, type CrmTestContext } from './testing/crm-test-context';

// No input answers 5xx (S8): every CRM route gets seeded random junk in its path, query and
// body, shaped after its contract so that much of it gets past validation to the handler.

const CASES_PER_ROUTE = 60;

/** Values that break things elsewhere: NUL, lone surrogates, huge and odd numbers, long text. */
const NASTY: unknown[] = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\uffff', '%', '_', '\\', "'; drop table crm.contact; --", '😀'.repeat(50),
  'x'.repeat(5000), 'Nováková', '+420 602 123 456', '00420602123456', 'a@b.cz', ' A@B.CZ ', '@', 'CZ26168685', '26168685',
  '2030-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', 'not-a-date', '00000000-0000-4000-8000-000000000000',
  0, -1, 1.5, 1e308, -1e308, 2 ** 63, Number.MAX_SAFE_INTEGER, true, false, null, [], {}, [null], { a: { b: { c: [] } } },
];

type Schema = TSchema & { properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; type?: string; enum?: unknown[]; const?: unknown };

/** A value for a schema: a nasty one, or one of roughly the right shape with nasty parts. */
function valueFor(prng: DemoPrng, schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 4 || prng.chance(0.35)) return prng.pick(NASTY);
  if (schema.anyOf) return valueFor(prng, prng.pick(schema.anyOf), depth);
  if (schema.const !== undefined) return schema.const;
  if (schema.type === 'object' && schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties)
        .filter(() => prng.chance(0.7))
        .map(([key, property]) => [key, valueFor(prng, property, depth + 1)]),
    );
  }
  if (schema.type === 'array') return Array.from({ length: prng.int(0, 3) }, () => valueFor(prng, schema.items, depth + 1));
  if (schema.type === 'integer') return prng.pick([0, 1, 25, 100, 101, -5, 2 ** 31, 1e20]);
  if (schema.type === 'boolean') return prng.chance(0.5);
  return prng.pick(NASTY.filter((v) => typeof v === 'string'));
}

/** Every byte percent-encoded (encodeURIComponent throws on a lone surrogate). */
const percent = (text: string) => [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

/** Bytes that are no UTF-8 at all, as a query value may carry them. */
const BROKEN_UTF8 = ['%ff%fe', '%c0%80', '%e2%82', '%00'];

function queryString(prng: DemoPrng, value: unknown): string {
  if (!value || typeof value !== 'object') return '';
  return Object.entries(value)
    .map(([key, v]) => `${percent(key)}=${prng.chance(0.1) ? prng.pick(BROKEN_UTF8) : percent(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join('&');
}

/** A valid body of each route that takes one: the fuzz also spoils one field of it at a time. */
const VALID_BODIES: Record<string, Record<string, unknown>> = {
  createContact: { name: 'Jana', emails: [{ address: 'jana@x.cz' }], phones: [{ number: '602123456' }], notes: 'n' },
  updateContact: { version: 1, name: 'Jana', emails: [{ address: 'jana@x.cz', primary: true }], phones: [{ number: '602123456' }] },
  createActivity: { kind: 'call', direction: 'in', title: 'Call', occurredAt: '2030-01-01T10:00:00Z', externalKey: 'k' },
  createCompany: { name: 'Firma s.r.o.', ico: '26168685', vatId: 'CZ26168685', domains: ['firma.cz'], slaRef: 'gold' },
  updateCompany: { version: 1, name: 'Firma s.r.o.', ico: '26168685', domains: ['firma.cz'] },
  createEvent: { kind: 'meeting', title: 'Meeting', startsAt: '2030-01-01T10:00:00Z', endsAt: '2030-01-01T11:00:00Z' },
  updateEvent: { version: 1, title: 'Moved', startsAt: '2030-01-02T10:00:00Z', endsAt: '2030-01-02T11:00:00Z' },
};

/** A body for the route: random after its schema, or a valid one with one field spoilt. */
function bodyFor(prng: DemoPrng, name: string, route: RouteContract): unknown {
  const valid = VALID_BODIES[name];
  if (!route.body) return undefined;
  if (!valid || prng.chance(0.4)) return valueFor(prng, route.body as Schema);
  const key = prng.pick(Object.keys((route.body as Schema).properties ?? {}));
  return { ...valid, [key]: valueFor(prng, (route.body as Schema).properties?.[key]) };
}

let ctx: CrmTestContext;
let knownIds: string[];

beforeAll(async () => {
  ctx = await createCrmTestContext();
  const headers = await ctx.auth({ sub: '0a7e0000-0000-4000-8000-000000000001' });
  const contact = (await ctx.inject({ method: 'POST', url: '/contacts', body: { name: 'Fuzz' }, headers })).json();
  const event = (
    await ctx.inject({
      method: 'POST',
      url: '/calendar/events',
      body: { kind: 'meeting', title: 'Fuzz', startsAt: '2030-01-01T10:00:00Z', endsAt: '2030-01-01T11:00:00Z' },
      headers,
    })
  ).json();
  knownIds = [contact.id, event.id];
});

afterAll(async () => {
  await ctx?.close();
});

describe.each(Object.entries(crmApi) as [string, RouteContract][])('%s under random input', (name, route) => {
  it('never answers 5xx', async () => {
    const prng = createDemoPrng(name.length * 7919 + route.path.length);
    const headers = await ctx.auth({ sub: '0a7e0000-0000-4000-8000-000000000001', teams: ['0a7e0000-0000-4000-8000-0000000000aa'] });
    for (let i = 0; i < CASES_PER_ROUTE; i++) {
      const id = prng.chance(0.5) ? prng.pick(knownIds) : String(prng.pick(NASTY));
      let url: string;
      try {
        url = routePath(route, { id: id || 'x' });
      } catch {
        url = route.path.replace(':id', 'x');
      }
      const query = queryString(prng, valueFor(prng, route.query as Schema));
      const body = bodyFor(prng, name, route);
      const res = await ctx.inject({ method: route.method, url: query ? `${url}?${query}` : url, headers, ...(body === undefined ? {} : { body: body as object }) });
      expect({ name, i, status: res.statusCode < 500 ? 'below 500' : res.body }).toEqual({ name, i, status: 'below 500' });
    }
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
