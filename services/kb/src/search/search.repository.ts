import type { ArticleHitList, ArticleSearchQuery, ArticleSuggestionList, ArticleSuggestQuery } from '@switchboard/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ARTICLE_VISIBLE, visibleParams, type KbCaller } from '../access';
import { SUMMARY_COLUMNS, toSummary, type ArticleRow } from '../articles/article-row';
import { candidateTsquery, emailTerms, prefixQuery, searchWords } from './search-words';
import { HEADLINE_OPTIONS, snippetHtml } from './snippet';

/** How many articles by rank a suggestion looks at before ordering them by shared terms. */
const SUGGEST_CANDIDATES = 50;

/**
 * A stem in at least this many articles is common: it finds candidates only together with
 * another one. Ranking reads every candidate, so a suggestion by common words alone would read a
 * large part of the knowledge base; rare words (the informative ones) are few rows each.
 */
const COMMON_STEM_ARTICLES = 1000;

/** How many common stems are paired up to find candidates (at most 15 pairs). */
const COMMON_STEMS_PAIRED = 6;

/** Nearest known words a typo is replaced by. */
const CORRECTIONS_PER_WORD = 3;

/** Search (A1): as the agent types, and for an email. */
export interface SearchRepository {
  /** Articles with every word as a prefix (title above body); a word no article has is replaced by the nearest known ones. */
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
   * The best `limit` visible articles for a tsquery, ranked, with a snippet of the body: among
   * those whose title matches when there are enough of them (a title match ranks above a body
   * match, and titles match far fewer rows), else among every match.
   */
  async function best(tsquery: string, filter: Filter, limit: number): Promise<HitRow[]> {
    const byTitle = await ranked('title_search', tsquery, filter, limit);
    return byTitle.length < limit ? ranked('search', tsquery, filter, limit) : byTitle;
  }

  /** The best `limit` visible articles whose `column` matches a tsquery, ranked by the whole text. */
  async function ranked(column: MatchColumn, tsquery: string, filter: Filter, limit: number): Promise<HitRow[]> {
    return sql<HitRow>(
      `select t.id, t.title, t.category_id, t.language, t.status, t.updated_at,
         ts_headline('kb.folded', t.body_text, t.query, ?) as headline
       from (
         select ${SUMMARY_COLUMNS}, a.body_text, q.query, ts_rank(a.search, q.query) as rank
         from kb.article a, to_tsquery('kb.folded', ?) as q(query)
         where a.${column} @@ q.query and ${filter.where}
         order by rank desc, a.updated_at desc, a.id limit ?
       ) t order by t.rank desc, t.updated_at desc, t.id`,
      [HEADLINE_OPTIONS, tsquery, ...filter.params, limit],
    );
  }

  /** Each word, or when no known word begins with it, the known words nearest to it (trigram similarity). */
  async function corrected(words: string[]): Promise<string[][]> {
    return Promise.all(
      words.map(async (word) => {
        const [known] = await sql<{ hit: boolean }>(`select exists (select 1 from kb.word where word like ? || '%') as hit`, [word]);
        if (known?.hit || word.length < 3) return [word];
        const near = await sql<{ word: string }>('select word from kb.near_words(?, ?) as word', [word, CORRECTIONS_PER_WORD]);
        return near.length ? near.map((n) => n.word) : [word];
      }),
    );
  }

  /**
   * The tsquery that finds an email's candidates: any rare stem, or two common ones together (a
   * suggestion needs two shared stems anyway, unless the email has only one).
   */
  async function candidateQuery(stems: string[]): Promise<string> {
    if (stems.length === 1) return `${stems[0]}:*`;
    const counted = await sql<{ stem: string; common: boolean }>(
      `select s as stem, (select count(*) from (select 1 from kb.article a where a.search @@ to_tsquery('kb.folded', s || ':*') limit ?) x) >= ? as common
       from unnest(?::text[]) s`,
      [COMMON_STEM_ARTICLES, COMMON_STEM_ARTICLES, `{${stems.join(',')}}`],
    );
    return candidateTsquery(counted, COMMON_STEMS_PAIRED);
  }

  /**
   * The `limit` candidates whose `column` matches that share the most stems with the email (at
   * least two, unless it has one), of the best by rank.
   */
  async function suggested(column: MatchColumn, stems: string[], candidates: string, filter: Filter, limit: number) {
    return sql<HitRow & { shared: string[] }>(
      `select c.id, c.title, c.category_id, c.language, c.status, c.updated_at,
         ts_headline('kb.folded', c.body_text, c.query, ?) as headline, c.shared
       from (
         select t.*, array(select s from unnest(?::text[]) s where t.search @@ to_tsquery('kb.folded', s || ':*')) as shared
         from (
           select ${SUMMARY_COLUMNS}, a.body_text, a.search, q.query, ts_rank(a.search, q.query, 1) as rank
           from kb.article a, to_tsquery('kb.folded', ?) as q(query)
           where a.${column} @@ q.query and ${filter.where}
           order by rank desc, a.id limit ?
         ) t
       ) c
       where cardinality(c.shared) >= ?
       order by cardinality(c.shared) desc, c.rank desc, c.id limit ?`,
      [HEADLINE_OPTIONS, `{${stems.join(',')}}`, candidates, ...filter.params, SUGGEST_CANDIDATES, Math.min(2, stems.length), limit],
    );
  }

  return {
    async search(caller, query) {
      const words = searchWords(query.q);
      if (words.length === 0) return { items: [], correctedQuery: null };
      const filter = filters(caller, query);
      const limit = query.limit ?? 10;
      let rows = await best(prefixQuery(words.map((w) => [w])), filter, limit);
      let correctedQuery: string | null = null;
      if (rows.length === 0) {
        const alternatives = await corrected(words);
        if (alternatives.some((options, i) => options[0] !== words[i])) {
          rows = await best(prefixQuery(alternatives), filter, limit);
          correctedQuery = alternatives.map((options) => options[0]).join(' ');
        }
      }
      return { items: rows.map((row) => ({ article: toSummary(row), snippet: snippetHtml(row.headline) })), correctedQuery };
    },

    async suggest(caller, query) {
      const terms = emailTerms(query.subject ?? '', query.text ?? '');
      if (terms.length === 0) return { items: [] };
      const filter = filters(caller, query);
      const stems = terms.map((t) => t.stem);
      const limit = query.limit ?? 5;
      const candidates = await candidateQuery(stems);
      const byTitle = await suggested('title_search', stems, candidates, filter, limit);
      const rows = byTitle.length < limit ? await suggested('search', stems, candidates, filter, limit) : byTitle;
      const wordOf = new Map(terms.map((t) => [t.stem, t.word]));
      return {
        items: rows.map((row) => ({ article: toSummary(row), terms: row.shared.map((s) => wordOf.get(s) ?? s), snippet: snippetHtml(row.headline) })),
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
