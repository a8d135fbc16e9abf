import { randomUUID } from 'node:crypto';
import type { Company } from '@switchboard/contracts';
import { createCrmTestContext, type CrmTestContext } from '../testing/crm-test-context';

let ctx: CrmTestContext;
let asAgent: Record<string, string>;

beforeAll(async () => {
  ctx = await createCrmTestContext();
  asAgent = await ctx.auth({ sub: randomUUID(), teams: [randomUUID()] });
});

afterAll(async () => {
  await ctx?.close();
});

const create = (body: Record<string, unknown>) => ctx.inject({ method: 'POST', url: '/companies', body, headers: asAgent });

describe('companies', () => {
  it('keeps IČO, VAT id and domains in their stored forms, with addresses and the SLA reference', async () => {
    const res = await create({
      name: 'Morava Energy a.s.',
      ico: '261 68 685',
      vatId: 'cz 2616 8685',
      domains: ['@Morava.Example', 'morava.example', 'mail.morava.example.'],
      addresses: [{ label: 'Headquarters', street: 'Husova 5', city: 'Brno', postalCode: '602 00', country: 'CZ' }],
      slaRef: 'gold',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      ico: '26168685',
      vatId: 'CZ26168685',
      domains: ['morava.example', 'mail.morava.example'],
      addresses: [{ city: 'Brno', country: 'CZ' }],
      slaRef: 'gold',
      version: 1,
    });
  });

  it.each([
    ['an IČO whose check digit fails', { ico: '26168684' }, 'INVALID_ICO', '/ico'],
    ['an IČO of 7 digits', { ico: '2616868' }, 'INVALID_ICO', '/ico'],
    ['a Czech VAT id of 11 digits', { vatId: 'CZ12345678901' }, 'INVALID_VAT_ID', '/vatId'],
    ['a VAT id outside the EU shapes', { vatId: 'US123456789' }, 'INVALID_VAT_ID', '/vatId'],
    ['a domain that is none', { domains: ['ok.example', 'not a domain'] }, 'INVALID_DOMAIN', '/domains/1'],
  ])('answers 400 to %s, naming the field', async (_name, body, code, field) => {
    const res = await create({ name: 'Checked s.r.o.', ...body });
    expect([res.statusCode, res.json().code, res.json().details?.field]).toEqual([400, code, field]);
  });

  it('answers 400 VALIDATION_FAILED to a country that is not ISO alpha-2 and an SLA reference with spaces', async () => {
    for (const body of [{ addresses: [{ street: 'A 1', city: 'Praha', postalCode: '1', country: 'Czechia' }] }, { slaRef: 'gold plus' }]) {
      const res = await create({ name: 'Checked s.r.o.', ...body });
      expect([res.statusCode, res.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('searches by name without diacritics, IČO and domain; matches by domain', async () => {
    const company = (await create({ name: 'Žluťoučký Kůň s.r.o.', ico: '00006947', domains: ['kun.example'] })).json<Company>();
    for (const q of ['zlutoucky', 'KŮŇ', '00006947', 'kun.example']) {
      const list = (await ctx.inject({ url: `/companies?q=${encodeURIComponent(q)}`, headers: asAgent })).json();
      expect([q, list.items.map((c: Company) => c.id)]).toEqual([q, [company.id]]);
    }
    const matched = (await ctx.inject({ url: '/companies/match?domain=KUN.example', headers: asAgent })).json();
    expect(matched.items.map((c: Company) => c.id)).toEqual([company.id]);
    expect((await ctx.inject({ url: '/companies/match?domain=not%20a%20domain', headers: asAgent })).json().items).toEqual([]);
  });

  it('answers a stale save with 409 and the current company; clears the IČO with null', async () => {
    const company = (await create({ name: 'Stale a.s.', ico: '26168685' })).json<Company>();
    const cleared = await ctx.inject({ method: 'PATCH', url: `/companies/${company.id}`, body: { version: 1, ico: null }, headers: asAgent });
    expect(cleared.json()).toMatchObject({ ico: null, version: 2 });
    const stale = await ctx.inject({ method: 'PATCH', url: `/companies/${company.id}`, body: { version: 1, name: 'Old' }, headers: asAgent });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CRM_VERSION_CONFLICT', details: { current: { name: 'Stale a.s.', version: 2 } } });
  });

  it('answers 404 COMPANY_NOT_FOUND', async () => {
    const res = await ctx.inject({ url: `/companies/${randomUUID()}`, headers: asAgent });
    expect([res.statusCode, res.json().code]).toEqual([404, 'COMPANY_NOT_FOUND']);
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
