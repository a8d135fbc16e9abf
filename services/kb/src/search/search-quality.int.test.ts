import { DEMO, type ArticleHitList } from '@switchboard/contracts';
import { demoArticleId } from '../seed/demo-articles';
import { createKbTestContext, type KbTestContext } from '../testing/kb-test-context';

// Issue 11: search quality on a fixed set of 30 queries, Czech and English, with and without
// diacritics and with typos, each with the demo article expected among the first three.

const QUERIES: [query: string, expected: string][] = [
  ['reklamace zbozi', 'reklamace-zbozi'],
  ['Reklamace zboží', 'reklamace-zbozi'],
  ['reklam', 'reklamace-zbozi'],
  ['reklamace zbozi 24 mesicu', 'reklamace-zbozi'],
  ['laptop', 'laptop-update'],
  ['laptpo', 'laptop-update'],
  ['laptop stopped working', 'laptop-update'],
  ['notebook aktualizace', 'notebook-aktualizace'],
  ['notebok po aktualizaci', 'notebook-aktualizace'],
  ['nabijecka', 'nabijecka'],
  ['nabíječka výměna', 'nabijecka'],
  ['flickering screen', 'screen-flicker'],
  ['wrong item', 'wrong-item'],
  ['retrun label', 'wrong-item'],
  ['parcel tracking', 'where-is-order'],
  ['objednavka nedorazila', 'doruceni'],
  ['sledovani zasilky', 'doruceni'],
  ['cancel order', 'cancel-order'],
  ['zrušení objednávky', 'zruseni'],
  ['refunds', 'refunds'],
  ['faktura', 'faktura-cislo'],
  ['opravny danovy doklad', 'faktura-cislo'],
  ['billing adress', 'billing-address'],
  ['subscription upgrade', 'subscription'],
  ['password reset', 'password-reset'],
  ['pasword', 'password-reset'],
  ['two-factor codes', 'two-factor'],
  ['dvoufazove overeni', 'dvoufazove'],
  ['damaged in transit', 'damaged-goods'],
  ['poskozena zasilka', 'poskozena-zasilka'],
];

let ctx: KbTestContext;
let headers: Record<string, string>;

beforeAll(async () => {
  ctx = await createKbTestContext({ seedDemo: true });
  await ctx.app.ready();
  headers = await ctx.auth({ sub: DEMO.users.agent.id, teams: [DEMO.teams.support.id] });
});
afterAll(() => ctx?.close());

async function top3(q: string): Promise<string[]> {
  const res = await ctx.inject({ url: `/articles/search?q=${encodeURIComponent(q)}`, headers });
  expect(res.statusCode).toBe(200);
  return res.json<ArticleHitList>().items.slice(0, 3).map((hit) => hit.article.id);
}

it('finds the expected article among the first three for at least 27 of 30 queries', async () => {
  const misses: string[] = [];
  for (const [q, key] of QUERIES) {
    if (!(await top3(q)).includes(demoArticleId(key))) misses.push(q);
  }
  expect(QUERIES).toHaveLength(30);
  expect(misses.length).toBeLessThanOrEqual(3);
  // eslint-disable-next-line no-console -- the figure issue 11 names
  console.log(`kb search quality: ${QUERIES.length - misses.length}/30 in the top 3; missed: ${misses.join(', ') || 'none'}`);
});

it('suggests the matching article first for the demo emails', async () => {
  const suggest = async (subject: string, text: string) =>
    (await ctx.inject({ url: `/articles/suggest?subject=${encodeURIComponent(subject)}&text=${encodeURIComponent(text)}`, headers })).json();
  const laptop = await suggest('Laptop stopped working after update', 'Since the last update my laptop does not start. What can I do?');
  expect(laptop.items[0]).toMatchObject({ article: { id: demoArticleId('laptop-update') } });
  expect(laptop.items[0].terms).toEqual(expect.arrayContaining(['laptop', 'update']));
  const charger = await suggest('Reklamace: nefunkční nabíječka', 'Dobrý den, nabíječka přestala po týdnu fungovat. Prosím o výměnu nebo vrácení peněz.');
  expect(charger.items[0]).toMatchObject({ article: { id: demoArticleId('nabijecka') } });
  const invoice = await suggest('Dotaz k faktuře', 'Dobrý den, na faktuře chybí číslo objednávky. Můžete mi prosím poslat opravenou verzi?');
  expect(invoice.items[0]).toMatchObject({ article: { id: demoArticleId('faktura-cislo') } });
});

it('marks the matches in an escaped snippet', async () => {
  const res = await ctx.inject({ url: '/articles/search?q=zarucni%20oprav', headers });
  const [hit] = res.json<ArticleHitList>().items;
  expect(hit?.snippet).toMatch(/<mark>[^<]+<\/mark>/);
  expect(hit?.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
});
