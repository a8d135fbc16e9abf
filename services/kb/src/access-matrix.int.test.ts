import { randomUUID } from 'node:crypto';
import { kbApi, type Article } from '@switchboard/contracts';
import { runAccessMatrix, type AccessMatrix, type MatrixRole } from '@switchboard/service-kit/testing';
import type { InjectOptions } from 'fastify';
import { createKbTestContext, type KbTestContext } from './testing/kb-test-context';

let ctx: KbTestContext;

// The owner is a KB editor of Support; the same-team agent an agent of Support; the other team's
// agent is in Billing. Every article is Support's (visibility `teams`).
const support = randomUUID();
const billing = randomUUID();
const headers = {} as Record<MatrixRole, Record<string, string>>;

beforeAll(async () => {
  ctx = await createKbTestContext();
  headers.owner = await ctx.auth({ sub: randomUUID(), role: 'kb-editor', teams: [support] });
  headers.sameQueue = await ctx.auth({ sub: randomUUID(), teams: [support] });
  headers.otherTeam = await ctx.auth({ sub: randomUUID(), teams: [billing] });
  headers.admin = await ctx.auth({ sub: randomUUID(), role: 'admin' });
  headers.service = await ctx.auth({ sub: 'service:mail', role: 'service' });
});
afterAll(() => ctx?.close());

const unique = (what: string) => `${what} ${randomUUID().replaceAll('-', '')}`;

/** A published Support article whose title and body only Support, admins and services may read. */
async function supportArticle() {
  const word = `w${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const title = unique(`Refund ${word}`);
  const body = { title, bodyHtml: `<p>Secret ${word}</p>`, language: 'en', visibility: 'teams', teamIds: [support] };
  const draft = (await ctx.inject({ method: 'POST', url: '/articles', body, headers: headers.owner })).json<Article>();
  const article = (await ctx.inject({ method: 'POST', url: `/articles/${draft.id}/publish`, body: { version: 1 }, headers: headers.owner })).json<Article>();
  return { article, word, title };
}

const requests: { [Route in keyof typeof kbApi]: () => Promise<{ request: InjectOptions; data: string[] }> } = {
  listCategories: async () => ({ request: { url: '/categories' }, data: [] }),
  createCategory: async () => ({ request: { method: 'POST', url: '/categories', body: { name: { cs: 'Nová', en: 'New' } } }, data: [] }),
  listArticles: async () => {
    const { title } = await supportArticle();
    return { request: { url: '/articles?limit=100' }, data: [title] };
  },
  searchArticles: async () => {
    const { word, title } = await supportArticle();
    return { request: { url: `/articles/search?q=${word}` }, data: [title] };
  },
  suggestArticles: async () => {
    const { word, title } = await supportArticle();
    return { request: { url: `/articles/suggest?subject=refund%20${word}` }, data: [title] };
  },
  getArticle: async () => {
    const { article, title } = await supportArticle();
    return { request: { url: `/articles/${article.id}` }, data: [title] };
  },
  createArticle: async () => ({
    request: { method: 'POST', url: '/articles', body: { title: unique('New'), bodyHtml: '<p>x</p>', language: 'cs', visibility: 'teams', teamIds: [support] } },
    data: [],
  }),
  updateArticle: async () => {
    const { article, title } = await supportArticle();
    return { request: { method: 'PATCH', url: `/articles/${article.id}`, body: { version: article.version, language: 'cs' } }, data: [title] };
  },
  publishArticle: async () => {
    const { article, title } = await supportArticle();
    return { request: { method: 'POST', url: `/articles/${article.id}/publish`, body: { version: article.version } }, data: [title] };
  },
  unpublishArticle: async () => {
    const { article, title } = await supportArticle();
    return { request: { method: 'POST', url: `/articles/${article.id}/unpublish`, body: { version: article.version } }, data: [title] };
  },
  listArticleVersions: async () => {
    const { article, title } = await supportArticle();
    return { request: { url: `/articles/${article.id}/versions` }, data: [title] };
  },
  getArticleVersion: async () => {
    const { article, title } = await supportArticle();
    return { request: { url: `/articles/${article.id}/versions/1` }, data: [title] };
  },
  restoreArticleVersion: async () => {
    const { article, title } = await supportArticle();
    return { request: { method: 'POST', url: `/articles/${article.id}/versions/1/restore`, body: { version: article.version } }, data: [title] };
  },
};

const shown = { status: 200, carries: true };
const left = { status: 200, carries: false };
const editors = { owner: shown, sameQueue: 403, otherTeam: 403, admin: shown, service: 403 };

/** Who gets what; services/kb/README.md. */
const table: AccessMatrix<typeof kbApi> = {
  listCategories: { owner: 200, sameQueue: 200, otherTeam: 200, admin: 200, service: 200 },
  createCategory: { owner: 201, sameQueue: 403, otherTeam: 403, admin: 201, service: 403 },
  // Readers: the article's team, admins and services; another team never sees it.
  listArticles: { owner: shown, sameQueue: shown, otherTeam: left, admin: shown, service: shown },
  searchArticles: { owner: shown, sameQueue: shown, otherTeam: left, admin: shown, service: shown },
  suggestArticles: { owner: shown, sameQueue: shown, otherTeam: left, admin: shown, service: shown },
  getArticle: { owner: shown, sameQueue: shown, otherTeam: 404, admin: shown, service: shown },
  // Writers: KB editors (of the article's team) and admins.
  createArticle: { owner: 201, sameQueue: 403, otherTeam: 403, admin: 201, service: 403 },
  updateArticle: editors,
  publishArticle: editors,
  unpublishArticle: editors,
  listArticleVersions: editors,
  getArticleVersion: editors,
  restoreArticleVersion: editors,
};

describe('kb access matrix', () => {
  it('answers every route to every role as the table says, and no refusal carries the article', async () => {
    const report = await runAccessMatrix({
      group: kbApi,
      table,
      send: async (route, role) => {
        const { request, data } = await requests[route]();
        const res = await ctx.inject({ ...request, headers: headers[role] });
        return { status: res.statusCode, body: res.body, data };
      },
    });
    expect(report.problems).toEqual([]);
    expect(report.cells).toBe(Object.keys(kbApi).length * 5);
  }, 60_000);

  it('answered none with a 5xx', () => {
    expect(ctx.serverErrors()).toEqual([]);
  });
});
