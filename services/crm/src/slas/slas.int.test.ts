import { randomUUID } from 'node:crypto';
import type { Sla } from '@switchboard/contracts';
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

describe('SLA plans (C7)', () => {
  it('answers the targets of the plan a company names', async () => {
    const res = await ctx.inject({ url: '/slas/gold', headers: asAgent });
    expect(res.statusCode).toBe(200);
    expect(res.json<Sla>()).toEqual({
      ref: 'gold',
      name: { cs: 'Zlatá', en: 'Gold' },
      firstResponseMinutes: 120,
      resolutionHours: 48,
      coverage: 'business-hours',
      channels: ['email', 'phone'],
    });
    expect((await ctx.inject({ url: '/slas/platinum', headers: asAgent })).json<Sla>()).toMatchObject({ coverage: 'always', firstResponseMinutes: 30 });
  });

  it('answers 404 for a plan nobody set up, 400 for a reference that cannot be one, 401 without a token', async () => {
    const unknown = await ctx.inject({ url: '/slas/diamond', headers: asAgent });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'SLA_NOT_FOUND']);
    expect((await ctx.inject({ url: '/slas/Gold%20Plus', headers: asAgent })).statusCode).toBe(400);
    expect((await ctx.inject({ url: '/slas/gold' })).statusCode).toBe(401);
  });
});

describe('after every request of this file', () => {
  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
