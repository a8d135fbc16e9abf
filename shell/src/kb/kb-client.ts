import {
  kbApi,
  type Article,
  type ArticleList,
  type ArticleVersionList,
  type CategoryList,
  type CreateArticleBody,
  type PatchArticleBody,
} from '@switchboard/contracts';
import { ServiceClient, type ServiceClientOptions } from '@switchboard/widget-sdk';
import type { TokenBroker } from '../session/token-broker';

/** The knowledge-base calls of the shell's Knowledge base pages: reading, and editing for KB editors. */
export class KbClient {
  private readonly client: ServiceClient;

  constructor(tokens: Pick<TokenBroker, 'getToken'>, options?: ServiceClientOptions) {
    this.client = new ServiceClient({ serviceUrl: '/api/kb', getToken: () => tokens.getToken('kb') }, options);
  }

  /** One article. */
  article(id: string, signal?: AbortSignal): Promise<Article> {
    return this.client.call(kbApi.getArticle, { params: { id }, signal });
  }

  /** The newest articles (drafts too, for KB editors). */
  articles(signal?: AbortSignal): Promise<ArticleList> {
    return this.client.call(kbApi.listArticles, { query: { limit: 100 }, signal });
  }

  /** The category tree. */
  categories(signal?: AbortSignal): Promise<CategoryList> {
    return this.client.call(kbApi.listCategories, { signal });
  }

  /** Creates a draft. */
  create(body: CreateArticleBody): Promise<Article> {
    return this.client.call(kbApi.createArticle, { body });
  }

  /** Saves changes; a 409 `KB_VERSION_CONFLICT` when someone saved since `body.version`. */
  update(id: string, body: PatchArticleBody): Promise<Article> {
    return this.client.call(kbApi.updateArticle, { params: { id }, body });
  }

  /** Publishes, or with `published` false takes back to draft. */
  setPublished(id: string, version: number, published: boolean): Promise<Article> {
    return this.client.call(published ? kbApi.publishArticle : kbApi.unpublishArticle, { params: { id }, body: { version } });
  }

  /** The kept versions, newest first. */
  versions(id: string, signal?: AbortSignal): Promise<ArticleVersionList> {
    return this.client.call(kbApi.listArticleVersions, { params: { id }, signal });
  }

  /** Saves kept version `number`'s title and text as a new version; a 409 when someone saved since `current`. */
  restore(id: string, number: number, current: number): Promise<Article> {
    return this.client.call(kbApi.restoreArticleVersion, { params: { id, version: number }, body: { version: current } });
  }
}
