import {
  kbApi,
  type Article,
  type ArticleHitList,
  type ArticleSearchQuery,
  type ArticleSuggestionList,
  type ArticleSuggestQuery,
  type HostApi,
} from '@switchboard/contracts';
import { ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';

/** The calls the Articles widget makes to the knowledge-base service. */
export interface ArticlesApi {
  /** `GET /articles/search` (A1). */
  search(query: ArticleSearchQuery, signal?: AbortSignal): Promise<ArticleHitList>;
  /** `GET /articles/suggest`: the best articles for an email and the words they share (A1). */
  suggest(query: ArticleSuggestQuery, signal?: AbortSignal): Promise<ArticleSuggestionList>;
  /** `GET /articles/:id` (A2). */
  getArticle(id: string, signal?: AbortSignal): Promise<Article>;
}

/** The knowledge-base service over HTTP, with a token for the kb audience on every call. */
export class HttpArticlesApi implements ArticlesApi {
  private readonly client: ServiceClient;

  constructor(host: Pick<HostApi, 'serviceUrl' | 'getToken'>, options?: ServiceClientOptions) {
    this.client = new ServiceClient(host, options);
  }

  search(query: ArticleSearchQuery, signal?: AbortSignal): Promise<ArticleHitList> {
    return this.client.call(kbApi.searchArticles, { query, signal });
  }

  suggest(query: ArticleSuggestQuery, signal?: AbortSignal): Promise<ArticleSuggestionList> {
    return this.client.call(kbApi.suggestArticles, { query, signal });
  }

  getArticle(id: string, signal?: AbortSignal): Promise<Article> {
    return this.client.call(kbApi.getArticle, { params: { id }, signal });
  }
}
