import type { Article, ArticleList, ArticleVersion, ArticleVersionList, CategoryList, CreateArticleBody, PatchArticleBody } from '@switchboard/contracts';
import { ApiError } from '@switchboard/widget-sdk';
import type { KbHomeClient } from '../elements/sb-kb-home-page';

let counter = 0;
const newId = () => `00000000-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`;

/** The knowledge base in memory for dom tests: articles, their versions, and the version check (409). */
export class MemoryKbClient implements KbHomeClient {
  readonly articlesById = new Map<string, Article>();
  readonly kept = new Map<string, ArticleVersion[]>();
  /** What each write received, in order. */
  readonly writes: unknown[] = [];

  constructor(
    articles: Article[] = [],
    readonly categoryList: CategoryList = { items: [] },
  ) {
    for (const a of articles) this._keep(a);
  }

  private _keep(article: Article): Article {
    this.articlesById.set(article.id, article);
    const { version, title, bodyHtml, status, updatedBy, updatedAt } = article;
    this.kept.set(article.id, [{ version, title, bodyHtml, status, updatedBy, updatedAt }, ...(this.kept.get(article.id) ?? [])]);
    return article;
  }

  private _current(id: string, version: number): Article {
    const article = this.articlesById.get(id);
    if (!article) throw new ApiError(404, 'ARTICLE_NOT_FOUND', 'No such article');
    if (article.version !== version) throw new ApiError(409, 'KB_VERSION_CONFLICT', 'The article changed', { current: article });
    return article;
  }

  /** Another editor's save: bumps the version behind the page's back. */
  changeElsewhere(id: string, title: string): void {
    const article = this.articlesById.get(id)!;
    this._keep({ ...article, title, version: article.version + 1 });
  }

  async article(id: string): Promise<Article> {
    const article = this.articlesById.get(id);
    if (!article) throw new ApiError(404, 'ARTICLE_NOT_FOUND', 'No such article');
    return article;
  }

  async articles(): Promise<ArticleList> {
    return { items: [...this.articlesById.values()].reverse() };
  }

  async categories(): Promise<CategoryList> {
    return this.categoryList;
  }

  async create(body: CreateArticleBody): Promise<Article> {
    this.writes.push(body);
    const now = new Date().toISOString();
    return this._keep({
      id: newId(),
      title: body.title,
      bodyHtml: body.bodyHtml,
      categoryId: body.categoryId ?? null,
      language: body.language,
      visibility: body.visibility ?? 'everyone',
      teamIds: body.teamIds ?? [],
      status: 'draft',
      version: 1,
      canEdit: true,
      createdAt: now,
      updatedAt: now,
      updatedBy: null,
      publishedAt: null,
    });
  }

  async update(id: string, body: PatchArticleBody): Promise<Article> {
    this.writes.push(body);
    const { version, ...changes } = body;
    const article = this._current(id, version);
    return this._keep({ ...article, ...changes, version: version + 1, categoryId: changes.categoryId ?? article.categoryId });
  }

  async setPublished(id: string, version: number, published: boolean): Promise<Article> {
    this.writes.push({ version, published });
    const article = this._current(id, version);
    return this._keep({ ...article, status: published ? 'published' : 'draft', version: version + 1 });
  }

  async versions(id: string): Promise<ArticleVersionList> {
    return { items: this.kept.get(id) ?? [] };
  }

  async restore(id: string, number: number, current: number): Promise<Article> {
    this.writes.push({ restore: number, version: current });
    const article = this._current(id, current);
    const kept = this.kept.get(id)?.find((v) => v.version === number);
    if (!kept) throw new ApiError(404, 'ARTICLE_VERSION_NOT_FOUND', 'No such version');
    return this._keep({ ...article, title: kept.title, bodyHtml: kept.bodyHtml, version: current + 1 });
  }
}
