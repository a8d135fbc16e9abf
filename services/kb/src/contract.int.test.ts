import { DEMO, kbApi } from '@switchboard/contracts';
import { injectFetch, routeContractProblems } from '@switchboard/service-kit/testing';
import { ApiError, ServiceClient } from '@switchboard/widget-sdk';
import { createKbTestContext, type KbTestContext } from './testing/kb-test-context';

const editorId = '0a7e0000-0000-4000-8000-000000000011';
let ctx: KbTestContext;
let client: ServiceClient;

beforeAll(async () => {
  ctx = await createKbTestContext();
  const getToken = async () =>
    (await ctx.auth({ sub: editorId, role: 'kb-editor', teams: [DEMO.teams.support.id] })).authorization.slice('Bearer '.length);
  client = new ServiceClient({ serviceUrl: 'http://kb.test', getToken }, { fetch: injectFetch(ctx.app), validate: true });
});
afterAll(() => ctx.close());

it('registers every route from the KB contract, and every contract route is served', () => {
  expect(routeContractProblems(ctx.app, kbApi)).toEqual([]);
});

it('answers the SDK client within the contract on every route', async () => {
  const parent = await client.call(kbApi.createCategory, { body: { name: { cs: 'Objednávky', en: 'Orders' } } });
  const child = await client.call(kbApi.createCategory, { body: { parentId: parent.id, name: { cs: 'Doprava', en: 'Delivery' } } });
  expect((await client.call(kbApi.listCategories, {})).items.map((c) => c.id)).toEqual([parent.id, child.id]);

  const draft = await client.call(kbApi.createArticle, {
    body: { title: 'Reklamace zboží', bodyHtml: '<p>Zboží lze reklamovat do 24 měsíců.</p>', categoryId: child.id, language: 'cs' },
  });
  expect(draft).toMatchObject({ status: 'draft', version: 1, canEdit: true, updatedBy: editorId, visibility: 'everyone', teamIds: [] });
  await expect(client.call(kbApi.getArticle, { params: { id: draft.id } })).resolves.toEqual(draft);
  const edited = await client.call(kbApi.updateArticle, { params: { id: draft.id }, body: { version: 1, bodyHtml: '<p>Reklamace do <b>24</b> měsíců.</p>' } });
  expect(edited.version).toBe(2);
  const published = await client.call(kbApi.publishArticle, { params: { id: draft.id }, body: { version: 2 } });
  expect(published).toMatchObject({ status: 'published', version: 3 });
  expect((await client.call(kbApi.listArticles, { query: { categoryId: child.id } })).items.map((a) => a.id)).toEqual([draft.id]);

  const found = await client.call(kbApi.searchArticles, { query: { q: 'reklamace zbozi' } });
  expect(found.items.map((h) => h.article.id)).toEqual([draft.id]);
  const suggested = await client.call(kbApi.suggestArticles, { query: { subject: 'Reklamace', text: 'Chci reklamovat zboží' } });
  expect(suggested.items[0]).toMatchObject({ article: { id: draft.id } });

  const back = await client.call(kbApi.unpublishArticle, { params: { id: draft.id }, body: { version: 3 } });
  expect(back.status).toBe('draft');
  const versions = await client.call(kbApi.listArticleVersions, { params: { id: draft.id } });
  expect(versions.items.map((v) => v.version)).toEqual([4, 3, 2, 1]);
  expect(ctx.serverErrors()).toEqual([]);
});

it('carries the declared error code to the client', async () => {
  const missing = '0a7e0000-0000-4000-8000-0000000000ff';
  await expect(client.call(kbApi.getArticle, { params: { id: missing } })).rejects.toMatchObject({ status: 404, code: 'ARTICLE_NOT_FOUND' });
  const stale = await client.call(kbApi.createArticle, { body: { title: 'Stale', bodyHtml: '<p>x</p>', language: 'en' } });
  await client.call(kbApi.updateArticle, { params: { id: stale.id }, body: { version: 1, title: 'Fresh' } });
  const error = await client.call(kbApi.updateArticle, { params: { id: stale.id }, body: { version: 1, title: 'Late' } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ status: 409, code: 'KB_VERSION_CONFLICT', details: { current: { title: 'Fresh', version: 2 } } });
});
