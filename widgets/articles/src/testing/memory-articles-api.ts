import type { Article, ArticleHitList, ArticleSearchQuery } from '@switchboard/contracts';
import type { ArticlesApi } from '../articles-api';

/** The Articles widget's API over a fixed list of articles, matching titles by folded words. */
export class MemoryArticlesApi implements ArticlesApi {
  /** The queries searched for, in order. */
  readonly searches: string[] = [];

  constructor(private readonly articles: Article[]) {}

  async search(query: ArticleSearchQuery): Promise<ArticleHitList> {
    this.searches.push(query.q);
    const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const words = fold(query.q).split(/\s+/).filter(Boolean);
    const items = this.articles
      .filter((a) => words.every((w) => fold(a.title).split(/\W+/).some((t) => t.startsWith(w))))
      .map((a) => ({
        article: { id: a.id, title: a.title, categoryId: a.categoryId, language: a.language, status: a.status, updatedAt: a.updatedAt },
        snippet: `<mark>${a.title.split(' ')[0]}</mark> &lt;snippet&gt;`,
      }));
    return { items, correctedQuery: null };
  }

  async getArticle(id: string): Promise<Article> {
    const article = this.articles.find((a) => a.id === id);
    if (!article) throw new Error(`No article ${id}`);
    return article;
  }
}
