import type { ArticleHitList, ArticleSearchQuery, ArticleSuggestionList, ArticleSuggestQuery } from '@switchboard/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ARTICLE_VISIBLE, visibleParams, type KbCaller } from '../access';
import { SUMMARY_COLUMNS, toSummary, type ArticleRow } from '../articles/article-row';
import { anyOf, candidateTsquery, emailTerms, everyOf, lexemes, searchWords, titleCandidates, type EmailTerm, type TitleCandidates } from './search-words';
import { HEADLINE_OPTIONS, snippetHtml } from './snippet';

/**
 * How many matching articles are ranked at most, the first the index gives: ranking reads each
 * one, so a query matching thousands would read thousands (bench/kb-search). A knowledge base
 * has far fewer articles per title match; past this, which ones are ranked is the table's order.
 */
const RANKED_CANDIDATES = 50;

/**
 * A stem in at least this many articles is common: it finds candidates only together with
 * another one. Rare words (the informative ones) are few rows each.
 */
const COMMON_STEM_ARTICLES = 1000;

/** How many common stems are paired up to find candidates (at most 15 pairs). */
const COMMON_STEMS_PAIRED = 6;

/**
 * How many words of each common stem, the most used, are paired with another stem's to find
 * titles holding both (each pair of words is one look-up in kb.title_pair, at most 135).
 */
const PAIRED_WORDS = 3;

/**
 * Nearest known words a typo is replaced by: one, the nearest and then the most used (each more
 * is another full posting list to read; bench/kb-search).
 */
const CORRECTIONS_PER_WORD = 1;

/** Known words a typed prefix or an email's stem stands for, the most used first. */
const COMPLETIONS = 20;

/** Search (A1): as the agent types, and for an email. */
export interface SearchRepository {
  /** Articles with every word as a prefix (title above body); a word no article has is replaced by the nearest known one. */
  search(caller: KbCaller, query: ArticleSearchQuery): Promise<ArticleHitList>;
  /** The articles sharing the most terms with an email, and those terms. */
  suggest(caller: KbCaller, query: ArticleSuggestQuery): Promise<ArticleSuggestionList>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Article search, bound to the request's EntityManager. */
    searchRepository: SearchRepository;
  }
}

type HitRow = Pick<ArticleRow, 'id' | 'title' | 'category_id' | 'language' | 'status' | 'updated_at'> & { headline: string };

/** A search's SQL condition and its parameters: visibility, language, category. */
interface Filter {
  where: string;
  params: unknown[];
}

/** What a query is matched against: the title's words or the whole text's. */
type MatchColumn = 'title_search' | 'search';

/** Where a search's candidates come from: the articles whose `column` matches its tsquery, or whose title holds one of these words. */
type Candidates = { column: MatchColumn } | { titleWords: string[] };

/** Rows of the article `a` (joined to other tables in `from`) that meet `where`; `params` bind both, in order. */
interface CandidateSource {
  from: string;
  where: string;
  params: unknown[];
}

/** The articles whose title holds one of these words, by the title words' index (kb.title_word). */
function titleWordSource(words: string[]): CandidateSource {
  return { from: 'kb.title_word w join kb.article a on a.id = w.article_id', where: 'w.word = any(?::text[])', params: [`{${words.join(',')}}`] };
}

/** Where an email's candidates are found by title (search-words.ts `titleCandidates`): the rare stems' first, then the pairs'. */
function titleSources(candidates: TitleCandidates): CandidateSource[] {
  const { rare, pairs, sole } = candidates;
  const sources: CandidateSource[] = [];
  if (rare !== null) sources.push({ from: 'kb.article a', where: 'a.title_search @@ ?::tsquery', params: [rare] });
  if (pairs.first.length > 0) {
    sources.push({
      from: 'unnest(?::text[], ?::text[]) x(first, second), kb.title_pair p join kb.article a on a.id = p.article_id',
      where: 'p.first = least(x.first, x.second) collate "C" and p.second = greatest(x.first, x.second) collate "C"',
      params: [`{${pairs.first.join(',')}}`, `{${pairs.second.join(',')}}`],
    });
  }
  if (sole.length > 0) sources.push(titleWordSource(sole));
  return sources;
}

/** Creates the repository over `app.orm`; its `em` is the per-request fork. */
export function createSearchRepository(app: FastifyInstance): SearchRepository {
  const sql = <T>(query: string, params: unknown[]) => app.orm.em.execute<T[]>(query, params, 'all');

  /** The filters every search shares: visibility, language, category. */
  function filters(caller: KbCaller, query: { language?: string; categoryId?: string }): Filter {
    const where = [ARTICLE_VISIBLE];
    const params: unknown[] = visibleParams(caller);
    for (const [column, value] of [['language', query.language], ['category_id', query.categoryId]] as const) {
      if (value === undefined) continue;
      where.push(`a.${column} = ?`);
      params.push(value);
    }
    return { where: where.join(' and '), params };
  }

  /**
   * The best `limit` visible articles for every word (each any of its alternatives), ranked, with
   * a snippet of the body: among those whose title matches when there are enough of them (a
   * title match ranks above a body match, and titles match far fewer rows), else among every match.
   */
  async function best(options: string[][], filter: Filter, limit: number): Promise<HitRow[]> {
    const tsquery = everyOf(options);
    // One word: its titles by the word index, read only as far as ranking needs (kb.title_word).
    const titles: Candidates = options.length === 1 ? { titleWords: lexemes(options[0]!) } : { column: 'title_search' };
    const byTitle = await ranked(titles, tsquery, filter, limit);
    return byTitle.length < limit ? ranked({ column: 'search' }, tsquery, filter, limit) : byTitle;
  }

  /**
   * The best `limit` visible articles among the first RANKED_CANDIDATES `candidates`, ranked by
   * the whole text's match of a tsquery.
   */
  async function ranked(candidates: Candidates, tsquery: string, filter: Filter, limit: number): Promise<HitRow[]> {
    const source: CandidateSource =
      'titleWords' in candidates ? titleWordSource(candidates.titleWords) : { from: 'kb.article a', where: `a.${candidates.column} @@ q.query`, params: [] };
    // distinct: a title holding two of a word's alternatives is one candidate.
    return sql<HitRow>(
      `select t.id, t.title, t.category_id, t.language, t.status, t.updated_at,
         ts_headline('kb.folded', t.body_text, t.query, ?) as headline
       from (
         select c.*, ts_rank(c.search, c.query) as rank
         from (
           select distinct on (m.id) m.* from (
             select ${SUMMARY_COLUMNS}, a.body_text, a.search, q.query
             from ${source.from}, to_tsquery('kb.folded', ?) as q(query)
             where ${source.where} and ${filter.where} limit ?
           ) m order by m.id
         ) c
         order by rank desc, c.updated_at desc, c.id limit ?
       ) t order by t.rank desc, t.updated_at desc, t.id`,
      [HEADLINE_OPTIONS, tsquery, ...source.params, ...filter.params, RANKED_CANDIDATES, limit],
    );
  }

  /** The known words each prefix stands for (most used first), and in how many articles they are in all. */
  async function completions(prefixes: string[]): Promise<{ words: string[]; articles: number }[]> {
    return sql<{ words: string[]; articles: number }>(
      `select c.words, c.articles from unnest(?::text[]) with ordinality p(prefix, i),
         lateral (select coalesce(array_agg(x.word order by x.articles desc, x.word), '{}') as words, coalesce(sum(x.articles), 0)::integer as articles
                  from kb.completions(p.prefix, ?) x) c
       order by p.i`,
      [`{${prefixes.join(',')}}`, COMPLETIONS],
    );
  }

  /**
   * Each typed word with the known words it begins; a word of three letters or more that begins
   * none is replaced by the nearest known word (trigram similarity, then use). `corrected` when one was.
   */
  async function alternatives(words: string[]): Promise<{ options: string[][]; corrected: boolean }> {
    const known = await completions(words);
    const typos = words.filter((word, i) => known[i]!.words.length === 0 && word.length >= 3);
    const near = typos.length
      ? await sql<{ typed: string; words: string[] }>('select t as typed, array(select kb.near_words(t, ?)) as words from unnest(?::text[]) t', [
          CORRECTIONS_PER_WORD,
          `{${typos.join(',')}}`,
        ])
      : [];
    const nearOf = new Map(near.filter((n) => n.words.length).map((n) => [n.typed, n.words]));
    return {
      options: words.map((word, i) => nearOf.get(word) ?? [word, ...known[i]!.words]),
      corrected: nearOf.size > 0,
    };
  }

  /**
   * An email's terms that some article has, each with the known words its stem stands for and
   * whether they are common (a suggestion finds candidates by any rare stem, or two common ones
   * together: it needs two shared stems anyway, unless the email has only one).
   */
  async function completionsOfTerms(terms: EmailTerm[]) {
    if (terms.length === 0) return [];
    const known = await completions(terms.map((t) => t.stem));
    return terms
      .map((term, i) => ({ word: term.word, words: known[i]!.words, common: known[i]!.articles >= COMMON_STEM_ARTICLES }))
      .filter((s) => s.words.length > 0);
  }

  /**
   * The `limit` candidates that share the most stems with the email (at least two, unless it has
   * one), then by rank against `candidates`, of the first RANKED_CANDIDATES visible ones `from`
   * gives. `stemQueries` are the stems' tsqueries, in order; `shared` answers their indexes (from
   * 1). Every word in them is a known lexeme (kb.word), so they are cast, not parsed again. Ranking
   * reads the candidates' `search` only; the body is read for the snippets of the chosen ones.
   */
  async function suggested(from: CandidateSource[], stemQueries: string[], candidates: string, filter: Filter, limit: number) {
    const sources = from.map((source) => `select a.id, a.search from ${source.from} where ${source.where} and ${filter.where}`);
    return sql<HitRow & { shared: number[] }>(
      `select ${SUMMARY_COLUMNS}, ts_headline('kb.folded', a.body_text, ?::tsquery, ?) as headline, r.shared
       from (
         select c.id, c.shared, ts_rank(c.search, ?::tsquery, 1) as rank
         from (
           select m.id, m.search, array(select s.i::integer from unnest(?::tsquery[]) with ordinality s(q, i) where m.search @@ s.q order by s.i) as shared
           from (select distinct on (u.id) u.* from (${sources.join(' union all ')} limit ?) u order by u.id) m
         ) c
         where cardinality(c.shared) >= ?
         order by cardinality(c.shared) desc, rank desc, c.id limit ?
       ) r join kb.article a on a.id = r.id
       order by cardinality(r.shared) desc, r.rank desc, r.id`,
      [
        candidates,
        HEADLINE_OPTIONS,
        candidates,
        `{${stemQueries.map((q) => `"${q}"`).join(',')}}`,
        ...from.flatMap((source) => [...source.params, ...filter.params]),
        RANKED_CANDIDATES,
        Math.min(2, stemQueries.length),
        limit,
      ],
    );
  }

  return {
    async search(caller, query) {
      const words = searchWords(query.q);
      if (words.length === 0) return { items: [], correctedQuery: null };
      const filter = filters(caller, query);
      const { options, corrected } = await alternatives(words);
      const rows = await best(options, filter, query.limit ?? 10);
      return {
        items: rows.map((row) => ({ article: toSummary(row), snippet: snippetHtml(row.headline) })),
        correctedQuery: corrected ? options.map((o) => o[0]).join(' ') : null,
      };
    },

    async suggest(caller, query) {
      const counted = await completionsOfTerms(emailTerms(query.subject ?? '', query.text ?? ''));
      if (counted.length === 0) return { items: [] };
      const filter = filters(caller, query);
      const limit = query.limit ?? 5;
      const stemQueries = counted.map((s) => anyOf(s.words));
      const candidates = candidateTsquery(counted, COMMON_STEMS_PAIRED);
      const byTitle = await suggested(titleSources(titleCandidates(counted, COMMON_STEMS_PAIRED, PAIRED_WORDS)), stemQueries, candidates, filter, limit);
      const rows =
        byTitle.length < limit
          ? await suggested([{ from: 'kb.article a', where: 'a.search @@ ?::tsquery', params: [candidates] }], stemQueries, candidates, filter, limit)
          : byTitle;
      return {
        items: rows.map((row) => ({
          article: toSummary(row),
          terms: row.shared.map((i) => counted[i - 1]!.word),
          snippet: snippetHtml(row.headline),
        })),
      };
    },
  };
}

/** Decorates `app.searchRepository`. */
export const searchRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('searchRepository', createSearchRepository(app));
  },
  { name: 'search-repository', dependencies: ['switchboard-orm'] },
);
