import type { Article, ArticleHitList, ArticleSearchQuery, ArticleSuggestionList, ArticleSuggestQuery, ArticleSummary } from '@switchboard/contracts';
import type { ArticlesApi } from '../articles-api';

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const words = (text: string) => fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
const summary = (a: Article): ArticleSummary => ({ id: a.id, title: a.title, categoryId: a.categoryId, language: a.language, status: a.status, updatedAt: a.updatedAt });

/** The Articles widget's API over a fixed list of articles, matching titles by folded words. */
export class MemoryArticlesApi implements ArticlesApi {
  /** The queries searched for, in order. */
  readonly searches: string[] = [];

  constructor(private readonly articles: Article[]) {}

  /** The emails suggestions were asked for, in order. */
  readonly suggested: ArticleSuggestQuery[] = [];

  async search(query: ArticleSearchQuery): Promise<ArticleHitList> {
    this.searches.push(query.q);
    const typed = words(query.q);
    const items = this.articles
      .filter((a) => typed.every((w) => words(a.title).some((t) => t.startsWith(w))))
      .map((a) => ({ article: summary(a), snippet: `<mark>${a.title.split(' ')[0]}</mark> &lt;snippet&gt;` }));
    return { items, correctedQuery: null };
  }

  /** Articles sharing title words (of four letters or more) with the email, most shared first. */
  async suggest(query: ArticleSuggestQuery): Promise<ArticleSuggestionList> {
    this.suggested.push(query);
    const email = new Set(words(`${query.subject ?? ''} ${query.text ?? ''}`).filter((w) => w.length >= 4));
    const items = this.articles
      .map((a) => ({ article: summary(a), terms: words(a.title).filter((w) => email.has(w)), snippet: '' }))
      .filter((s) => s.terms.length > 0)
      .sort((x, y) => y.terms.length - x.terms.length);
    return { items };
  }

  async getArticle(id: string): Promise<Article> {
    const article = this.articles.find((a) => a.id === id);
    if (!article) throw new Error(`No article ${id}`);
    return article;
  }
}
