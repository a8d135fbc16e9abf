import type { Client } from 'pg';

/** Words of the generated articles: what support articles of an e-shop talk about, Czech and English. */
export const VOCABULARY = {
  cs: (
    'reklamace zboží objednávka doručení zásilka faktura platba vrácení peněz výměna záruka oprava nabíječka notebook ' +
    'aktualizace obrazovka heslo přihlášení účet ověření kód dopravce kurýr balík poškození sklad termín zrušení ' +
    'předplatné tarif adresa firma dobropis převod karta telefon podpora servis návod nastavení instalace ovladač'
  ).split(' '),
  en: (
    'complaint goods order delivery parcel invoice payment refund exchange warranty repair charger laptop update ' +
    'screen password login account verification code carrier courier package damage stock date cancel subscription ' +
    'plan address company credit transfer card phone support service guide settings install driver battery'
  ).split(' '),
};

/** The bench agent's team; half the generated articles are for it only. */
export const BENCH_TEAM = '00000000-0000-4000-8000-00000000be13';

const literal = (words: readonly string[]) => `array[${words.map((w) => `'${w}'`).join(', ')}]::text[]`;

/** Syllables of the filler words: 1,000 made-up words of three syllables, shared by both languages. */
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'po', 'ra', 'si', 'tu', 've', 'zo'];
const FILLER_WORDS = 1000;

/**
 * Inserts articles `from`..`to` (inclusive) with one INSERT ... SELECT over generate_series: the
 * even ones Czech, the odd ones English, every fourth for the bench team only. A title has four
 * topic words of its language; a body sixty words drawn from those and 1,000 made-up filler
 * words, so that a topic word is in about one article in ten and two of them together in about
 * one in a hundred, as in a knowledge base whose articles each treat one matter (every word in
 * most articles would make any search read them all). Words are picked by a hash of the
 * article's number. The search indexes and the word lists' triggers are set aside during the
 * insert and rebuilt after, the word counts recounted and the title words and pairs added (several times
 * faster than row by row).
 */
export async function bulkInsertArticles(client: Client, from: number, to: number): Promise<void> {
  await client.query(`set maintenance_work_mem = '512MB'`);
  await client.query('set synchronous_commit = off');
  await client.query('drop index if exists kb.article_search_idx');
  await client.query('drop index if exists kb.article_title_search_idx');
  await client.query('alter table kb.article disable trigger article_words');
  await client.query('alter table kb.article disable trigger article_title_words');
  await client.query('alter table kb.article disable trigger article_title_pairs');
  const syllables = `(${literal(SYLLABLES)})`;
  const filler = (seed: string) =>
    `(select ${syllables}[1 + h % 10] || ${syllables}[1 + h / 10 % 10] || ${syllables}[1 + h / 100 % 10] from (select abs(hashtext(${seed})) % ${FILLER_WORDS} as h) f)`;
  const topic = (language: 'cs' | 'en', seed: string) =>
    `(${literal(VOCABULARY[language])})[1 + abs(hashtext(${seed})) % ${VOCABULARY[language].length}]`;
  const title = (language: 'cs' | 'en') => `(select string_agg(${topic(language, `i || 't' || k`)}, ' ') from generate_series(1, 4) k)`;
  const topicShare = (language: 'cs' | 'en') => VOCABULARY[language].length / (VOCABULARY[language].length + FILLER_WORDS);
  const body = (language: 'cs' | 'en') =>
    `(select string_agg(case when abs(hashtext(i || 'c' || k)) % 10000 < ${Math.round(topicShare(language) * 10000)}
       then ${topic(language, `i || 'b' || k`)} else ${filler(`i || 'f' || k`)} end, ' ') from generate_series(1, 60) k)`;
  const pickLanguage = (build: (language: 'cs' | 'en') => string) => `case when i % 2 = 0 then ${build('cs')} else ${build('en')} end`;
  await client.query(
    `insert into kb.article (id, title, body_html, body_text, language, visibility, team_ids, status, published_at)
     select md5('bench-article-' || i)::uuid, initcap(t.title), '<p>' || t.body || '</p>', t.body,
       case when i % 2 = 0 then 'cs' else 'en' end,
       case when i % 4 = 1 then 'teams' else 'everyone' end,
       case when i % 4 = 1 then array[$3::uuid] else '{}'::uuid[] end,
       'published', now()
     from generate_series($1::int, $2::int) i,
       lateral (select ${pickLanguage(title)} as title, ${pickLanguage(body)} as body) t`,
    [from, to, BENCH_TEAM],
  );
  await client.query('alter table kb.article enable trigger article_words');
  await client.query('alter table kb.article enable trigger article_title_words');
  await client.query('alter table kb.article enable trigger article_title_pairs');
  await client.query(
    `insert into kb.word (word, articles) select w.lexeme, count(*) from kb.article a, unnest(a.search) w
     where length(w.lexeme) between 3 and 40 group by w.lexeme on conflict (word) do update set articles = excluded.articles`,
  );
  await client.query(
    `insert into kb.title_word (word, article_id) select l.word, a.id from kb.article a, unnest(tsvector_to_array(a.title_search)) l(word)
     on conflict do nothing`,
  );
  await client.query(
    `insert into kb.title_pair (first, second, article_id) select p.first, p.second, a.id from kb.article a, kb.title_pairs(a.title_search) p
     on conflict do nothing`,
  );
  await client.query('create index article_search_idx on kb.article using gin (search)');
  await client.query('create index article_title_search_idx on kb.article using gin (title_search)');
  for (const table of ['article', 'word', 'title_word', 'title_pair']) await client.query(`vacuum analyze kb.${table}`);
}
