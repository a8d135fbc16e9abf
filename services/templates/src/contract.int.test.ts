import { DEMO, templatesApi } from '@switchboard/contracts';
import { injectFetch, routeContractProblems } from '@switchboard/service-kit/testing';
import { ApiError, ServiceClient } from '@switchboard/widget-sdk';
import { createTemplatesTestContext, type TemplatesTestContext } from './testing/templates-test-context';

const agentId = '0a7e0000-0000-4000-8000-000000000001';
let ctx: TemplatesTestContext;
let client: ServiceClient;

beforeAll(async () => {
  ctx = await createTemplatesTestContext();
  const getToken = async () => (await ctx.auth({ sub: agentId, teams: [DEMO.teams.support.id] })).authorization.slice('Bearer '.length);
  client = new ServiceClient({ serviceUrl: 'http://templates.test', getToken }, { fetch: injectFetch(ctx.app), validate: true });
});
afterAll(() => ctx.close());

it('registers every route from the templates contract, and every contract route is served', () => {
  expect(routeContractProblems(ctx.app, templatesApi)).toEqual([]);
});

it('answers the SDK client within the contract on every route', async () => {
  const frame = await client.call(templatesApi.createTemplate, {
    body: { kind: 'frame', name: 'Pozdrav', language: 'cs', scope: 'team', body: '<p>Dobrý den,</p>{{ content }}<p>{{ agent.name }}</p>' },
  });
  expect(frame).toMatchObject({ kind: 'frame', teamId: DEMO.teams.support.id, variables: ['content', 'agent.name'], canEdit: true, version: 1 });
  const answer = await client.call(templatesApi.createTemplate, {
    body: { kind: 'answer', parentId: frame.id, name: 'Reklamace', folder: 'Vrácení', language: 'cs', scope: 'personal', body: '<p>reklamaci č. {{ ticket.number }} jsme přijali.</p>' },
  });
  await expect(client.call(templatesApi.getTemplate, { params: { id: answer.id } })).resolves.toEqual(answer);
  const renamed = await client.call(templatesApi.updateTemplate, { params: { id: answer.id }, body: { version: 1, name: 'Reklamace přijata' } });
  expect(renamed.version).toBe(2);
  expect((await client.call(templatesApi.searchTemplates, { query: { q: 'reklamace prijata' } })).items.map((t) => t.id)).toEqual([answer.id]);
  const rendered = await client.call(templatesApi.renderTemplate, {
    params: { id: answer.id },
    body: { context: { ticket: { number: 7 }, agent: { name: 'Alex Agent' } }, insert: true },
  });
  expect(rendered).toEqual({
    html: '<p>Dobrý den,</p><p>reklamaci č. 7 jsme přijali.</p><p>Alex Agent</p>',
    text: 'Dobrý den,\nreklamaci č. 7 jsme přijali.\nAlex Agent',
    preview: rendered.html,
    missing: [],
  });
  await client.call(templatesApi.deleteTemplate, { params: { id: answer.id } });

  const macro = await client.call(templatesApi.createMacro, {
    body: { name: 'Close as solved', scope: 'personal', actions: [{ type: 'setStatus', status: 'closed' }, { type: 'addTags', tags: [' Solved ', 'solved'] }] },
  });
  expect(macro.actions).toEqual([{ type: 'setStatus', status: 'closed' }, { type: 'addTags', tags: ['solved'] }]);
  await expect(client.call(templatesApi.getMacro, { params: { id: macro.id } })).resolves.toEqual(macro);
  const changed = await client.call(templatesApi.updateMacro, { params: { id: macro.id }, body: { version: 1, name: 'Solved' } });
  expect((await client.call(templatesApi.listMacros, {})).items).toEqual([changed]);
  await client.call(templatesApi.deleteMacro, { params: { id: macro.id } });
  expect(ctx.serverErrors()).toEqual([]);
});

it('carries the declared error code to the client', async () => {
  const missing = '0a7e0000-0000-4000-8000-0000000000ff';
  const error = await client.call(templatesApi.getTemplate, { params: { id: missing } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ status: 404, code: 'TEMPLATE_NOT_FOUND' });
  const invalid = await client
    .call(templatesApi.createTemplate, { body: { kind: 'answer', name: 'X', language: 'en', scope: 'personal', body: '{{ contact.nmae }}' } })
    .catch((e: unknown) => e);
  expect(invalid).toMatchObject({ status: 400, code: 'UNKNOWN_VARIABLE' });
});
