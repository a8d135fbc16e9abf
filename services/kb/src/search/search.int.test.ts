import { randomUUID } from 'node:crypto';
import type { Article, ArticleHitList } from '@switchboard/contracts';
import { createKbTestContext, type KbTestContext } from '../testing/kb-test-context';

// Search matches a typed prefix by the known words it begins (kb.completions), counted per
// article by the word list's trigger: a word an edit removed is no longer offered.

let ctx: KbTestContext;
let editor: Record<string, string>;

beforeAll(async () => {
  ctx = await createKbTestContext();
  editor = await ctx.auth({ sub: randomUUID(), role: 'kb-editor', teams: [randomUUID()] });
});
afterAll(() => ctx?.close());

const titles = async (q: string) =>
  (await ctx.inject({ url: `/articles/search?q=${encodeURIComponent(q)}`, headers: editor })).json<ArticleHitList>().items.map((hit) => hit.article.title);

const wordCounts = async (words: string[]) =>
  Object.fromEntries(
    (await ctx.app.orm.em.fork().execute<{ word: string; articles: number }[]>('select word, articles from kb.word where word = any (?::text[])', [`{${words.join(',')}}`])).map(
      (row) => [row.word, row.articles],
    ),
  );

it('finds a typed prefix by the words it begins, and forgets a word once no article has it', async () => {
  const create = (title: string, body: string) => ctx.inject({ method: 'POST', url: '/articles', body: { title, language: 'cs', bodyHtml: `<p>${body}</p>` }, headers: editor });
  const first = (await create('Zlatovláska první', 'zlatovlaska a kapradina')).json<Article>();
  await create('Zlatovláska druhá', 'zlatovlasky kapradina');
  expect(await wordCounts(['zlatovlaska', 'zlatovlasky', 'kapradina'])).toEqual({ zlatovlaska: 2, zlatovlasky: 1, kapradina: 2 });
  expect((await titles('zlatovl kaprad')).sort()).toEqual(['Zlatovláska druhá', 'Zlatovláska první']);

  const edited = await ctx.inject({ method: 'PATCH', url: `/articles/${first.id}`, body: { version: 1, title: 'Stříbrovláska', bodyHtml: '<p>stribrovlaska</p>' }, headers: editor });
  expect(edited.statusCode).toBe(200);
  expect(await wordCounts(['zlatovlaska', 'stribrovlaska', 'kapradina'])).toEqual({ zlatovlaska: 1, stribrovlaska: 1, kapradina: 1 });
  expect(await titles('stribrovl')).toEqual(['Stříbrovláska']);
  expect(await titles('zlatovl kaprad')).toEqual(['Zlatovláska druhá']);
  expect(ctx.serverErrors()).toEqual([]);
});

it('replaces a typo by one known word: the nearest of about its length, then the most used', async () => {
  const create = (title: string) => ctx.inject({ method: 'POST', url: '/articles', body: { title, language: 'en', bodyHtml: '<p>text</p>' }, headers: editor });
  for (const title of ['Run the kettle', 'Kettle run', 'Return the kettle']) expect((await create(title)).statusCode).toBe(201);
  const search = async (q: string) => (await ctx.inject({ url: `/articles/search?q=${q}`, headers: editor })).json<ArticleHitList>();
  const typo = await search('retrun');
  expect(typo.correctedQuery).toBe('return');
  expect(typo.items.map((hit) => hit.article.title)).toEqual(['Return the kettle']);
  expect(ctx.serverErrors()).toEqual([]);
});

it('starts a one-word search from the title words, kept on every title change, each article once', async () => {
  const titleWords = async (id: string) =>
    (await ctx.app.orm.em.fork().execute<{ word: string }[]>('select word from kb.title_word where article_id = ? order by word', [id])).map((row) => row.word);
  const created = await ctx.inject({ method: 'POST', url: '/articles', body: { title: 'Modrásek lesní', language: 'cs', bodyHtml: '<p>motýl</p>' }, headers: editor });
  const article = created.json<Article>();
  expect(await titleWords(article.id)).toEqual(['lesni', 'modrasek']);

  const edited = await ctx.inject({ method: 'PATCH', url: `/articles/${article.id}`, body: { version: 1, title: 'Modrásek luční, modráskový' }, headers: editor });
  expect(edited.statusCode).toBe(200);
  expect(await titleWords(article.id)).toEqual(['lucni', 'modrasek', 'modraskovy']);
  expect(await titles('lucni')).toEqual(['Modrásek luční, modráskový']);
  expect(await titles('lesni')).toEqual([]);
  // "modr" stands for both "modrasek" and "modraskovy", which this title holds.
  expect(await titles('modr')).toEqual(['Modrásek luční, modráskový']);
  expect(ctx.serverErrors()).toEqual([]);
});
