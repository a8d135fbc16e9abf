import { randomUUID } from 'node:crypto';
import type { Article, ArticleHitList } from '@switchboard/contracts';
import { createKbTestContext, type KbTestContext } from '../testing/kb-test-context';

let ctx: KbTestContext;
const support = randomUUID();
const billing = randomUUID();
const h = {} as Record<'editor' | 'agent' | 'billingAgent', Record<string, string>>;

beforeAll(async () => {
  ctx = await createKbTestContext();
  h.editor = await ctx.auth({ sub: randomUUID(), role: 'kb-editor', teams: [support] });
  h.agent = await ctx.auth({ sub: randomUUID(), teams: [support] });
  h.billingAgent = await ctx.auth({ sub: randomUUID(), teams: [billing] });
});
afterAll(() => ctx?.close());

async function published(body: object): Promise<Article> {
  const created = await ctx.inject({ method: 'POST', url: '/articles', body, headers: h.editor });
  expect(created.statusCode).toBe(201);
  const article = created.json<Article>();
  return (await ctx.inject({ method: 'POST', url: `/articles/${article.id}/publish`, body: { version: 1 }, headers: h.editor })).json<Article>();
}

it('neutralizes scripts, handlers and javascript: links in a body, and keeps the text searchable', async () => {
  const article = await published({
    title: 'Sanitized',
    language: 'en',
    bodyHtml: '<p onclick="steal()">Safe <script>alert(1)</script><a href="javascript:alert(2)">link</a><img src="x" onerror="alert(3)"><iframe src="//evil"></iframe></p>',
  });
  expect(article.bodyHtml).toBe('<p>Safe <a rel="noopener noreferrer nofollow" target="_blank">link</a></p>');
  const found = await ctx.inject({ url: '/articles/search?q=safe', headers: h.agent });
  expect(found.json<ArticleHitList>().items[0]?.snippet).toBe('<mark>Safe</mark> link');
});

it('escapes markup-like text of a body in a snippet', async () => {
  await published({ title: 'Angles', language: 'en', bodyHtml: '<p>Under 5 &lt; 6 &amp; "kvetinac" &lt;img src=x onerror=alert(1)&gt;</p>' });
  const res = await ctx.inject({ url: '/articles/search?q=kvetinac', headers: h.agent });
  const snippet = res.json<ArticleHitList>().items[0]?.snippet ?? '';
  expect(snippet).toContain('<mark>kvetinac</mark>');
  expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
});

it("never shows another team's article: not in search, suggestions, lists nor by id", async () => {
  const secret = await published({ title: 'Refund override codes', language: 'en', bodyHtml: '<p>Refund override codes</p>', visibility: 'teams', teamIds: [support] });
  const asBilling = (url: string) => ctx.inject({ url, headers: h.billingAgent });
  expect((await asBilling(`/articles/${secret.id}`)).statusCode).toBe(404);
  expect((await asBilling('/articles/search?q=override')).json().items).toEqual([]);
  expect((await asBilling('/articles/suggest?subject=refund%20override%20codes')).json().items).toEqual([]);
  expect((await asBilling('/articles')).json().items.map((a: Article) => a.id)).not.toContain(secret.id);
  expect((await ctx.inject({ url: '/articles/search?q=override', headers: h.agent })).json().items).toHaveLength(1);
});

it('shows drafts to editors only, and keeps a version of every change with who made it', async () => {
  const created = await ctx.inject({ method: 'POST', url: '/articles', body: { title: 'Draft only', language: 'cs', bodyHtml: '<p>koncept</p>' }, headers: h.editor });
  const draft = created.json<Article>();
  expect((await ctx.inject({ url: `/articles/${draft.id}`, headers: h.agent })).statusCode).toBe(404);
  expect((await ctx.inject({ url: '/articles/search?q=koncept', headers: h.agent })).json().items).toEqual([]);
  expect((await ctx.inject({ url: '/articles/search?q=koncept', headers: h.editor })).json().items).toHaveLength(1);
  const edited = await ctx.inject({ method: 'PATCH', url: `/articles/${draft.id}`, body: { version: 1, title: 'Draft, edited' }, headers: h.editor });
  expect(edited.json()).toMatchObject({ version: 2, title: 'Draft, edited' });
  const versions = (await ctx.inject({ url: `/articles/${draft.id}/versions`, headers: h.editor })).json().items;
  expect(versions.map((v: { title: string }) => v.title)).toEqual(['Draft, edited', 'Draft only']);
});

it('opens a kept version and restores it as a new version, refusing a stale restore and a version never kept', async () => {
  const article = await published({ title: 'Vrácení zboží', language: 'cs', bodyHtml: '<p>Do 14 dnů.</p>' });
  const edited = (await ctx.inject({ method: 'PATCH', url: `/articles/${article.id}`, body: { version: article.version, title: 'Vrácení', bodyHtml: '<p>Do 30 dnů.</p>' }, headers: h.editor })).json<Article>();
  expect(edited.version).toBe(3);

  const first = await ctx.inject({ url: `/articles/${article.id}/versions/1`, headers: h.editor });
  expect(first.json()).toMatchObject({ version: 1, title: 'Vrácení zboží', bodyHtml: '<p>Do 14 dnů.</p>', status: 'draft' });

  const stale = await ctx.inject({ method: 'POST', url: `/articles/${article.id}/versions/1/restore`, body: { version: 2 }, headers: h.editor });
  expect(stale.statusCode).toBe(409);
  expect(stale.json()).toMatchObject({ code: 'KB_VERSION_CONFLICT', details: { current: { version: 3, title: 'Vrácení' } } });

  const restored = await ctx.inject({ method: 'POST', url: `/articles/${article.id}/versions/1/restore`, body: { version: 3 }, headers: h.editor });
  expect(restored.statusCode).toBe(200);
  expect(restored.json()).toMatchObject({ version: 4, title: 'Vrácení zboží', bodyHtml: '<p>Do 14 dnů.</p>', status: 'published' });
  const versions = (await ctx.inject({ url: `/articles/${article.id}/versions`, headers: h.editor })).json().items;
  expect(versions.map((v: { version: number; title: string }) => `${v.version} ${v.title}`)).toEqual(['4 Vrácení zboží', '3 Vrácení', '2 Vrácení zboží', '1 Vrácení zboží']);
  expect((await ctx.inject({ url: '/articles/search?q=zbozi', headers: h.agent })).json<ArticleHitList>().items.map((hit) => hit.article.id)).toContain(article.id);

  for (const url of [`/articles/${article.id}/versions/9`, `/articles/${article.id}/versions/9/restore`]) {
    const missing = await ctx.inject({ method: url.endsWith('restore') ? 'POST' : 'GET', url, body: url.endsWith('restore') ? { version: 4 } : undefined, headers: h.editor });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('ARTICLE_VERSION_NOT_FOUND');
  }
  const byAgent = await ctx.inject({ method: 'POST', url: `/articles/${article.id}/versions/1/restore`, body: { version: 4 }, headers: h.agent });
  expect(byAgent.json()).toMatchObject({ code: 'KB_EDITOR_REQUIRED' });
  expect((await ctx.inject({ url: `/articles/${article.id}/versions/0`, headers: h.editor })).statusCode).toBe(400);
  expect(ctx.serverErrors()).toEqual([]);
});

it('refuses writes by agents, and teams the editor is not in', async () => {
  const body = { title: 'Nope', language: 'en', bodyHtml: '<p>x</p>' };
  const byAgent = await ctx.inject({ method: 'POST', url: '/articles', body, headers: h.agent });
  expect(byAgent.statusCode).toBe(403);
  expect(byAgent.json().code).toBe('KB_EDITOR_REQUIRED');
  const foreign = await ctx.inject({ method: 'POST', url: '/articles', body: { ...body, visibility: 'teams', teamIds: [billing] }, headers: h.editor });
  expect(foreign.json()).toMatchObject({ code: 'INVALID_TEAMS' });
  const none = await ctx.inject({ method: 'POST', url: '/articles', body: { ...body, visibility: 'teams' }, headers: h.editor });
  expect(none.json()).toMatchObject({ code: 'INVALID_TEAMS' });
  const category = await ctx.inject({ method: 'POST', url: '/articles', body: { ...body, categoryId: randomUUID() }, headers: h.editor });
  expect(category.json()).toMatchObject({ code: 'CATEGORY_NOT_FOUND' });
  expect(ctx.serverErrors()).toEqual([]);
});
