import { randomUUID } from 'node:crypto';
import type { Macro, MacroList } from '@switchboard/contracts';
import { createTemplatesTestContext, type TemplatesTestContext } from '../testing/templates-test-context';

let ctx: TemplatesTestContext;
const support = randomUUID();
let agent: Record<string, string>;
let stranger: Record<string, string>;

beforeAll(async () => {
  ctx = await createTemplatesTestContext();
  agent = await ctx.auth({ sub: randomUUID(), teams: [support] });
  stranger = await ctx.auth({ sub: randomUUID(), teams: [randomUUID()] });
});
afterAll(() => ctx?.close());

const actions = [
  { type: 'setStatus', status: 'closed' },
  { type: 'setPriority', priority: 'low' },
  { type: 'assignAgent', agentId: randomUUID() },
  { type: 'assignQueue', queueId: randomUUID() },
  { type: 'assignTeam', teamId: support },
  { type: 'addTags', tags: ['Refund ', 'refund', 'VIP  customer'] },
  { type: 'removeTags', tags: ['waiting'] },
  { type: 'addNote', text: 'Refund sent.' },
  { type: 'followUp', inHours: 24, title: 'Check the refund arrived' },
];

it('keeps the actions in their order, tags normalized', async () => {
  const res = await ctx.inject({ method: 'POST', url: '/macros', body: { name: 'Refund done', scope: 'team', actions }, headers: agent });
  expect(res.statusCode).toBe(201);
  const macro = res.json<Macro>();
  expect(macro.actions.map((a) => a.type)).toEqual(actions.map((a) => a.type));
  expect(macro.actions[5]).toEqual({ type: 'addTags', tags: ['refund', 'vip customer'] });
  expect(macro).toMatchObject({ scope: 'team', teamId: support, canEdit: true });
});

it("assigns only one of the author's teams (admins any): another team is 403 TEAM_FORBIDDEN, at create and at change", async () => {
  const assign = (teamId: string) => [{ type: 'assignTeam', teamId }];
  const ours = await ctx.inject({ method: 'POST', url: '/macros', body: { name: 'To support', scope: 'personal', actions: assign(support.toUpperCase()) }, headers: agent });
  expect(ours.statusCode).toBe(201);
  expect(ours.json<Macro>().actions).toEqual([{ type: 'assignTeam', teamId: support }]);
  const other = randomUUID();
  const theirs = await ctx.inject({ method: 'POST', url: '/macros', body: { name: 'To them', scope: 'personal', actions: assign(other) }, headers: agent });
  expect([theirs.statusCode, theirs.json().code]).toEqual([403, 'TEAM_FORBIDDEN']);
  const changed = await ctx.inject({ method: 'PATCH', url: `/macros/${ours.json<Macro>().id}`, body: { version: 1, actions: assign(other) }, headers: agent });
  expect([changed.statusCode, changed.json().code]).toEqual([403, 'TEAM_FORBIDDEN']);
  expect((await ctx.inject({ url: `/macros/${ours.json<Macro>().id}`, headers: agent })).json<Macro>()).toMatchObject({ version: 1, actions: [{ type: 'assignTeam', teamId: support }] });
  const admin = await ctx.auth({ sub: randomUUID(), role: 'admin', teams: [] });
  expect((await ctx.inject({ method: 'POST', url: '/macros', body: { name: 'Any', scope: 'everyone', actions: assign(other) }, headers: admin })).statusCode).toBe(201);
  expect(ctx.serverErrors()).toEqual([]);
});

it.each([
  ['no actions', { name: 'Empty', scope: 'personal', actions: [] }],
  ['an unknown action', { name: 'X', scope: 'personal', actions: [{ type: 'deleteTicket' }] }],
  ['an unknown status', { name: 'X', scope: 'personal', actions: [{ type: 'setStatus', status: 'solved' }] }],
  ['a follow-up in the past', { name: 'X', scope: 'personal', actions: [{ type: 'followUp', inHours: 0, title: 'x' }] }],
  ['an extra field', { name: 'X', scope: 'personal', actions: [{ type: 'addNote', text: 'x', private: false }] }],
])('refuses %s with 400', async (_name, body) => {
  const res = await ctx.inject({ method: 'POST', url: '/macros', body, headers: agent });
  expect([res.statusCode, res.json().code]).toEqual([400, 'VALIDATION_FAILED']);
});

it("hides another team's macros and refuses to change them", async () => {
  const macro = (await ctx.inject({ method: 'POST', url: '/macros', body: { name: 'Ours', scope: 'team', actions }, headers: agent })).json<Macro>();
  expect((await ctx.inject({ url: '/macros', headers: stranger })).json<MacroList>().items.map((m) => m.id)).not.toContain(macro.id);
  for (const res of [
    await ctx.inject({ url: `/macros/${macro.id}`, headers: stranger }),
    await ctx.inject({ method: 'PATCH', url: `/macros/${macro.id}`, body: { version: 1, name: 'Taken' }, headers: stranger }),
    await ctx.inject({ method: 'DELETE', url: `/macros/${macro.id}`, headers: stranger }),
  ]) {
    expect([res.statusCode, res.json().code]).toEqual([404, 'MACRO_NOT_FOUND']);
  }
  expect(ctx.serverErrors()).toEqual([]);
});
