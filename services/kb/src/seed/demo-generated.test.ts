import { DEMO_ARTICLES, DEMO_CATEGORIES } from './demo-articles';
import { GENERATED_DEMO_ARTICLES } from './demo-generated';

const all = [...DEMO_ARTICLES, ...GENERATED_DEMO_ARTICLES];

it('makes about 200 demo articles with the hand-written ones, each key once', () => {
  expect(all.length).toBeGreaterThanOrEqual(190);
  expect(new Set(all.map((a) => a.key)).size).toBe(all.length);
});

it('writes both languages, in known categories, with every placeholder filled', () => {
  const categories = new Set(DEMO_CATEGORIES.map((c) => c.key));
  for (const a of GENERATED_DEMO_ARTICLES) {
    expect(categories.has(a.category)).toBe(true);
    expect([a.title, ...a.body].join(' ')).not.toContain('{');
  }
  expect(GENERATED_DEMO_ARTICLES.filter((a) => a.language === 'cs')).toHaveLength(GENERATED_DEMO_ARTICLES.length / 2);
});

it('starts sentences with a capital letter', () => {
  expect(GENERATED_DEMO_ARTICLES.find((a) => a.key === 'gen-battery-vega-tab-en')).toMatchObject({
    title: 'Battery drains quickly: the Vega Tab 10 tablet',
    body: [expect.stringMatching(/^When the Vega Tab 10 tablet runs out/), expect.any(String)],
  });
  expect(GENERATED_DEMO_ARTICLES.find((a) => a.key === 'gen-abroad-ppl-cs')?.body[0]).toMatch(/^Do všech zemí EU doručuje PPL;/);
});
