import { templatesApi, type Macro, type Template } from '@switchboard/contracts';
import { fuzzRoutes, fuzzSummary, type FuzzReport } from '@switchboard/service-kit/testing';
import { createTemplatesTestContext, type TemplatesTestContext } from './testing/templates-test-context';

// No input answers 5xx (S8): malformed variants of every templates route, by a user of a team,
// with a frame, an answer and a macro that exist so that some requests reach records, and a
// valid body of each route spoilt one field at a time.

const me = '0a7e0000-0000-4000-8000-000000000001';
const team = '0a7e0000-0000-4000-8000-0000000000aa';
let ctx: TemplatesTestContext;
let report: FuzzReport;

beforeAll(async () => {
  ctx = await createTemplatesTestContext();
  const headers = await ctx.auth({ sub: me, teams: [team] });
  const post = async <T>(url: string, body: object) => (await ctx.inject({ method: 'POST', url, body, headers })).json<T>();
  const frame = await post<Template>('/templates', { kind: 'frame', name: 'Fuzz', language: 'en', scope: 'team', body: '<p>Hi {{ contact.name }}</p>{{ content }}' });
  const answer = await post<Template>('/templates', { kind: 'answer', parentId: frame.id, name: 'Fuzz', language: 'en', scope: 'team', body: '<p>{{ ticket.number }}</p>' });
  const macro = await post<Macro>('/macros', { name: 'Fuzz', scope: 'team', actions: [{ type: 'setStatus', status: 'closed' }] });
  report = await fuzzRoutes({ inject: ctx.inject, headers: () => headers }, templatesApi, {
    knownParams: { id: [answer.id, frame.id, macro.id] },
    validBodies: {
      createTemplate: { kind: 'answer', parentId: frame.id, name: 'N', folder: 'F', language: 'en', scope: 'team', teamId: team, body: '<p>{{ agent.name }}</p>' },
      updateTemplate: { version: 1, parentId: frame.id, name: 'N', folder: 'F', language: 'en', body: '<p>{{ queue.name }}</p>' },
      renderTemplate: { context: { ticket: { number: 1, title: 'T' }, contact: { name: 'C' } }, values: { 'company.name': 'X' }, insert: true },
      createMacro: { name: 'M', scope: 'team', teamId: team, actions: [{ type: 'followUp', inHours: 2, title: 'F' }, { type: 'addTags', tags: ['a'] }] },
      updateMacro: { version: 1, name: 'M', actions: [{ type: 'assignAgent', agentId: me }] },
    },
  });
  // eslint-disable-next-line no-console -- the per-service figures issue 12 asks for
  console.log(fuzzSummary('templates', report));
}, 180_000);
afterAll(() => ctx?.close());

it('answers no malformed request with a 5xx, and every 4xx with a code', () => {
  expect(report.failures).toEqual([]);
  expect(ctx.serverErrors()).toEqual([]);
  expect(report.requests).toBeGreaterThan(report.routes * 10);
});
